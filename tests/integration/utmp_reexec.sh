#!/bin/bash
# Records that wait for utmp's lock are not lost at a re-exec (issue 22):
# init never waits for the lock, it keeps its records in memory and
# retries for up to a second; a `telinit u` within that second used to
# take them away with init's memory.  With utmp locked from outside, a
# change of level (no process to start, so nothing else waits for the
# lock) and at once a re-exec: once the lock is gone, utmp has the
# level's RUN_LVL record, and `who -r` says so.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

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

h_lock_utmp
h_telinit 3 || h_fail "telinit 3 with utmp locked failed"
h_telinit u || h_fail "telinit u with utmp locked failed"
h_wait_console "version [^ ]* reloading$" 10
h_assert h_alive
kill "$H_LOCKER"
wait "$H_LOCKER" 2>/dev/null
# (Should the machine be slow enough for init to give up waiting before
# the re-exec, the record is written without the lock: the test passes
# then without proving anything; it fails without the fix otherwise.)
rl3() { utmp | grep -qxF "RUN_LVL ~~ ~ runlevel $(lvl_pid 3 2)"; }
h_wait "RUN_LVL 3 in utmp" 5 rl3
h_assert h_runlevel_is 3
h_pass
