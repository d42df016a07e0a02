#!/bin/bash
# One cell of the benchmark table: boot INIT (ours, before: the init
# BENCH_BEFORE names, sysvinit, busybox, or floor for the floor programs
# of workloads 1, 2 and 6) as PID 1 of a throwaway namespace
# sandbox (tests/harness/lib.sh), run WORKLOAD once and print
# "KEY VALUE" lines (nanoseconds, counts or kB), or "KEY n/a" where INIT
# cannot do the workload.
#
# Usage: cell.sh INIT WORKLOAD
# Environment: abs_top_builddir, abs_top_srcdir, INITSUITE_* as for
# make check; BENCH_PEERS (the unpacked packages), BENCH_IDLE (seconds).
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

INIT=$1 W=$2 PLUS=
# "1+", "2+", "3+": the same with a `+` before each command, which tells
# our init and sysvinit to keep no utmp/wtmp record of it (busybox keeps
# none anyway).
case $W in
*+) W=${W%+} PLUS=+ ;;
esac
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
	cp "$H_BUILDDIR/tests/bench/benchtool" "$H_BUILDDIR/tests/bench/floor" \
		"$H_BUILDDIR/tests/bench/idle" "$H_ROOT/opt/bench/" ||
		h_fail "no tests/bench/benchtool or floor in $H_BUILDDIR (make bench builds them)"
	case $INIT in
	ours|floor|before)
		TAB=$H_SYSCONFDIR/inittab FIFO=$H_RUNSTATEDIR/initctl
		TELINIT=$H_SBINDIR/telinit
		if [ "$INIT" = before ]; then
			cp "${BENCH_BEFORE:?BENCH_BEFORE names the init to compare with}" \
				"$H_ROOT$H_SBINDIR/init" || h_fail "cannot copy $BENCH_BEFORE"
		fi ;;
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
			sub(/^\+/, "", cmd)
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
b_kb() { local v; v=$(b_status "$1"); echo "${v:-0}"; }
# PID 1's own CPU time so far, in ns (the scheduler's count, exact where
# the clock ticks of /proc/PID/stat are 10 ms).
b_cpu() { awk '{ print $1 }' "/proc/$H_PID/schedstat"; }
b_children_at_most()
{
	local max=$1 c
	c=$(cat "/proc/$H_PID/task/$H_PID/children") || return 1
	set -- $c
	[ $# -le "$max" ]
}

# N inittab lines: ID-PREFIX N LEVELS ACTION COMMAND (ids are the prefix
# and a 3-digit number, so at most 1000 per prefix).  The number ends each
# command too: busybox init merges entries whose commands are the same.
b_entries()
{
	local i
	for ((i = 0; i < $2; i++)); do
		printf '%s%03d:%s:%s:%s %s%03d\n' "$1" "$i" "$3" "$4" "$5" "$1" "$i"
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
			printf 'w%03d:2:wait:%s/bin/true %d\n' $((i - 1)) "$PLUS" "$i"
		done
		echo "t1:2:wait:$TOOL stamp /tmp/t1"
	} | b_inittab
	b_start
	t1=$(b_stamps /tmp/t1 1 300) || exit 1
	t0=$(b_stamps /tmp/t0 1) || exit 1
	echo "w1 $((t1 - t0))"
	# From PID 1's start: the rest of its life is a few ms at most.
	echo "w1cpu $(($(b_cpu) / 1000))"
	;;
2)	# 1000 respawn entries of a sleeper: from the sysinit stamp until
	# the last of them has started.  The floor: 1000 posix_spawn calls of
	# the same sleepers, from a parent that does nothing else.
	b_setup
	if [ "$INIT" = floor ]; then
		b_inittab <<<"id:2:initdefault:"
		b_start
		h_wait "init's FIFO" 10 test -p "$H_ROOT$FIFO"
		t0=$(h_exec /opt/bench/floor -a 1000 "$TOOL" sleeper /tmp/up) || h_fail "the floor failed"
		t1=$(b_stamps /tmp/up 1000) || exit 1
		echo "w2 $((t1 - t0))"
		exit 0
	fi
	{
		echo "id:2:initdefault:"
		echo "t0::sysinit:$TOOL stamp /tmp/t0"
		b_entries r 1000 2 respawn "$PLUS$TOOL sleeper /tmp/up"
	} | b_inittab
	b_start
	t1=$(b_stamps /tmp/up 1000) || exit 1
	t0=$(b_stamps /tmp/t0 1) || exit 1
	echo "w2 $((t1 - t0))"
	echo "w2cpu $(($(b_cpu) / 1000))"
	;;
3)	# 500 sleepers in level 2, 500 others in level 3: from the request
	# (stamped as telinit starts) until the last of level 3 has started.
	if [ "$INIT" = busybox ]; then echo "w3 n/a"; exit 0; fi
	b_setup
	{
		echo "id:2:initdefault:"
		b_entries a 500 2 respawn "$PLUS$TOOL sleeper /tmp/a"
		b_entries b 500 3 respawn "$PLUS$TOOL sleeper /tmp/b"
	} | b_inittab
	b_start
	b_stamps /tmp/a 500 >/dev/null
	h_wait "level 2's sleepers to settle" 30 b_children_at_most 500
	cpu0=$(b_cpu)
	h_exec "$TOOL" stampexec /tmp/req "$TELINIT" 3 >/dev/null 2>&1 ||
		h_fail "$TELINIT 3 failed"
	t1=$(b_stamps /tmp/b 500) || exit 1
	t0=$(b_stamps /tmp/req 1) || exit 1
	h_wait "level 2's sleepers to stop" 30 b_children_at_most 500
	echo "w3 $((t1 - t0))"
	# Per process stopped or started.
	echo "w3cpu $((($(b_cpu) - cpu0) / 1000))"
	;;
4)	# 10,000 zombies handed to init at once: from the moment their
	# parent is let go until init has no child left.
	b_setup
	mkfifo "$H_ROOT/tmp/gate"
	{
		echo "id:2:initdefault:"
		echo "z:2:once:$TOOL zombies 10000 /tmp/ready /tmp/gate"
	} | b_inittab
	b_start
	h_wait "10000 zombies" 120 h_exists /tmp/ready
	t=$(b_tool reaped "$H_PID" "$H_ROOT/tmp/gate" 120) || h_fail "zombies left unreaped"
	echo "w4 $t"
	;;
5)	# Idle: PID 1's voluntary context switches over BENCH_IDLE seconds
	# with one respawn entry running.
	b_setup
	{
		echo "id:2:initdefault:"
		echo "s:2:respawn:$TOOL sleeper /tmp/s"
	} | b_inittab
	b_start
	b_stamps /tmp/s 1 >/dev/null
	sleep 1
	v0=$(b_status voluntary_ctxt_switches)
	sleep "$IDLE"
	v1=$(b_status voluntary_ctxt_switches)
	[ "$(wc -l <"$H_ROOT/tmp/s")" = 1 ] ||
		h_fail "the sleeper was respawned while idle"
	echo "w5 $((v1 - v0))"
	;;
6)	# Memory: PID 1's RSS with 100 entries running, then after 1000
	# reloads (telinit q's request).  busybox, which has no FIFO, reloads
	# on SIGHUP and then sleeps a second: it gets BENCH_BB_RELOADS (20).
	# RssAnon leaves out the pages of files (the program, libc); Pss
	# shares each page among the processes that map it; VmData is the
	# size of the heap and other private memory, touched or not.
	b_setup
	if [ "$INIT" = floor ]; then
		# What a dynamically linked program doing nothing holds.
		b_inittab <<<$'id:2:initdefault:\nfl:2:respawn:/opt/bench/idle'
		b_start
		h_wait "the idle program" 10 h_running /opt/bench/idle
		sleep 0.5
		echo "w6anon $(awk '$1 == "RssAnon:" { print $2 }' "/proc/$(h_pids_of /opt/bench/idle)/status")"
		exit 0
	fi
	{
		echo "id:2:initdefault:"
		b_entries m 100 2 respawn "$TOOL sleeper /tmp/m"
	} | b_inittab
	b_start
	b_stamps /tmp/m 100 >/dev/null
	sleep 1
	rss=$(b_kb VmRSS) anon=$(b_kb RssAnon) data=$(b_kb VmData)
	echo "w6rss $rss"
	echo "w6anon $anon"
	echo "w6pss $(awk '$1 == "Pss:" { print $2 }' "/proc/$H_PID/smaps_rollup")"
	# The first reloads raise the heap's high-water mark once (old and
	# new table live side by side); growth after them would be a leak.
	if [ "$INIT" = busybox ]; then
		reload() { b_tool hup "$H_PID" "$1" 300 || h_fail "busybox stopped taking SIGHUP"; }
		total=${BENCH_BB_RELOADS:-20} first=2
	else
		h_wait "init's FIFO" 10 test -p "$H_ROOT$FIFO"
		reload() { b_tool initreq "$H_ROOT$FIFO" q "$1" 300 || h_fail "init stopped reading requests"; }
		total=1000 first=10
	fi
	reload "$first"
	sleep 0.5
	anon1=$(b_kb RssAnon)
	reload $((total - first))
	sleep 1
	h_alive || h_fail "init died during the reloads"
	[ "$(wc -l <"$H_ROOT/tmp/m")" = 100 ] || h_fail "reloads restarted entries"
	echo "w6steady $(($(b_kb RssAnon) - anon1))"
	echo "w6rssgrowth $(($(b_kb VmRSS) - rss))"
	echo "w6anongrowth $(($(b_kb RssAnon) - anon))"
	echo "w6datagrowth $(($(b_kb VmData) - data))"
	;;
7)	# telinit round trip: from the start of `telinit 3` until level 3's
	# entry runs; then back to 2, and so on, 10 times (the median).
	if [ "$INIT" = busybox ]; then echo "w7 n/a"; exit 0; fi
	b_setup
	{
		echo "id:2:initdefault:"
		echo "x:3:once:$TOOL stamp /tmp/x3"
		echo "y:2:once:$TOOL stamp /tmp/x2"
	} | b_inittab
	b_start
	b_stamps /tmp/x2 1 >/dev/null
	h_wait "init's FIFO" 10 test -p "$H_ROOT$FIFO"
	trips=()
	for ((i = 1; i <= 10; i++)); do
		for l in 3 2; do
			n=$i
			[ "$l" = 3 ] || n=$((i + 1))
			h_exec "$TOOL" stampexec "/tmp/req$l" "$TELINIT" "$l" >/dev/null 2>&1 ||
				h_fail "$TELINIT $l failed"
			t1=$(b_stamps "/tmp/x$l" "$n" 30) || exit 1
			trips+=($((t1 - $(tail -n1 "$H_ROOT/tmp/req$l"))))
		done
	done
	printf '%s\n' "${trips[@]}" | sort -n | awk '{ v[NR] = $1 } END { print "w7", v[int((NR + 1) / 2)] }'
	;;
*)	h_fail "unknown workload $W" ;;
esac
