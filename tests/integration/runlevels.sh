#!/bin/bash
# Runlevel changes: entries not allowed in the new level get SIGTERM, and
# SIGKILL after the grace period only when they ignore SIGTERM; the change
# completes as soon as they are gone (no fixed sleep); telinit -W returns
# once it has; utmp and the status listing follow.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

h_setup
h_inittab <<'TAB'
id:2:initdefault:
a2:2:respawn:/bin/sh -c 'trap "" TERM; exec /bin/sleep 2001'
b2:2:respawn:/bin/sleep 2002
c3:3:respawn:/bin/sleep 2003
d:23:respawn:/bin/sleep 2004
l3:3:wait:/bin/sh -c 'echo "$PREVLEVEL->$RUNLEVEL" >>/tmp/l3'
TAB
h_start
h_wait "level 2 entries" 10 h_running "sleep 2001"
h_wait "level 2 entries" 10 h_running "sleep 2002"
h_wait "runlevel 2" 10 h_runlevel_is 2
d_pid=$(h_pids_of "sleep 2004")

# 2 -> 3 with a 1 s grace: a2 ignores SIGTERM, so it takes SIGKILL.
t0=$(now_ms)
h_telinit -W -t 1 3 || h_fail "telinit -W -t 1 3 failed"
t1=$(now_ms)
h_assert h_running "sleep 2003"
h_assert h_not_running "sleep 2001"
h_assert h_not_running "sleep 2002"
h_assert h_exists /tmp/l3
[ "$(h_cat /tmp/l3)" = "2->3" ] || h_fail "l3 saw $(h_cat /tmp/l3)"
elapsed=$((t1 - t0))
[ $elapsed -ge 900 ] || h_fail "change ended after ${elapsed} ms, before the 1 s grace"
[ $elapsed -lt 3000 ] || h_fail "change took ${elapsed} ms with a 1 s grace"
h_wait_console "Switching to runlevel: 3"
h_wait_console "the TERM signal"
h_wait_console "the KILL signal"
# As sysvinit: a change is announced when it starts, not when it ends.
! h_console_has "Entering runlevel: 3" || h_fail "\"Entering runlevel: 3\" after telinit 3"
h_wait "runlevel 3 in utmp" 5 h_runlevel_is 3
LC_ALL=C who -r "$(h_utmp)" | grep -q 'last=2' || h_fail "who -r: $(who -r "$(h_utmp)")"
# An entry allowed in both levels keeps running untouched.
[ "$(h_pids_of "sleep 2004")" = "$d_pid" ] || h_fail "entry d was restarted"

# 3 -> 2 with the default grace: everything leaves on SIGTERM, so the
# change is over long before 3 s.
t0=$(now_ms)
h_telinit -W 2 || h_fail "telinit -W 2 failed"
t1=$(now_ms)
elapsed=$((t1 - t0))
[ $elapsed -lt 1500 ] || h_fail "a change with nothing ignoring SIGTERM took ${elapsed} ms"
h_assert h_not_running "sleep 2003"
h_assert h_running "sleep 2002"
[ "$(h_pids_of "sleep 2004")" = "$d_pid" ] || h_fail "entry d was restarted"
h_wait "runlevel 2 in utmp" 5 h_runlevel_is 2

# The status listing tells the levels and each entry's state.
st=$(h_telinit status) || h_fail "telinit status failed"
grep -q 'runlevel=2 previous=3' <<<"$st" || h_fail "status: $st"
grep -Eq '^c3 +3 +respawn +stopped' <<<"$st" || h_fail "status lacks stopped c3: $st"
grep -Eq "^d +23 +respawn +running +$(h_exec pgrep -x -f '/bin/sleep 2004')" <<<"$st" ||
	h_fail "status lacks running d: $st"

# The same level again changes nothing; a bad level is refused.
h_telinit -W 2 || h_fail "telinit -W 2 (same level) failed"
[ "$(h_pids_of "sleep 2004")" = "$d_pid" ] || h_fail "entry d was restarted"
h_telinit x 2>/dev/null; [ $? -eq 2 ] || h_fail "telinit x should exit 2"
h_assert h_alive
h_pass
