#!/bin/bash
# telinit q, as sysvinit: entries still there keep running untouched (a
# changed command is used at the next start), removed ones stop, new ones
# start (also from /etc/inittab.d); errors in the new
# file are reported with file and line, and a file with nothing valid
# (or no file at all) leaves the running table alone.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
h_inittab <<'TAB'
id:2:initdefault:
k:2:respawn:/bin/sleep 4001
c:2:respawn:/bin/sleep 4002
r:2:respawn:/bin/sleep 4003
TAB
h_start
for n in 4001 4002 4003; do h_wait "sleep $n" 10 h_running "sleep $n"; done
k_pid=$(h_pids_of "sleep 4001")

h_inittab <<'TAB'
id:2:initdefault:
k:2:respawn:/bin/sleep 4001
c:2:respawn:/bin/sleep 4012
n:2:respawn:/bin/sleep 4004
x:2:respwn:/bin/sleep 4009
TAB
mkdir -p "$H_ROOT$H_SYSCONFDIR/inittab.d"
echo 'e:2:respawn:/bin/sleep 4005' | h_write "$H_SYSCONFDIR/inittab.d/extra.tab"
h_telinit -W q || h_fail "telinit -W q failed"
h_wait "new entry" 5 h_running "sleep 4004"
h_wait "inittab.d entry" 5 h_running "sleep 4005"
h_wait "removed entry stopped" 5 h_not_running "sleep 4003"
c_pid=$(h_pids_of "sleep 4002")
[ -n "$c_pid" ] || h_fail "the changed entry's process was stopped"
kill "$c_pid"
h_wait "changed entry restarted with its new command" 5 h_running "sleep 4012"
[ "$(h_pids_of "sleep 4001")" = "$k_pid" ] || h_fail "unchanged entry k was restarted"
h_wait_console "$H_SYSCONFDIR/inittab:5: unknown action \"respwn\""
h_assert h_not_running "sleep 4009"

# Nothing valid: keep what runs.
printf 'garbage\n\001\002\003\n' | h_inittab
rm -f "$H_ROOT$H_SYSCONFDIR/inittab.d/extra.tab"
h_telinit -W q || h_fail "telinit -W q (garbage) failed"
h_wait_console "keeping the current one"
[ "$(h_pids_of "sleep 4001")" = "$k_pid" ] || h_fail "k restarted after a garbage reload"
h_assert h_running "sleep 4005"

# No inittab at all: the same.
rm -f "$H_ROOT$H_SYSCONFDIR/inittab"
h_telinit -W q || h_fail "telinit -W q (no inittab) failed"
[ "$(h_pids_of "sleep 4001")" = "$k_pid" ] || h_fail "k restarted after the inittab vanished"

# SIGHUP reloads as q does.
h_inittab <<'TAB'
id:2:initdefault:
k:2:respawn:/bin/sleep 4001
TAB
kill -HUP "$H_PID"
h_wait "entries gone after SIGHUP reload" 5 h_not_running "sleep 4004"
h_wait "entries gone after SIGHUP reload" 5 h_not_running "sleep 4005"
[ "$(h_pids_of "sleep 4001")" = "$k_pid" ] || h_fail "k restarted by the SIGHUP reload"
h_assert h_alive
h_pass
