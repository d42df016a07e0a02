#!/bin/bash
# Requests init drops are reported in sysvinit 3.06's words ("got bogus
# initrequest", "got unimplemented initrequest.", "bad runlevel: X"), with
# ours after them in parentheses: the FIFO and why.  Each case on a fresh
# boot, as the reports are rate-limited (one per 10 s; sysvinit has no
# limit).
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
h_inittab <<'TAB'
id:2:initdefault:
r:2:respawn:/bin/sleep 9001
TAB
fifo=$H_RUNSTATEDIR/initctl

case_of() { # WHAT-TO-WRITE(printf format) EXPECTED-CONSOLE-TEXT
	h_kill_init
	: >"$H_T/console"
	h_start
	h_wait "runlevel 2" 10 h_runlevel_is 2
	# In one write, as a real writer sends a request.
	{ printf "$1"; head -c $((384 - $(printf "$1" | wc -c))) /dev/zero; } >"$H_T/req"
	cp "$H_T/req" "$H_ROOT/tmp/req"
	h_exec sh -c "cat /tmp/req >$fifo" || h_fail "cannot write to the FIFO"
	h_wait_console "$2"
	h_assert h_alive
}
# A bad magic: bytes that are no request.
case_of 'xxxx\001\000\000\000' "INIT: got bogus initrequest (.*384 bytes"
# A command sysvinit never implemented (BSD), and one that does not exist.
case_of 'i\031\011\003\005\000\000\000' "INIT: got unimplemented initrequest. (.*BSD"
case_of 'i\031\011\003*\000\000\000' "INIT: got unimplemented initrequest. (.*unknown command 42"
# A runlevel request for z.
case_of 'i\031\011\003\001\000\000\000z\000\000\000' "INIT: bad runlevel: z (.*bad runlevel 0x7a"
h_pass
