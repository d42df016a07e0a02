#!/bin/bash
# telinit u: init re-executes itself in place (same PID 1), as sysvinit
# does, with its state on a pipe on descriptor 11, and keeps the runlevel,
# its running children and their counters; afterwards it still reaps and
# respawns them and serves requests, and holds no descriptor it inherited.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
h_inittab <<'TAB'
id:3:initdefault:
r:3:respawn:/bin/sleep 5001
q:3:respawn:/bin/sleep 5002
TAB
h_start
h_wait "respawn entry" 10 h_running "sleep 5001"
h_wait "runlevel 3" 10 h_runlevel_is 3
restarted() { local p; p=$(h_pids_of "sleep 5001"); [ -n "$p" ] && [ "$p" != "$1" ]; }
first=$(h_pids_of "sleep 5001")
kill "$first"
h_wait "respawn after kill" 5 restarted "$first"
r_pid=$(h_pids_of "sleep 5001")
q_pid=$(h_pids_of "sleep 5002")
h_telinit status | grep -Eq '^r +3 +respawn +running +[0-9]+ +1 ' ||
	h_fail "status before re-exec: $(h_telinit status)"

before=$(readlink "/proc/$H_PID/exe")
h_telinit u || h_fail "telinit u failed"
h_wait_console "version [^ ]* reloading$" 10
# Nothing inherited is held, the state pipe least of all.
[ ! -e "/proc/$H_PID/fd/11" ] || h_fail "init still holds descriptor 11"
h_assert h_alive
[ "$(readlink "/proc/$H_PID/exe")" = "$before" ] || h_fail "PID 1 runs $(readlink "/proc/$H_PID/exe")"
# The state survived: same children, same counters, same level.
st() { h_telinit status; }
s=$(st) || h_fail "telinit status after re-exec failed"
grep -q 'runlevel=3' <<<"$s" || h_fail "runlevel lost: $s"
grep -Eq '^r +3 +respawn +running +[0-9]+ +1 ' <<<"$s" || h_fail "counters lost: $s"
[ "$(h_pids_of "sleep 5001")" = "$r_pid" ] || h_fail "r was restarted by the re-exec"
[ "$(h_pids_of "sleep 5002")" = "$q_pid" ] || h_fail "q was restarted by the re-exec"

# It still knows its children: an exit is reaped and respawned.
kill "$r_pid"
h_wait "respawn after re-exec" 5 restarted "$r_pid"
h_wait_syslog "Id \"r\" (pid [0-9]*) killed by signal 15"
h_telinit -W 2 || h_fail "telinit -W 2 after re-exec failed"
h_wait "q stopped in 2" 5 h_not_running "sleep 5002"
h_assert h_runlevel_is 2
h_pass
