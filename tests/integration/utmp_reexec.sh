#!/bin/bash
# Records that wait for utmp's lock are not lost at a re-exec (issue 22):
# init never waits for the lock, it keeps its records in memory and
# retries for up to a second; a `telinit u` within that second used to
# take them away with init's memory.  With utmp locked from outside, a
# change of level (no process to start, so nothing else waits for the
# lock) and at once a re-exec: once the lock is gone, utmp has the
# level's RUN_LVL record, and `who -r` says so.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

command -v python3 >/dev/null || h_fail "no python3 (apt-get install python3): it holds a lock on utmp"
UTMPREAD=$H_BUILDDIR/tests/tools/utmpread
[ -x "$UTMPREAD" ] || h_fail "no $UTMPREAD: run 'make tests/tools/utmpread' (make check builds it)"

h_setup
h_inittab <<'TAB'
id:2:initdefault:
rs:23:respawn:/bin/sleep 3001
TAB
h_start
h_wait "runlevel 2" 10 h_runlevel_is 2
h_wait "rs running" 10 h_running "sleep 3001"

utmp() { "$UTMPREAD" "$(h_utmp)"; }
lvl_pid() { echo $(($(printf '%d' "'$1") + 256 * $(printf '%d' "'$2"))); }

python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "r+b")
fcntl.lockf(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(120)' "$(h_utmp)" "$H_T/locked" &
locker=$!
h_wait "the lock on utmp" 10 test -e "$H_T/locked"
h_telinit 3 || h_fail "telinit 3 with utmp locked failed"
h_telinit u || h_fail "telinit u with utmp locked failed"
h_wait_console "version [^ ]* reloading$" 10
h_assert h_alive
kill "$locker"
wait "$locker" 2>/dev/null
# (Should the machine be slow enough for init to give up waiting before
# the re-exec, the record is written without the lock: the test passes
# then without proving anything; it fails without the fix otherwise.)
rl3() { utmp | grep -qxF "RUN_LVL ~~ ~ runlevel $(lvl_pid 3 2)"; }
h_wait "RUN_LVL 3 in utmp" 5 rl3
h_assert h_runlevel_is 3
h_pass
