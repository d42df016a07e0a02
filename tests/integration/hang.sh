#!/bin/bash
# A process that SIGKILL does not end (one stuck in the kernel on a dead
# NFS server or a broken device) must not hold a level change, or a
# shutdown, for ever.  As sysvinit: SM_HANG_MS (1 s) after the KILL, init
# says "Pid N [id ID] seems to hang" on the console and goes on.  It still
# knows the process: its entry does not get a second one meanwhile, and
# its end, when it comes, is recorded and lets the entry run again.
#
# The stand-in for a process stuck in the kernel is a real process whose
# death init cannot see: another process has it under ptrace and never
# waits for it (the kernel shows a traced zombie to its tracer alone), so
# to init it is a child that SIGKILL did not end.  Killing the tracer
# passes the death on to init, as the end of the hang.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

UTMPREAD=$H_BUILDDIR/tests/tools/utmpread
h_built "$UTMPREAD"
command -v python3 >/dev/null || h_fail "no python3 (apt-get install python3): it plays the stuck process"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# hang.py's starts so far, one line each.
starts_are() { [ "$(wc -l <"$H_ROOT/tmp/started")" -eq "$1" ]; }

h_setup
h_write /etc/hang.py <<'EOF'
# Ignores TERM, and has a tracer that never waits for it nor lets it go
# on from a stop: see hang.sh.
import ctypes, os, signal, time

libc = ctypes.CDLL(None, use_errno=True)
PR_SET_PTRACER, PR_SET_PTRACER_ANY = 0x59616D61, ctypes.c_ulong(-1)
PTRACE_SEIZE = 0x4206

signal.signal(signal.SIGTERM, signal.SIG_IGN)
libc.prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0)   # Yama, if any
me = os.getpid()
r, w = os.pipe()
if os.fork() == 0:
    # Out of the entry's session and process group, which init signals.
    os.setsid()
    if libc.ptrace(PTRACE_SEIZE, me, None, None) != 0:
        os.write(w, b"ptrace: " + os.strerror(ctypes.get_errno()).encode())
        os._exit(1)
    with open("/tmp/tracer", "w") as f:
        f.write("%d\n" % os.getpid())
    os.write(w, b"ok")
    while True:
        signal.pause()
os.close(w)
said = os.read(r, 100).decode()
with open("/tmp/started", "a") as f:
    f.write("%d %s\n" % (me, said))
while True:
    time.sleep(1000)
EOF
h_inittab <<'TAB'
id:2:initdefault:
hg:2:respawn:/usr/bin/python3 /etc/hang.py
w3:3:wait:/bin/sh -c 'echo w3 >>/tmp/ran'
TAB
h_start
# Not h_exists: the file is there (opened) before its line is written.
h_wait "the entry and its tracer" 30 test -s "$H_ROOT/tmp/started"
read -r hung said <"$H_ROOT/tmp/started"
case $said in
ok) ;;
ptrace:*) h_skip "this kernel does not let a process trace its parent here ($said)" ;;
*) h_fail "hang.py said: $said" ;;
esac
h_wait "runlevel 2" 10 h_runlevel_is 2

# 2 -> 3 with a 1 s grace: TERM is ignored, KILL does not end it either.
t0=$(now_ms)
h_telinit -W -t 1 3 || h_fail "telinit -W -t 1 3 failed"
elapsed=$(($(now_ms) - t0))
h_wait_console "the KILL signal"
h_wait_console "Pid $hung \[id hg\] seems to hang"
[ $elapsed -ge 1900 ] || h_fail "the change ended after ${elapsed} ms: before the grace and the hang allowance"
[ $elapsed -lt 20000 ] || h_fail "the change took ${elapsed} ms"
h_wait "runlevel 3 in utmp" 5 h_runlevel_is 3
h_wait "the level's wait entry" 10 h_exists /tmp/ran
h_ok "level 3 entered past a process that seems to hang (${elapsed} ms)"

# Back to 2 while it still hangs: init knows it runs, so no second one.
h_telinit -W 2 || h_fail "telinit -W 2 failed"
h_wait "runlevel 2 in utmp" 5 h_runlevel_is 2
starts_are 1 || h_fail "hg started again while its process hangs: $(cat "$H_ROOT/tmp/started")"
[ "$(grep -c 'seems to hang' "$H_CONSOLE_LOG")" -eq 1 ] ||
	h_fail "\"seems to hang\" said more than once: $(grep 'seems to hang' "$H_CONSOLE_LOG")"

# The hang ends: init gets the death, records it, and hg runs again.
h_exec kill -KILL "$(h_cat /tmp/tracer)" || h_fail "cannot kill the tracer"
# In wtmp: utmp's slot for hg is soon the next process's.
dead_hg() { "$UTMPREAD" "$(h_wtmp)" | grep -q "^DEAD_PROCESS hg - - $hung\$"; }
for ((i = 0; i < 500; i++)); do dead_hg && break; sleep 0.02; done
if ! dead_hg; then
	h_fail "no DEAD_PROCESS for hg's pid $hung in wtmp; it holds:"$'\n'"$("$UTMPREAD" "$(h_wtmp)")"
fi
h_wait "hg started again" 30 starts_are 2
h_ok "its end recorded, the entry run again"
h_pass
