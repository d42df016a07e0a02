#!/bin/bash
# Respawn: every exit is logged with its status; more than 10 starts in
# 120 s disables the entry for 5 minutes with sysvinit's message; a
# missing program is reported; init keeps serving and stays idle (no
# wake-ups) while the entry waits out its pause.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
h_inittab <<'TAB'
id:2:initdefault:
fa:2:respawn:/bin/sh -c 'echo x >>/tmp/fa-starts; exit 3'
mi:2:respawn:/nonexistent/program --flag
ok:23:respawn:/bin/sleep 3001
TAB
h_start

h_wait_console 'Id "fa" respawning too fast: disabled for 5 minutes' 10
h_wait_console 'Id "mi" respawning too fast: disabled for 5 minutes' 10
h_wait_syslog 'Id "fa" (pid [0-9]*) exited with status 3'
# sysvinit's words on the console (the program alone), ours in syslog.
h_console_has 'cannot execute "/nonexistent/program"$' ||
	h_fail "missing program not reported"
h_wait_syslog 'Id "mi": cannot execute "/nonexistent/program --flag": No such file'

starts=$(wc -l <"$H_ROOT/tmp/fa-starts")
[ "$starts" -eq 10 ] || h_fail "fa started $starts times before being disabled, want 10"

st=$(h_telinit status) || h_fail "telinit status failed"
grep -Eq '^fa +2 +respawn +disabled for (29[0-9]|300)s .*exit 3' <<<"$st" ||
	h_fail "status does not show fa disabled: $st"
grep -Eq '^ok +23 +respawn +running' <<<"$st" || h_fail "status: $st"

# Disabled means disabled: no further start.
h_assert h_running "sleep 3001"
[ "$(wc -l <"$H_ROOT/tmp/fa-starts")" -eq 10 ] || h_fail "fa started again while disabled"

# Idle PID 1 does not wake up: its context switches do not move while
# nothing happens (the 5-minute timer is the only one armed).
# Its spawner leaves a second after the last start, which init reaps.
h_wait "the spawner gone" 10 h_spawner_gone
switches() { awk '/ctxt_switches/ { n += $2 } END { print n }' "/proc/$H_PID/status"; }
before=$(switches)
sleep 2   # a measurement window, not a synchronisation
after=$(switches)
[ "$before" = "$after" ] || h_fail "idle init woke up $((after - before)) times in 2 s"

# init still serves requests.
h_telinit -W 3 || h_fail "telinit -W 3 failed after the storm"
h_assert h_runlevel_is 3
h_assert h_running "sleep 3001"
h_assert h_alive
h_pass
