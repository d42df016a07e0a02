# shellcheck shell=bash
#
# The integration tests' harness.  It boots the real, freshly built init
# as PID 1 of a new PID + mount namespace (plus a user namespace when not
# root), chrooted into a throwaway sysroot that holds our programs, the
# host's /usr read-only, a console that is a plain log file (or a
# pseudo-terminal: h_pty_console), and its own /run, /var and /etc; and it
# runs getty on the host on pseudo-terminals that tests/tools/ptydrive
# makes, the test playing the user (h_getty_setup, h_drive).  Nothing on
# the host changes.
#
# Every test has one scratch directory, $H_T, made by h_begin (which
# h_setup and h_getty_setup call), and one EXIT trap, h_teardown: run on
# every exit, also on failure or timeout, it stops what the test started
# (the namespace, the pty relay, the watchdog) and removes $H_T.
#
# Failures, one style for every test (messages "NAME.sh: FAIL: ..."):
#   h_fail MSG     a failure that ends the test at once (exit 1)
#   h_error MSG    a failure recorded in H_FAILURES; the test goes on
#   h_ok MSG       a part of the test passed (a log line only)
#   h_pass         the end of every test: PASS (exit 0), or FAIL (exit 1)
#                  when h_error recorded failures
#   h_skip MSG     exit 77 (SKIP), or FAIL when failures were recorded
# (h_teardown turns an exit 0 or 77 into 1 when failures were recorded.)
#
# Use:   . "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"
#        h_setup
#        h_inittab <<'EOF' ... EOF
#        h_start
#        h_wait "marker" 10 h_exists /tmp/marker
#        h_pass
# or, for getty on a pseudo-terminal of the host:
#        h_getty_setup
#        cat >"$H_T/NAME.script" <<'EOF' ... EOF
#        h_drive NAME -- "$H_GETTY" ... -l "$H_T/fake-login" @PTY@ || h_error "NAME"
#        h_login_has 'argv[2]=alice'
#        h_pass
#
# Paths inside the sysroot follow the ones compiled into the programs;
# make check passes them in INITSUITE_* variables (defaults: a system
# configured with --sbindir=/sbin --sysconfdir=/etc --runstatedir=/run).

H_SBINDIR=${INITSUITE_SBINDIR:-/sbin}
H_SYSCONFDIR=${INITSUITE_SYSCONFDIR:-/etc}
H_RUNSTATEDIR=${INITSUITE_RUNSTATEDIR:-/run}
H_BUILDDIR=${abs_top_builddir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
H_SRCDIR=${abs_top_srcdir:-$H_BUILDDIR}
H_HARNESS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)   # this file's helpers
# The programs the getty tests run, from the build and source trees.
H_GETTY=$H_BUILDDIR/getty/getty
H_PTYDRIVE=$H_BUILDDIR/tests/tools/ptydrive
H_PTYFAULT=$H_BUILDDIR/tests/tools/ptyfault
H_FAKE_LOGIN=$H_SRCDIR/tests/tools/fake-login
H_TIMEOUT_ENV=${H_TIMEOUT-}
H_TIMEOUT=${H_TIMEOUT:-120}     # the whole test, in seconds
# h_timeout SECONDS (before h_setup): a longer limit for a test that needs
# one, unless H_TIMEOUT came from the environment.
h_timeout() { [ -n "$H_TIMEOUT_ENV" ] || H_TIMEOUT=$1; }

H_T= H_ROOT= H_UNSHARE= H_PID= H_WATCHDOG= H_PTY_RELAY= H_SYSLOGD= H_HELPERS=
H_FAILURES=0   # failures h_error recorded
# The file h_console reads: what was written to init's console.  h_setup
# sets it ($H_T/console, a plain file that is the console); h_pty_console
# changes it ($H_T/pty.log, the log of a pseudo-terminal's other end).
H_CONSOLE_LOG=
H_USERNS=()
[ "$(id -u)" -eq 0 ] || H_USERNS=(--user --map-root-user)

h_log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

# Fail the test: say why, show what the console saw, and exit (teardown
# runs from the EXIT trap).
h_fail()
{
	h_log "FAIL: $*"
	if [ -n "$H_CONSOLE_LOG" ] && [ -f "$H_CONSOLE_LOG" ]; then
		echo "---- console (last 40 lines) ----" >&2
		tail -n 40 "$H_CONSOLE_LOG" >&2
		echo "---------------------------------" >&2
	fi
	exit 1
}

# Record a failure and go on: the test ends as FAIL (h_pass says so).
h_error() { h_log "FAIL: $*"; H_FAILURES=$((H_FAILURES + 1)); }
h_ok() { h_log "ok: $*"; }

# A skip must not hide a failure recorded before it.
h_skip()
{
	[ "$H_FAILURES" -eq 0 ] || { h_log "not skipped ($*): $H_FAILURES failure(s) before"; exit 1; }
	h_log "SKIP: $*"
	exit 77
}

# h_built FILE...: exit 99 (automake's hard ERROR) unless all are built.
h_built()
{
	local f
	for f; do
		[ -x "$f" ] || { h_log "ERROR: missing $f: build it first"; exit 99; }
	done
}

# Exit 77 (automake's SKIP) only when this machine cannot make the
# namespaces at all; anything else that goes wrong is a failure.
h_require_namespaces()
{
	command -v unshare >/dev/null && command -v nsenter >/dev/null ||
		h_skip "unshare/nsenter (util-linux) not installed"
	unshare "${H_USERNS[@]}" --pid --fork --mount --kill-child true 2>/dev/null ||
		h_skip "this machine allows no PID + mount namespace for $(id -un)"
}

# The EXIT trap.  Its status is the test's: the one it exited with, or 1
# when failures were recorded and it would have passed or skipped.
h_teardown()
{
	local rc=$?
	if [ "$H_FAILURES" -ne 0 ] && { [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ]; }; then
		h_log "FAIL: $H_FAILURES failure(s)"
		rc=1
	fi
	# The watchdog's sleep too, or it outlives the test.
	[ -n "$H_WATCHDOG" ] && { pkill -P "$H_WATCHDOG" sleep; kill "$H_WATCHDOG"; } 2>/dev/null
	[ -z "$H_PTY_RELAY" ] || kill "$H_PTY_RELAY" 2>/dev/null
	[ -z "$H_SYSLOGD" ] || kill "$H_SYSLOGD" 2>/dev/null
	# shellcheck disable=SC2086
	[ -z "$H_HELPERS" ] || kill $H_HELPERS 2>/dev/null
	h_kill_init
	if [ -n "$H_T" ] && [ -d "$H_T" ]; then
		# The bind mounts live only in the dead namespace, so this
		# removes our files and nothing of the host's.
		rm -rf --one-file-system "$H_T" 2>/dev/null ||
			{ chmod -R u+rwX "$H_T" 2>/dev/null; rm -rf --one-file-system "$H_T"; }
	fi
	H_T= H_CONSOLE_LOG=
	return $rc
}

# SIGKILL to PID 1 of a PID namespace takes every process in it along,
# but not at once: the kernel reaps the namespace's processes before PID 1
# itself is reaped, and unshare --fork exits only after it.  Waiting for
# unshare (not killing it) is what makes "the sandbox is gone" true on
# return: nothing of it still runs its /sbin/init (a new copy would fail
# with ETXTBSY) or writes to its files.  Slow under ASan on a loaded
# machine, so bounded by a minute rather than hoped for.
h_kill_init()
{
	local child=$H_PID i
	[ -z "$H_PID" ] || kill -KILL "$H_PID" 2>/dev/null
	if [ -n "$H_UNSHARE" ]; then
		if [ -z "$child" ]; then
			# No init found: take unshare's child, whatever it runs.
			child=$(cat "/proc/$H_UNSHARE/task/$H_UNSHARE/children" 2>/dev/null)
			child=${child%% *}
			[ -z "$child" ] || kill -KILL "$child" 2>/dev/null
		fi
		for ((i = 0; i < 3000; i++)); do
			h_gone "$H_UNSHARE" && { [ -z "$child" ] || h_gone "$child"; } && break
			sleep 0.02
		done
		kill -KILL "$H_UNSHARE" 2>/dev/null
		wait "$H_UNSHARE" 2>/dev/null
	fi
	H_PID= H_UNSHARE=
}

# True once PID has exited (gone, or a zombie nobody reaped yet).
h_gone()
{
	[ ! -d "/proc/$1" ] || grep -q '^State:.*[ZX]' "/proc/$1/status" 2>/dev/null
}

# The test's scratch directory $H_T, the EXIT trap that removes it, and
# the watchdog that ends the test after H_TIMEOUT seconds.  Once a test.
h_begin()
{
	[ -z "$H_T" ] || return 0
	H_T=$(mktemp -d "${TMPDIR:-/tmp}/initsuite-test.XXXXXX") || h_fail "mktemp"
	trap 'h_teardown; exit $?' EXIT
	trap 'h_fail "interrupted"' INT TERM
	( sleep "$H_TIMEOUT" && kill -TERM $$ ) >/dev/null 2>&1 &
	H_WATCHDOG=$!
}

# Make the sysroot, $H_T/root.  Programs come from the build tree; the
# host's /usr is bound read-only at start, so tests can use /bin/sh and
# coreutils.
h_setup()
{
	h_require_namespaces
	h_begin
	H_ROOT=$H_T/root
	H_CONSOLE_LOG=$H_T/console
	: >"$H_CONSOLE_LOG"
	chmod 0666 "$H_CONSOLE_LOG"

	local d
	mkdir -p "$H_ROOT"/{usr,dev,etc,proc,tmp,var/log,root} \
		"$H_ROOT$H_SBINDIR" "$H_ROOT$H_SYSCONFDIR" ||
		h_fail "cannot make the sysroot"
	chmod 1777 "$H_ROOT/tmp"
	# Configured elsewhere (make distcheck): /run leads to the configured
	# directory, so that tests, glibc's utmp path and sysvinit's own tools
	# meet init's FIFO where they look for it.
	case $H_RUNSTATEDIR in
	/run | /var/run) mkdir -p "$H_ROOT/run" ;;
	*) ln -s "${H_RUNSTATEDIR#/}" "$H_ROOT/run" ;;
	esac
	ln -s ../run "$H_ROOT/var/run"
	mkdir -p "$H_ROOT$H_RUNSTATEDIR" || h_fail "cannot make $H_RUNSTATEDIR in the sysroot"
	for d in bin lib lib32 lib64 libx32; do
		if [ -L "/$d" ]; then
			ln -s "$(readlink "/$d")" "$H_ROOT/$d"
		elif [ -d "/$d" ]; then
			mkdir -p "$H_ROOT/$d"
		fi
	done
	# /sbin must be ours even on a merged-/usr host.
	[ -e "$H_ROOT/sbin" ] || mkdir -p "$H_ROOT/sbin"
	for d in init telinit runlevel getty; do
		local p
		for p in "$H_BUILDDIR/init/$d" "$H_BUILDDIR/telinit/$d" "$H_BUILDDIR/getty/$d"; do
			[ -x "$p" ] && cp "$p" "$H_ROOT$H_SBINDIR/$d" && break
		done
	done
	[ -x "$H_ROOT$H_SBINDIR/init" ] || h_fail "no built init under $H_BUILDDIR"
	# Configured elsewhere (make distcheck): inittabs that name /sbin/getty
	# still find ours.
	if [ "$H_SBINDIR" != /sbin ]; then
		for d in init telinit runlevel getty; do
			[ -e "$H_ROOT$H_SBINDIR/$d" ] && ln -s "$H_SBINDIR/$d" "$H_ROOT/sbin/$d"
		done
	fi
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' \
		>"$H_ROOT/etc/passwd"
	printf 'root:x:0:\nutmp:x:43:\nnogroup:x:65534:\n' >"$H_ROOT/etc/group"
}

# The script that turns the new namespace's first process into init
# (tests/harness/boot.sh), for those who start the namespace themselves.
h_boot_script() { cat "$H_HARNESS/boot.sh"; }

# After h_setup, before h_start: the console is a pseudo-terminal whose
# other end (tests/harness/ptyrelay.py) logs what is written to it into
# $H_T/pty.log and never types anything.  h_console reads that log.
h_pty_console()
{
	command -v python3 >/dev/null || h_fail "no python3 (apt-get install python3): it holds the pseudo-terminal"
	python3 "$H_HARNESS/ptyrelay.py" "$H_T/pty.name" "$H_T/pty.log" </dev/null &
	H_PTY_RELAY=$!
	h_wait "the pseudo-terminal" 10 test -s "$H_T/pty.name"
	: >"$H_T/pty.log"
	rm -f "$H_T/console"
	ln -s "$(cat "$H_T/pty.name")" "$H_T/console"
	H_CONSOLE_LOG=$H_T/pty.log
}

# Boot init (arguments go to init, as from the kernel command line; its
# environment is TERM=dumb and H_INIT_ENV) and wait until it listens on
# its FIFO.
h_start()
{
	[ -f "$H_ROOT$H_SYSCONFDIR/inittab" ] || h_log "note: booting with no inittab"
	# The sandbox's syslog, so that what init says there alone can be
	# checked (h_syslog_has).
	if [ -z "$H_SYSLOGD" ] && command -v python3 >/dev/null; then
		: >"$H_T/syslog"
		python3 "$H_HARNESS/syslog.py" "$H_ROOT/dev/log" "$H_T/syslog" </dev/null &
		H_SYSLOGD=$!
		h_wait "the sandbox's syslog" 10 test -S "$H_ROOT/dev/log"
	fi
	H_INIT_ENV=${H_INIT_ENV-} unshare "${H_USERNS[@]}" --pid --fork --mount --uts --ipc --kill-child \
		bash "$H_HARNESS/boot.sh" "$H_ROOT" "$H_T/console" \
		"$H_SBINDIR/init" "$@" </dev/null >>"$H_T/boot.log" 2>&1 &
	H_UNSHARE=$!
	h_wait "init to start" 30 h_find_init
	h_wait "init's FIFO" 30 test -p "$H_ROOT$H_RUNSTATEDIR/initctl"
}

# Sets H_PID to init's pid as the host sees it.
h_find_init()
{
	local c
	kill -0 "$H_UNSHARE" 2>/dev/null || h_fail "the namespace died at once: $(cat "$H_T/boot.log")"
	c=$(cat "/proc/$H_UNSHARE/task/$H_UNSHARE/children" 2>/dev/null) || return 1
	c=${c%% *}
	[ -n "$c" ] || return 1
	[ "$(readlink "/proc/$c/exe" 2>/dev/null)" = "$H_ROOT$H_SBINDIR/init" ] || return 1
	H_PID=$c
}

# True while init (the namespace's PID 1) is alive.
h_alive()
{
	[ -n "$H_PID" ] && ! h_gone "$H_PID"
}

# Run a command inside the namespace, as its root, in the sysroot.
h_exec()
{
	local u=()
	[ ${#H_USERNS[@]} -eq 0 ] || u=(-U --preserve-credentials)
	nsenter -t "$H_PID" "${u[@]}" -p -m -r -w -- env -i PATH=/sbin:/usr/sbin:/bin:/usr/bin "$@"
}

h_telinit() { h_exec "$H_SBINDIR/telinit" "$@"; }

# h_wait WHAT SECONDS COMMAND...: poll until COMMAND succeeds; fail the
# test when SECONDS pass.  Polling with a deadline, never a fixed sleep.
h_wait()
{
	local what=$1 secs=$2
	shift 2
	local deadline=$(($(date +%s%N) + secs * 1000000000))
	until "$@"; do
		[ "$(date +%s%N)" -lt $deadline ] || h_fail "timed out after ${secs}s waiting for $what"
		sleep 0.02
	done
}

# File tests relative to the sysroot.
h_exists() { [ -e "$H_ROOT$1" ]; }
h_cat() { cat "$H_ROOT$1"; }
h_write() { cat >"$H_ROOT$1"; }   # h_write /etc/x <<EOF

h_inittab() { h_write "$H_SYSCONFDIR/inittab"; }

h_console() { cat "$H_CONSOLE_LOG"; }
# Debian's sysvinit 3.06 binaries (package sysvinit-core, fetched once
# with apt-get download into the build tree's cache, never installed)
# unpacked into the sysroot's /opt/sysvinit, whose path H_SYSVINIT holds.
# SKIP when the package cannot be had.
h_sysvinit()
{
	local cache=$H_BUILDDIR/tests/cache deb
	mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ] || cache=$H_T
	deb=$(ls "$cache"/sysvinit-core_*.deb 2>/dev/null | head -n1)
	if [ -z "$deb" ]; then
		( cd "$cache" && apt-get download sysvinit-core >/dev/null 2>&1 )
		deb=$(ls "$cache"/sysvinit-core_*.deb 2>/dev/null | head -n1)
		[ -n "$deb" ] || h_skip "cannot fetch sysvinit-core with apt-get download"
	fi
	rm -rf "$H_T/sysvinit"
	dpkg-deb -x "$deb" "$H_T/sysvinit" || h_fail "cannot unpack $deb"
	H_SYSVINIT=/opt/sysvinit
	mkdir -p "$H_ROOT$H_SYSVINIT"
	cp -a "$H_T/sysvinit/sbin/." "$H_ROOT$H_SYSVINIT/"
}

# h_helper PID: a background helper of the test's, ended at teardown.
h_helper() { H_HELPERS="$H_HELPERS $1"; }

# What init sent to syslog (tests/harness/syslog.py).
h_syslog_has() { grep -q -- "$1" "$H_T/syslog" 2>/dev/null; }
h_wait_syslog() { h_wait "\"$1\" in syslog" "${2:-10}" h_syslog_has "$1"; }
h_console_has() { grep -q -- "$1" "$H_CONSOLE_LOG"; }
h_wait_console() { h_wait "\"$1\" on the console" "${2:-10}" h_console_has "$1"; }

# utmp and wtmp as the host's tools read them.
h_utmp() { echo "$H_ROOT/run/utmp"; }
# h_lock_utmp: utmp locked from outside (as glibc's readers and writers
# lock it) until the test kills $H_LOCKER; returns once the lock is held.
h_lock_utmp()
{
	command -v python3 >/dev/null || h_fail "no python3 (apt-get install python3): it holds a lock on utmp"
	python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "r+b")
fcntl.lockf(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(120)' "$(h_utmp)" "$H_T/utmp-locked" &
	H_LOCKER=$!
	h_wait "the lock on utmp" 10 test -e "$H_T/utmp-locked"
}
h_wtmp() { echo "$H_ROOT/var/log/wtmp"; }
# The current runlevel as `who -r` reports it from our utmp ("2"), or "".
h_runlevel() { LC_ALL=C who -r "$(h_utmp)" 2>/dev/null | sed -n 's/.*run-level \(.\).*/\1/p'; }
h_runlevel_is() { [ "$(h_runlevel)" = "$1" ]; }

# Processes in the namespace whose command line matches a pattern.
h_pids_of() { pgrep --ns "$H_PID" --nslist pid -f -- "$1" | grep -vx "$H_PID"; }
h_running() { [ -n "$(h_pids_of "$1")" ]; }
h_not_running() { [ -z "$(h_pids_of "$1")" ]; }
# init's spawner (the process that makes its children) has left: it
# does, a second after the last start.
h_spawner_gone() { ! ps --ppid "$H_PID" -o comm= | grep -qx 'init-spawner'; }

h_assert() { "$@" || h_fail "assertion failed: $*"; }

# h_flip_level AFTER [IS]: proof that init still serves requests after
# AFTER: telinit flips the runlevel 2 <-> 3 and the change takes effect,
# as IS LEVEL tells (default h_runlevel_is, which reads utmp).
h_flip_level()
{
	local is=${2:-h_runlevel_is} to=3
	"$is" 3 && to=2
	h_telinit "$to" || h_fail "after $1: telinit $to failed"
	h_wait "after $1: runlevel $to" 15 "$is" "$to"
	h_assert h_alive
}

# The end of a test: PASS, unless h_error recorded failures.
h_pass()
{
	if [ "$H_FAILURES" -ne 0 ]; then
		h_log "FAIL: $H_FAILURES failure(s)"
		exit 1
	fi
	h_log "PASS"
	exit 0
}

# getty on the host, on pseudo-terminals ptydrive makes: no namespace, so
# these tests never skip.  h_getty_setup (instead of h_setup; a test may
# call h_setup afterwards too) checks that getty and ptydrive are built,
# makes $H_T and sets:
#   $H_T/fake-login   tests/tools/fake-login, the stand-in for login, which
#                     records how getty ran it in $GETTY_TEST_OUT
#   GETTY_TEST_OUT    $H_T/login.out (exported, as those below)
#   GETTY_ERROR_DELAY 0: getty's fatal errors end it at once
#   GETTY_UTMP, GETTY_WTMP  in $H_T, not the machine's
#   H_NODE            the node name getty shows (\n, the prompt)
h_getty_setup()
{
	h_built "$H_GETTY" "$H_PTYDRIVE"
	h_begin
	cp "$H_FAKE_LOGIN" "$H_T/fake-login" && chmod +x "$H_T/fake-login" || h_fail "copy fake-login"
	export GETTY_TEST_OUT=$H_T/login.out
	export GETTY_ERROR_DELAY=0
	: >"$H_T/utmp"
	export GETTY_UTMP=$H_T/utmp GETTY_WTMP=$H_T/wtmp
	H_NODE=$(uname -n)
}

# h_drive NAME [ptydrive options...] -- COMMAND...: run COMMAND on a new
# pseudo-terminal (@PTY@ in its arguments), tests/tools/ptydrive playing
# the user from the script $H_T/NAME.script, every step with a deadline;
# what the terminal showed goes to $H_T/NAME.transcript.  True when every
# step of the script passed.
h_drive()
{
	local name=$1 opts=()
	shift
	while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	"$H_PTYDRIVE" "${opts[@]}" -o "$H_T/$name.transcript" "$H_T/$name.script" "$@"
}

# h_login_has LINE: the fake login recorded exactly this line (else a
# failure is recorded, with the record).
h_login_has()
{
	grep -qxF -- "$1" "$GETTY_TEST_OUT" ||
		{ h_error "login record lacks '$1'"; cat "$GETTY_TEST_OUT" >&2 2>/dev/null; }
}

# h_stty_has WORD: the line's modes at login included this stty word.
h_stty_has()
{
	local modes
	modes=$(sed -n 's/^stty://p' "$GETTY_TEST_OUT")
	{ tr ';' '\n' <<<"$modes" | sed 's/^ *//; s/ *$//'; tr ' ;' '\n\n' <<<"$modes"; } \
		| grep -qxF -- "$1" || h_error "stty at login lacks '$1'"
}
