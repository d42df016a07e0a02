#!/bin/bash
# No initdefault, and the console a terminal nobody answers: init asks
# "Enter runlevel:" and goes on serving meanwhile, idle while it waits;
# a telinit request answers in the console's place.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

command -v python3 >/dev/null || h_skip "no python3 to hold the pseudo-terminal"
h_setup
relay=
cleanup() { [ -z "$relay" ] || kill "$relay" 2>/dev/null; h_teardown; }
trap cleanup EXIT

# The console is a pseudo-terminal whose other end logs what init writes
# and never types anything.
python3 - "$H_T/pty.name" "$H_T/pty.log" <<'PY' &
import os, pty, sys
master, slave = pty.openpty()
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(os.ttyname(slave))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
log = open(sys.argv[2], "ab", buffering=0)
while True:
    try:
        data = os.read(master, 4096)
    except OSError:
        break
    if not data:
        break
    log.write(data)
PY
relay=$!
h_wait "the pseudo-terminal" 10 test -s "$H_T/pty.name"
: >"$H_T/pty.log"
rm -f "$H_T/console"
ln -s "$(cat "$H_T/pty.name")" "$H_T/console"
h_console() { cat "$H_T/pty.log"; }
h_console_has() { grep -q -- "$1" "$H_T/pty.log"; }

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
