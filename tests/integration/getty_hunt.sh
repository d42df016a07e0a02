#!/bin/bash
# Speed hunting: a BREAK (a NUL byte on the line) moves to next-label and
# prompts again at that entry's speed and flags; the chain loops.
. "$abs_top_srcdir/tests/integration/getty/lib.sh"

cat > "$TMP/defs" <<'D'
# 115200 -> 38400 (two stop bits) -> 9600 (RTS/CTS) -> 115200
# (a pty forces CS8 without parity, so those cannot be observed here)
fast# B115200 CS8 # B115200 CS8 HUPCL SANE #@B login: #mid

mid# B38400 CSTOPB # B38400 CSTOPB CRTSCTS HUPCL SANE #@B login: #slow

slow# B9600 CS8 CRTSCTS # B9600 CS8 SANE #@B login: #fast
D
"$GETTY" -c "$TMP/defs" > /dev/null || fail "test gettydefs is not clean"

cat > "$TMP/hunt.script" <<'S'
expect 115200 login: 
speed 115200
flag CS8 on
send \0
expect 38400 login: 
speed 38400
flag CSTOPB on
flag CRTSCTS off
send \0
expect 9600 login: 
speed 9600
flag CSTOPB off
flag CRTSCTS on
send \0
expect 115200 login: 
speed 115200
flag CRTSCTS off
send \0
expect 38400 login: 
send erin\r
expect FAKE-LOGIN-DONE
exit 0
S
if drive hunt -- "$GETTY" --gettydefs "$TMP/defs" -i -l "$TMP/fake-login" @PTY@ fast; then
	login_has 'argv[2]=erin'
	stty_has 'speed 38400 baud'
	stty_has cstopb
	stty_has crtscts
	stty_has hupcl
	stty_has istrip
	pass "BREAK hunting around the chain, final flags of the entry reached"
else
	fail "hunting scenario"
fi

# A BREAK in the middle of a name throws the partial name away.
rm -f "$GETTY_TEST_OUT"
cat > "$TMP/partial.script" <<'S'
expect 9600 login: 
send mal\0
expect 115200 login: 
send frank\r
expect FAKE-LOGIN-DONE
exit 0
S
if drive partial -- "$GETTY" --gettydefs "$TMP/defs" -i -l "$TMP/fake-login" @PTY@ slow; then
	login_has 'argv[2]=frank'
	pass "BREAK discards a partial name"
else
	fail "partial-name scenario"
fi

# No label: the first entry.  An unknown label: the first entry, warned.
rm -f "$GETTY_TEST_OUT"
cat > "$TMP/first.script" <<'S'
expect 115200 login: 
speed 115200
send gina\r
expect FAKE-LOGIN-DONE
exit 0
S
if drive first -- "$GETTY" --gettydefs "$TMP/defs" -i -l "$TMP/fake-login" @PTY@ \
	2> "$TMP/first.err"; then
	pass "no label: first entry"
else
	fail "no-label scenario"
fi
if drive first -- "$GETTY" --gettydefs "$TMP/defs" -i -l "$TMP/fake-login" @PTY@ nosuch \
	2> "$TMP/unknown.err"; then
	grep -q "no entry labelled 'nosuch'" "$TMP/unknown.err" \
		|| fail "no warning for an unknown label: $(cat "$TMP/unknown.err")"
	pass "unknown label: first entry with a warning"
else
	fail "unknown-label scenario"
fi
finish
