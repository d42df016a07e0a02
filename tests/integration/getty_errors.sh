#!/bin/bash
# Fatal errors (no such line, unreadable gettydefs, bad usage) exit
# non-zero after the error delay; -t times out; ^D ends the session; a
# missing gettydefs falls back to the built-in 9600 baud entry.
set -u
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"
h_getty_setup

ms() { date +%s%3N; }

# 1. No such line: message on stderr, status 1, after GETTY_ERROR_DELAY.
start=$(ms)
GETTY_ERROR_DELAY=1 "$H_GETTY" ttyNOSUCH9 2> "$H_T/err"
rc=$?
elapsed=$(( $(ms) - start ))
[ "$rc" -ne 0 ] || h_error "no such line: exit status 0"
grep -q '/dev/ttyNOSUCH9' "$H_T/err" || h_error "no such line: message '$(cat "$H_T/err")'"
[ "$elapsed" -ge 1000 ] || h_error "no such line: exited after ${elapsed} ms, before the error delay"
h_ok "no such line (status $rc after ${elapsed} ms)"

# 2. Bad usage and bad lines are fatal too.
"$H_GETTY" 2> "$H_T/err" && h_error "no operands: exit status 0"
grep -q 'no line given' "$H_T/err" || h_error "no operands: message '$(cat "$H_T/err")'"
"$H_GETTY" ../etc/passwd 2> "$H_T/err" && h_error "line with ..: exit status 0"
grep -q "invalid line" "$H_T/err" || h_error "line with ..: message '$(cat "$H_T/err")'"
"$H_GETTY" 12345 ttyS0 2> "$H_T/err" && h_error "bad speed: exit status 0"
grep -q "unsupported speed '12345'" "$H_T/err" || h_error "bad speed: message '$(cat "$H_T/err")'"
"$H_GETTY" -t soon ttyS0 2> "$H_T/err" && h_error "bad timeout: exit status 0"
grep -q "invalid timeout" "$H_T/err" || h_error "bad timeout: message '$(cat "$H_T/err")'"
h_ok "usage errors"

# 3. An unreadable gettydefs (here: a directory) is fatal.
cat > "$H_T/unreadable.script" <<'S'
exit 1
S
if h_drive unreadable -- "$H_GETTY" --gettydefs "$H_T" @PTY@ 2> "$H_T/err"; then
	grep -q "$H_T: Is a directory" "$H_T/err" || h_error "unreadable gettydefs: message '$(cat "$H_T/err")'"
	h_ok "unreadable gettydefs"
else
	h_error "unreadable gettydefs scenario"
fi

# 4. A missing gettydefs: the built-in 9600 baud entry.
rm -f "$GETTY_TEST_OUT"
cat > "$H_T/builtin.script" <<'S'
expect login: 
speed 9600
send kim\r
expect FAKE-LOGIN-DONE
exit 0
S
if h_drive builtin -- "$H_GETTY" --gettydefs "$H_T/missing" -i -l "$H_T/fake-login" @PTY@ \
	2> "$H_T/err"; then
	grep -qF "$H_NODE login: " "$H_T/builtin.transcript" || h_error "built-in prompt"
	h_stty_has 'speed 9600 baud'
	h_stty_has tab3
	h_ok "missing gettydefs: built-in entry"
else
	h_error "built-in entry scenario"
fi

# 5. -t: no name within the timeout ends getty (partial input or not).
printf 'a# B38400 # B38400 SANE #login: #a\n' > "$H_T/defs"
rm -f "$GETTY_TEST_OUT"
cat > "$H_T/timeout.script" <<'S'
expect login: 
send ab
exit 0
S
start=$(ms)
if h_drive timeout -t 10 -- "$H_GETTY" --gettydefs "$H_T/defs" -i -t 1 \
	-l "$H_T/fake-login" @PTY@; then
	elapsed=$(( $(ms) - start ))
	[ "$elapsed" -ge 1000 ] || h_error "timeout: exited after ${elapsed} ms"
	[ -e "$GETTY_TEST_OUT" ] && h_error "timeout: login ran"
	h_ok "-t timeout (${elapsed} ms)"
else
	h_error "timeout scenario"
fi

# 6. ^D on an empty line ends getty.
cat > "$H_T/eof.script" <<'S'
expect login: 
send \x04
exit 0
S
if h_drive eof -- "$H_GETTY" --gettydefs "$H_T/defs" -i -l "$H_T/fake-login" @PTY@; then
	h_ok "^D ends getty"
else
	h_error "^D scenario"
fi

# 7. A login program that cannot be run is an error.
cat > "$H_T/noexec.script" <<'S'
expect login: 
send lee\r
exit 1
S
if h_drive noexec -- "$H_GETTY" --gettydefs "$H_T/defs" -i -l "$H_T/no-such-login" @PTY@; then
	grep -q "exec $H_T/no-such-login" "$H_T/noexec.transcript" \
		|| h_error "exec failure not reported on the line"
	h_ok "exec failure"
else
	h_error "exec-failure scenario"
fi
h_pass
