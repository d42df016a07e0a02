#!/bin/bash
# No initdefault, and the console a terminal nobody answers: init asks
# "Enter runlevel:" and goes on serving meanwhile, idle while it waits;
# a telinit request answers in the console's place.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
h_pty_console

h_inittab <<'TAB'
si::sysinit:/bin/sh -c ': >/tmp/sysinit'
r3:3:respawn:/bin/sleep 3003
TAB
h_start
h_wait_console "Enter runlevel: "
h_assert h_exists /tmp/sysinit

# Waiting for an answer costs nothing.
switches() { awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$H_PID/status"; }
before=$(switches)
sleep 1
after=$(switches)
[ $((after - before)) -le 2 ] || h_fail "init woke $((after - before)) times in 1 s while asking"

# The FIFO is served all along: telinit answers the question.
h_telinit 3 || h_fail "telinit 3 while init asks on the console"
h_wait "runlevel 3 from telinit" 10 h_runlevel_is 3
h_wait "r3 running" 10 h_running "sleep 3003"
[ "$(grep -c "Enter runlevel: " "$H_T/pty.log")" -eq 1 ] || h_fail "asked more than once: $(cat "$H_T/pty.log")"
h_assert h_alive
h_pass
