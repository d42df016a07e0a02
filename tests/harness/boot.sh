# shellcheck shell=bash
#
# Turns the first process of a new PID + mount namespace into init (run by
# h_start in tests/harness/lib.sh, by tests/try-it and tests/bench/cell.sh
# through h_boot_script):
#
#   bash boot.sh SYSROOT CONSOLE INIT [INIT-ARGS...]
#
# binds the host's /bin, /lib* and /usr read-only into SYSROOT, a few
# devices, CONSOLE as /dev/console, a devpts of its own and /proc, then
# chroots into SYSROOT and execs INIT with an empty environment but TERM
# and H_INIT_ENV (NAME=VALUE words without blanks).
set -e
R=$1; CONSOLE=$2; INIT=$3; shift 3
bind() { # SRC DST [ro]
	[ -e "$1" ] || return 0
	if [ -d "$1" ]; then mkdir -p "$2"; else : >"$2"; fi
	mount --bind "$1" "$2"
	[ "${3-}" != ro ] || mount -o remount,bind,ro "$2" 2>/dev/null || true
}
mount --make-rprivate / 2>/dev/null || true
for d in bin lib lib32 lib64 libx32; do
	[ -L "/$d" ] || [ ! -d "/$d" ] || bind "/$d" "$R/$d" ro
done
for d in /usr/*; do
	case $d in /usr/sbin|/usr/local) continue ;; esac
	[ -e "$R$d" ] && [ ! -d "$R$d" ] && continue
	[ -d "$R$d" ] && [ -n "$(ls -A "$R$d")" ] && continue
	bind "$d" "$R$d" ro
done
for n in null zero full random urandom tty; do bind "/dev/$n" "$R/dev/$n"; done
bind "$CONSOLE" "$R/dev/console"
mkdir -p "$R/dev/pts" "$R/dev/shm"
if mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$R/dev/pts" 2>/dev/null; then
	ln -sf pts/ptmx "$R/dev/ptmx"
fi
mount -t proc proc "$R/proc"
cd "$R"
# chroot lives in /usr/sbin, which a user's PATH often lacks.
CHROOT=$(PATH=$PATH:/usr/sbin:/sbin command -v chroot) || {
	echo "boot.sh: no chroot (coreutils) in PATH, /usr/sbin or /sbin" >&2
	exit 1
}
# What the kernel gives init: TERM, and the words of its command line
# that have an '=' (H_INIT_ENV: NAME=VALUE words without blanks).
exec env -i TERM=dumb ${H_INIT_ENV-} "$CHROOT" "$R" "$INIT" "$@"
