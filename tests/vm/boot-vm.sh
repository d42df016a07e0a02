#!/bin/bash
# tests/vm/boot-vm.sh: boot a real Linux kernel with our init as PID 1.
#
#   boot-vm.sh            the test (make check-vm): boot, log in on the
#                         serial line, change runlevel, power off
#   boot-vm.sh --interactive
#                         the same image with the serial console on this
#                         terminal (tests/try-it --vm); Ctrl-A x quits qemu
#
# It downloads Debian's linux-image-cloud-amd64 kernel and busybox-static
# with `apt-get download` into a cache (nothing is installed), builds an
# initramfs from the built init, telinit, runlevel and getty, busybox, the
# host's who(1) and the files in tests/vm/image/, and boots it under
# qemu-system-x86_64 (KVM when /dev/kvm boots a guest, else TCG emulation).
# Log in as root, password "initsuite".
#
# Environment (make check-vm sets the first four):
#   abs_top_builddir, abs_top_srcdir   the build and source trees
#   INITSUITE_SBINDIR, INITSUITE_SYSCONFDIR
#                      configure's directories: the image puts the programs
#                      and configuration where the binaries look for them
#   VM_CACHE           download cache (default $abs_top_builddir/tests/vm/cache)
#   VM_TIMEOUT         the test's overall deadline in seconds (default 110)
#   VM_ACCEL           force an accelerator: kvm or tcg
#
# Exit status: 0 pass, 1 fail, 77 skip (no qemu, no python3, or the
# packages cannot be downloaded), as automake's test drivers read it.
set -u
interactive=0
[ "${1:-}" = --interactive ] && interactive=1

skip() { echo "boot-vm: SKIP: $*" >&2; exit 77; }
fail() { echo "boot-vm: FAIL: $*" >&2; exit 1; }

: "${abs_top_builddir:?set abs_top_builddir (run make check-vm)}"
: "${abs_top_srcdir:?set abs_top_srcdir (run make check-vm)}"
sbindir=${INITSUITE_SBINDIR:-/sbin}
sysconfdir=${INITSUITE_SYSCONFDIR:-/etc}
here=$abs_top_srcdir/tests/vm
work=$abs_top_builddir/tests/vm
cache=${VM_CACHE:-$work/cache}

qemu=$(command -v qemu-system-x86_64) ||
	skip "qemu-system-x86_64 not found (Debian: apt-get install qemu-system-x86)"
command -v python3 >/dev/null || skip "python3 not found"
for tool in apt-get apt-cache dpkg-deb ldd timeout; do
	command -v "$tool" >/dev/null || skip "$tool not found: the image is built from Debian packages"
done
for prog in init/init telinit/telinit telinit/runlevel getty/getty; do
	[ -x "$abs_top_builddir/$prog" ] || fail "$abs_top_builddir/$prog is not built (run make first)"
done

# ---- the kernel and busybox, from Debian's archive, cached ----
# linux-image-cloud-amd64 is a metapackage: the kernel is in the versioned
# linux-image-*-cloud-amd64 it depends on.
fetch() {
	mkdir -p "$cache" || fail "cannot create $cache"
	local kpkg
	kpkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[^ ]*-cloud-amd64\)$/\1/p' | head -n1)
	[ -n "$kpkg" ] || skip "apt knows no linux-image-cloud-amd64 (run apt-get update; amd64 Debian only)"
	rm -rf "$cache/dl" && mkdir -p "$cache/dl" || fail "cannot create $cache/dl"
	echo "boot-vm: downloading $kpkg and busybox-static into $cache"
	# As root apt drops to the _apt user, who may not write here.
	# A deadline here too: a network that hangs must not hang the test.
	( cd "$cache/dl" && timeout 300 apt-get download -q -o APT::Sandbox::User=root "$kpkg" busybox-static ) ||
		skip "apt-get download $kpkg busybox-static failed or took over 300 s (no network?)"
	rm -rf "$cache/x" && mkdir -p "$cache/x" || fail "cannot create $cache/x"
	local deb
	for deb in "$cache"/dl/*.deb; do
		dpkg-deb -x "$deb" "$cache/x" || fail "dpkg-deb -x $deb failed"
	done
	local vmlinuz
	vmlinuz=$(ls "$cache"/x/boot/vmlinuz-* 2>/dev/null | head -n1)
	[ -n "$vmlinuz" ] || fail "no vmlinuz in $kpkg"
	[ -x "$cache/x/bin/busybox" ] || fail "no /bin/busybox in busybox-static"
	mv "$vmlinuz" "$cache/vmlinuz" && mv "$cache/x/bin/busybox" "$cache/busybox" || fail "cannot fill $cache"
	echo "$kpkg $(dpkg-deb -f "$cache"/dl/linux-image-*.deb Version)" >"$cache/kernel-version"
	rm -rf "$cache/dl" "$cache/x"
}
[ -f "$cache/vmlinuz" ] && [ -x "$cache/busybox" ] || fetch

# ---- the image ----
root=$work/root
rm -rf "$root" && mkdir -p "$root" || fail "cannot create $root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,run,tmp,root,var/log,lib64} \
	"$root$sbindir" "$root$sysconfdir"
chmod 1777 "$root/tmp"
ln -s ../run "$root/var/run"

# Copy an executable and every shared library ldd names (plus the loader)
# to the same paths in the image.
install_elf() { # SOURCE DEST
	cp -L "$1" "$root$2" || fail "cannot copy $1"
	local lib
	for lib in $(ldd "$1" | sed -n -e 's/.*=> \(\/[^ ]*\) .*/\1/p' -e 's/^[[:space:]]*\(\/[^ ]*\) .*/\1/p'); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")" && cp -L "$lib" "$root$lib" || fail "cannot copy $lib"
	done
}
install_elf "$abs_top_builddir/init/init" "$sbindir/init"
install_elf "$abs_top_builddir/telinit/telinit" "$sbindir/telinit"
install_elf "$abs_top_builddir/telinit/runlevel" "$sbindir/runlevel"
install_elf "$abs_top_builddir/getty/getty" "$sbindir/getty"
ln -s "$sbindir/init" "$root/init"
# busybox's who has no -r; the host's (coreutils) has.
who=$(command -v who) && install_elf "$who" /usr/bin/who

cp "$cache/busybox" "$root/bin/busybox"
# busybox for the shell and the tools, but not where our programs go;
# vm.py cpio makes the links.
"$cache/busybox" --list-full | grep -Ev '(^|/)(init|linuxrc|getty|telinit|runlevel|who)$' \
	>"$work/applets" || fail "cannot list busybox's applets"

subst() { sed -e "s|@SBINDIR@|$sbindir|g" -e "s|@SYSCONFDIR@|$sysconfdir|g" "$1"; }
subst "$here/image/inittab" >"$root$sysconfdir/inittab"
cp "$here/image/gettydefs" "$here/image/issue" "$root$sysconfdir/"
cp "$here/image/rc.vm" "$root$sysconfdir/rc.vm" && chmod 755 "$root$sysconfdir/rc.vm"
cp "$here/image/kill-getty" "$root/usr/bin/kill-getty" && chmod 755 "$root/usr/bin/kill-getty" ||
	fail "cannot install kill-getty"
cp "$here/image/profile" "$here/image/passwd" "$here/image/group" "$here/image/shadow" "$root/etc/"
chmod 600 "$root/etc/shadow"
: >"$root/var/run/utmp"
: >"$root/var/log/wtmp"

# Catch a broken inittab or gettydefs here, not as a silent boot.
"$abs_top_builddir/init/init" --check "$root$sysconfdir/inittab" >"$work/inittab.check" 2>&1 ||
	{ cat "$work/inittab.check"; fail "init --check refuses the image's inittab"; }
"$abs_top_builddir/getty/getty" -c "$root$sysconfdir/gettydefs" >"$work/gettydefs.check" 2>&1 ||
	{ cat "$work/gettydefs.check"; fail "getty -c refuses the image's gettydefs"; }

python3 "$here/vm.py" cpio --links-to /bin/busybox "$root" "$work/initramfs.gz" <"$work/applets" ||
	fail "cannot build the initramfs"

# ---- boot ----
. "$here/accel.sh"
accel=$(choose_accel "${VM_ACCEL:-}" "$qemu" "$cache/vmlinuz" "$work/kvm-probe.log" boot-vm)
# The kernel takes every word of this line; init sees none of them.
append="console=ttyS0,115200 rdinit=$sbindir/init quiet panic=-1"
qemu_args=(-machine pc -m 256M -smp 1 -nodefaults -no-user-config -display none -no-reboot
	-kernel "$cache/vmlinuz" -initrd "$work/initramfs.gz" -append "$append")
# shellcheck disable=SC2207  # two or four words, none with blanks
qemu_args+=($(accel_args "$accel"))
echo "boot-vm: $(cat "$cache/kernel-version" 2>/dev/null), accel $accel, image $work/initramfs.gz"

if [ $interactive -eq 1 ]; then
	echo "boot-vm: log in as root, password initsuite; telinit 0 powers off; Ctrl-A x quits qemu"
	exec "$qemu" "${qemu_args[@]}" -serial mon:stdio
fi
exec python3 "$here/vm.py" drive --log "$work/serial.log" --sbindir "$sbindir" \
	--timeout "${VM_TIMEOUT:-110}" -- "$qemu" "${qemu_args[@]}" -serial stdio
