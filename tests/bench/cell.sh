#!/bin/bash
# One cell of the benchmark table: boot INIT (ours, sysvinit, busybox, or
# floor for workload 1's floor program) as PID 1 of a throwaway namespace
# sandbox (tests/harness/lib.sh), run WORKLOAD once and print
# "KEY VALUE" lines (nanoseconds, counts or kB), or "KEY n/a" where INIT
# cannot do the workload.
#
# Usage: cell.sh INIT WORKLOAD
# Environment: abs_top_builddir, abs_top_srcdir, INITSUITE_* as for
# make check; BENCH_PEERS (the unpacked packages), BENCH_IDLE (seconds).
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

INIT=$1 W=$2
PEERS=${BENCH_PEERS:?BENCH_PEERS names the unpacked peer packages}
IDLE=${BENCH_IDLE:-30}
H_TIMEOUT=$((IDLE + 300))
TOOL=/opt/bench/benchtool
# Where each init reads its inittab and listens: sysvinit's and
# busybox's paths are fixed, ours follow configure.
TAB=/etc/inittab FIFO=/run/initctl TELINIT=
b_log() { printf 'cell %s/%s: %s\n' "$INIT" "$W" "$*" >&2; }

# lib.sh's watchdog is a subshell whose sleep keeps our stdout open long
# after we exit, and bench.sh reads that stdout to its end: this one
# takes its sleep along when teardown kills it.
b_watchdog()
{
	local s
	sleep "$H_TIMEOUT" </dev/null >/dev/null 2>&1 &
	s=$!
	trap 'kill "$s" 2>/dev/null; exit 0' TERM
	wait "$s" && kill -TERM $$
}

b_setup()
{
	h_setup
	pkill -P "$H_WATCHDOG" -x sleep
	kill "$H_WATCHDOG" 2>/dev/null
	b_watchdog </dev/null >/dev/null 2>&1 &
	H_WATCHDOG=$!
	mkdir -p "$H_ROOT/opt/bench" "$H_ROOT/etc"
	cp "$H_BUILDDIR/tests/bench/benchtool" "$H_BUILDDIR/tests/bench/floor" "$H_ROOT/opt/bench/" ||
		h_fail "no tests/bench/benchtool or floor in $H_BUILDDIR (make bench builds them)"
	case $INIT in
	ours|floor)
		TAB=$H_SYSCONFDIR/inittab FIFO=$H_RUNSTATEDIR/initctl
		TELINIT=$H_SBINDIR/telinit ;;
	sysvinit)
		# Run as anything but PID 1, sysvinit's init is its telinit.
		cp "$PEERS/sysvinit/sbin/init" "$H_ROOT$H_SBINDIR/init" || h_fail "no sysvinit in $PEERS"
		mkdir -p "$H_ROOT/opt/sysvinit"
		cp "$PEERS/sysvinit/sbin/init" "$H_ROOT/opt/sysvinit/telinit"
		TELINIT=/opt/sysvinit/telinit ;;
	busybox)
		# busybox picks its applet from argv[0]: /sbin/init is init.
		cp "$PEERS/busybox/bin/busybox" "$H_ROOT$H_SBINDIR/init" || h_fail "no busybox in $PEERS" ;;
	*) h_fail "unknown init $INIT" ;;
	esac
}

# The inittab, from lines in sysvinit's syntax on stdin.  busybox has no
# runlevels and takes the id field as a tty, so it gets `::ACTION:CMD`
# of the default level's entries (levels empty or containing 2).
b_inittab()
{
	if [ "$INIT" = busybox ]; then
		awk -F: '$3 != "initdefault" && ($2 == "" || $2 ~ /2/) {
			cmd = $4; for (i = 5; i <= NF; i++) cmd = cmd ":" $i
			print "::" $3 ":" cmd }' >"$H_ROOT$TAB"
	else
		cat >"$H_ROOT$TAB"
	fi
}

# Like h_start, without waiting for a FIFO (busybox has none).
b_start()
{
	unshare "${H_USERNS[@]}" --pid --fork --mount --uts --ipc --kill-child \
		bash -c "$(h_boot_script)" boot "$H_ROOT" "$H_T/console" \
		"$H_SBINDIR/init" </dev/null >>"$H_T/boot.log" 2>&1 &
	H_UNSHARE=$!
	h_wait "init to start" 20 h_find_init
}

b_tool() { "$H_BUILDDIR/tests/bench/benchtool" "$@"; }
# The latest of N stamps in a file of the sysroot, once all are there.
b_stamps() { b_tool lines "$H_ROOT$1" "$2" "${3:-120}" || h_fail "waiting for $2 stamps in $1"; }
b_status() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$H_PID/status"; }

# N inittab lines: ID-PREFIX N LEVELS ACTION COMMAND (ids are the prefix
# and a 3-digit number, so at most 1000 per prefix).
b_entries()
{
	local i
	for ((i = 0; i < $2; i++)); do
		printf '%s%03d:%s:%s:%s\n' "$1" "$i" "$3" "$4" "$5"
	done
}

case $W in
1)	# 1000 sequential wait entries, between two stamps.
	b_setup
	if [ "$INIT" = floor ]; then
		b_inittab <<<"id:2:initdefault:"
		b_start
		h_wait "init's FIFO" 10 test -p "$H_ROOT$FIFO"
		echo "w1 $(h_exec /opt/bench/floor 1000 /bin/true)"
		exit 0
	fi
	{
		echo "id:2:initdefault:"
		echo "t0:2:wait:$TOOL stamp /tmp/t0"
		for ((i = 1; i <= 1000; i++)); do
			printf 'w%03d:2:wait:/bin/true %d\n' $((i - 1)) "$i"
		done
		echo "t1:2:wait:$TOOL stamp /tmp/t1"
	} | b_inittab
	b_start
	t1=$(b_stamps /tmp/t1 1 300)
	t0=$(b_stamps /tmp/t0 1)
	echo "w1 $((t1 - t0))"
	;;
*)	h_fail "unknown workload $W" ;;
esac
