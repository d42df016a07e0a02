#!/bin/bash
# No initdefault, and the console a terminal nobody answers: init asks
# "Enter runlevel:" and goes on serving meanwhile, idle while it waits;
# a telinit request answers in the console's place.  As sysvinit, it asks
# again when single user ends.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
h_pty_console

h_inittab <<'TAB'
si::sysinit:/bin/sh -c ': >/tmp/sysinit'
r3:3:respawn:/bin/sleep 3003
su:S:wait:/bin/sh -c 'echo su >>/tmp/su'
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
asked() { [ "$(grep -c "Enter runlevel: " "$H_T/pty.log")" -eq "$1" ]; }
asked 1 || h_fail "asked more than once: $(cat "$H_T/pty.log")"

# Single user ends (su exits at once): asked again, answered again.
h_telinit S || h_fail "telinit S"
h_wait "su to run" 10 h_exists /tmp/su
h_wait "the question again at the end of single user" 10 asked 2
h_telinit 3 || h_fail "telinit 3 at the end of single user"
h_wait "runlevel 3 after single user" 10 h_runlevel_is 3
LC_ALL=C who -r "$(h_utmp)" | grep -q 'last=S' || h_fail "who -r: $(LC_ALL=C who -r "$(h_utmp)")"
h_wait "r3 running again" 10 h_running "sleep 3003"
asked 2 || h_fail "asked $(grep -c "Enter runlevel: " "$H_T/pty.log") times: $(cat "$H_T/pty.log")"
h_assert h_alive
h_pass
