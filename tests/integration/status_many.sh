#!/bin/bash
# Every `telinit status` gets its answer, however many ask at once: 40
# requests that init reads in one turn (it is stopped from outside while
# they are written), and 30 more spread over many turns.  (Init used to
# answer at most 16 requests a turn, dropping the rest without a word,
# and each status file held only its own turn's nonces, so a waiter that
# read late found its nonce gone: "init did not answer within 5 s".)
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
h_inittab <<'TAB'
id:2:initdefault:
r:2:respawn:/bin/sleep 8001
TAB
h_start
h_wait "runlevel 2" 10 h_runlevel_is 2

# The telinits' pids (a plain `wait` would wait for the harness's own
# helpers too).
askers=()
ask_many() { # N TAG
	local i
	askers=()
	for i in $(seq 1 "$1"); do
		h_telinit status >"$H_T/status.$2.$i" 2>&1 &
		askers+=($!)
	done
}
all_answered() { # N TAG
	local i bad=0
	for i in $(seq 1 "$1"); do
		grep -q '^runlevel=2 ' "$H_T/status.$2.$i" || { bad=$((bad + 1)); h_log "$2 #$i: $(cat "$H_T/status.$2.$i")"; }
	done
	[ "$bad" -eq 0 ] || h_fail "$bad of $1 '$2' status requests got no answer"
}

# One turn: init stopped while the 40 requests are written.
kill -STOP "$H_PID"
ask_many 40 burst
sleep 1
kill -CONT "$H_PID"
wait "${askers[@]}"
all_answered 40 burst

# Many turns: 30 at once, as they come.
ask_many 30 spread
wait "${askers[@]}"
all_answered 30 spread
h_assert h_alive
h_pass
