#!/bin/bash
# Fatal errors (no such line, unreadable gettydefs, bad usage) exit
# non-zero after the error delay; -t times out; ^D ends the session; a
# missing gettydefs falls back to the built-in 9600 baud entry.
. "$abs_top_srcdir/tests/integration/getty/lib.sh"

ms() { date +%s%3N; }

# 1. No such line: message on stderr, status 1, after GETTY_ERROR_DELAY.
start=$(ms)
GETTY_ERROR_DELAY=1 "$GETTY" ttyNOSUCH9 2> "$TMP/err"
rc=$?
elapsed=$(( $(ms) - start ))
[ "$rc" -ne 0 ] || fail "no such line: exit status 0"
grep -q '/dev/ttyNOSUCH9' "$TMP/err" || fail "no such line: message '$(cat "$TMP/err")'"
[ "$elapsed" -ge 1000 ] || fail "no such line: exited after ${elapsed} ms, before the error delay"
pass "no such line (status $rc after ${elapsed} ms)"

# 2. Bad usage and bad lines are fatal too.
"$GETTY" 2> "$TMP/err" && fail "no operands: exit status 0"
grep -q 'no line given' "$TMP/err" || fail "no operands: message '$(cat "$TMP/err")'"
"$GETTY" ../etc/passwd 2> "$TMP/err" && fail "line with ..: exit status 0"
grep -q "invalid line" "$TMP/err" || fail "line with ..: message '$(cat "$TMP/err")'"
"$GETTY" 12345 ttyS0 2> "$TMP/err" && fail "bad speed: exit status 0"
grep -q "unsupported speed '12345'" "$TMP/err" || fail "bad speed: message '$(cat "$TMP/err")'"
"$GETTY" -t soon ttyS0 2> "$TMP/err" && fail "bad timeout: exit status 0"
grep -q "invalid timeout" "$TMP/err" || fail "bad timeout: message '$(cat "$TMP/err")'"
pass "usage errors"

# 3. An unreadable gettydefs (here: a directory) is fatal.
cat > "$TMP/unreadable.script" <<'S'
exit 1
S
if drive unreadable -- "$GETTY" --gettydefs "$TMP" @PTY@ 2> "$TMP/err"; then
	grep -q "$TMP: Is a directory" "$TMP/err" || fail "unreadable gettydefs: message '$(cat "$TMP/err")'"
	pass "unreadable gettydefs"
else
	fail "unreadable gettydefs scenario"
fi

# 4. A missing gettydefs: the built-in 9600 baud entry.
rm -f "$GETTY_TEST_OUT"
cat > "$TMP/builtin.script" <<'S'
expect login: 
speed 9600
send kim\r
expect FAKE-LOGIN-DONE
exit 0
S
if drive builtin -- "$GETTY" --gettydefs "$TMP/missing" -i -l "$TMP/fake-login" @PTY@ \
	2> "$TMP/err"; then
	grep -qF "$NODE login: " "$TMP/builtin.transcript" || fail "built-in prompt"
	stty_has 'speed 9600 baud'
	stty_has tab3
	pass "missing gettydefs: built-in entry"
else
	fail "built-in entry scenario"
fi

# 5. -t: no name within the timeout ends getty (partial input or not).
printf 'a# B38400 # B38400 SANE #login: #a\n' > "$TMP/defs"
rm -f "$GETTY_TEST_OUT"
cat > "$TMP/timeout.script" <<'S'
expect login: 
send ab
exit 0
S
start=$(ms)
if drive timeout -t 10 -- "$GETTY" --gettydefs "$TMP/defs" -i -t 1 \
	-l "$TMP/fake-login" @PTY@; then
	elapsed=$(( $(ms) - start ))
	[ "$elapsed" -ge 1000 ] || fail "timeout: exited after ${elapsed} ms"
	[ -e "$GETTY_TEST_OUT" ] && fail "timeout: login ran"
	pass "-t timeout (${elapsed} ms)"
else
	fail "timeout scenario"
fi

# 6. ^D on an empty line ends getty.
cat > "$TMP/eof.script" <<'S'
expect login: 
send \x04
exit 0
S
if drive eof -- "$GETTY" --gettydefs "$TMP/defs" -i -l "$TMP/fake-login" @PTY@; then
	pass "^D ends getty"
else
	fail "^D scenario"
fi

# 7. A login program that cannot be run is an error.
cat > "$TMP/noexec.script" <<'S'
expect login: 
send lee\r
exit 1
S
if drive noexec -- "$GETTY" --gettydefs "$TMP/defs" -i -l "$TMP/no-such-login" @PTY@; then
	grep -q "exec $TMP/no-such-login" "$TMP/noexec.transcript" \
		|| fail "exec failure not reported on the line"
	pass "exec failure"
else
	fail "exec-failure scenario"
fi
finish
