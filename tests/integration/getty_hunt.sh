#!/bin/bash
# Speed hunting: a BREAK (a NUL byte on the line) moves to next-label and
# prompts again at that entry's speed and flags; the chain loops.
set -u
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"
h_getty_setup

cat > "$H_T/defs" <<'D'
# 115200 -> 38400 (two stop bits) -> 9600 (RTS/CTS) -> 115200
# (a pty forces CS8 without parity, so those cannot be observed here)
fast# B115200 CS8 # B115200 CS8 HUPCL SANE #@B login: #mid

mid# B38400 CSTOPB # B38400 CSTOPB CRTSCTS HUPCL SANE #@B login: #slow

slow# B9600 CS8 CRTSCTS # B9600 CS8 SANE #@B login: #fast
D
"$H_GETTY" -c "$H_T/defs" > /dev/null || h_error "test gettydefs is not clean"

cat > "$H_T/hunt.script" <<'S'
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
if h_drive hunt -- "$H_GETTY" --gettydefs "$H_T/defs" -i -l "$H_T/fake-login" @PTY@ fast; then
	h_login_has 'argv[2]=erin'
	h_stty_has 'speed 38400 baud'
	h_stty_has cstopb
	h_stty_has crtscts
	h_stty_has hupcl
	h_stty_has istrip
	h_ok "BREAK hunting around the chain, final flags of the entry reached"
else
	h_error "hunting scenario"
fi

# A BREAK in the middle of a name throws the partial name away.
rm -f "$GETTY_TEST_OUT"
cat > "$H_T/partial.script" <<'S'
expect 9600 login: 
send mal\0
expect 115200 login: 
send frank\r
expect FAKE-LOGIN-DONE
exit 0
S
if h_drive partial -- "$H_GETTY" --gettydefs "$H_T/defs" -i -l "$H_T/fake-login" @PTY@ slow; then
	h_login_has 'argv[2]=frank'
	h_ok "BREAK discards a partial name"
else
	h_error "partial-name scenario"
fi

# No label: the first entry.  An unknown label: the first entry, warned.
rm -f "$GETTY_TEST_OUT"
cat > "$H_T/first.script" <<'S'
expect 115200 login: 
speed 115200
send gina\r
expect FAKE-LOGIN-DONE
exit 0
S
if h_drive first -- "$H_GETTY" --gettydefs "$H_T/defs" -i -l "$H_T/fake-login" @PTY@ \
	2> "$H_T/first.err"; then
	h_ok "no label: first entry"
else
	h_error "no-label scenario"
fi
if h_drive first -- "$H_GETTY" --gettydefs "$H_T/defs" -i -l "$H_T/fake-login" @PTY@ nosuch \
	2> "$H_T/unknown.err"; then
	grep -q "no entry labelled 'nosuch'" "$H_T/unknown.err" \
		|| h_error "no warning for an unknown label: $(cat "$H_T/unknown.err")"
	h_ok "unknown label: first entry with a warning"
else
	h_error "unknown-label scenario"
fi
h_pass
