#!/bin/bash
# The agetty-style command lines of Debian's stock inittab, speed lists
# hunting on BREAK, and the agetty options (-a, -o, -H, -n, --noclear).
. "$abs_top_srcdir/tests/integration/getty/lib.sh"

printf 'Debian \\s \\l\n\n' > "$TMP/issue"

# 1. "getty --noclear 38400 tty1": speed then line; no gettydefs needed.
cat > "$TMP/noclear.script" <<'S'
expect Debian Linux @LINE@\r\n\r\n
expect login: 
speed 38400
send henry\r
expect FAKE-LOGIN-DONE
exit 0
S
if drive noclear -- "$GETTY" --gettydefs /nonexistent/gettydefs -f "$TMP/issue" \
	-l "$TMP/fake-login" --noclear 38400 @PTY@; then
	want="Debian Linux "
	got=$(head -c ${#want} "$TMP/noclear.transcript")
	[ "$got" = "$want" ] || fail "--noclear output starts with '$got'"
	grep -qF "$NODE login: " "$TMP/noclear.transcript" || fail "prompt lacks the node name"
	login_has 'argv[1]=--'
	login_has 'argv[2]=henry'
	login_has 'TERM=vt102'
	stty_has 'speed 38400 baud'
	stty_has -istrip
	stty_has iutf8
	stty_has echoe
	stty_has icanon
	pass "agetty form --noclear SPEED LINE"
else
	fail "--noclear scenario"
fi

# 2. "getty 115200,38400,9600 LINE vt220": clears the screen; BREAK hunts
#    through the list and back.
rm -f "$GETTY_TEST_OUT"
cat > "$TMP/list.script" <<'S'
expect \e[H\e[2J
expect login: 
speed 115200
send \0
expect login: 
speed 38400
send \0
expect login: 
speed 9600
send \0
expect login: 
speed 115200
send \0
expect login: 
speed 38400
send ida\r
expect FAKE-LOGIN-DONE
exit 0
S
if drive list -- "$GETTY" -f "$TMP/issue" -l "$TMP/fake-login" 115200,38400,9600 @PTY@ vt220; then
	login_has 'argv[2]=ida'
	login_has 'TERM=vt220'
	stty_has 'speed 38400 baud'
	pass "speed list hunting, TERM from the operand, screen cleared"
else
	fail "speed-list scenario"
fi

# 3. -a USER: no prompt for a name; login -f -- USER.  -H HOST: -h HOST.
rm -f "$GETTY_TEST_OUT"
cat > "$TMP/auto.script" <<'S'
expect login: root (automatic login)
expect FAKE-LOGIN-DONE
exit 0
S
if drive auto -- "$GETTY" -i -8 -H example.org -l "$TMP/fake-login" --autologin root \
	--noclear 38400 @PTY@; then
	login_has 'argc=5'
	login_has 'argv[1]=-h'
	login_has 'argv[2]=example.org'
	login_has 'argv[3]=-f'
	login_has 'argv[4]=--'
	login_has 'argv[5]=root'
	pass "--autologin and -H"
else
	fail "autologin scenario"
fi

# 4. -o OPTIONS replaces login's arguments, \u standing for the name.
rm -f "$GETTY_TEST_OUT"
cat > "$TMP/opts.script" <<'S'
expect login: 
send jane\r
expect FAKE-LOGIN-DONE
exit 0
S
if drive opts -- "$GETTY" -i -l "$TMP/fake-login" -o '-p -- \u' -L --noclear 9600 @PTY@; then
	login_has 'argc=3'
	login_has 'argv[1]=-p'
	login_has 'argv[2]=--'
	login_has 'argv[3]=jane'
	stty_has clocal
	pass "-o login options, -L local line"
else
	fail "login-options scenario"
fi

# 5. -n: no name asked; login runs without one.
rm -f "$GETTY_TEST_OUT"
cat > "$TMP/skip.script" <<'S'
expect FAKE-LOGIN-DONE
exit 0
S
if drive skip -- "$GETTY" -n -i -l "$TMP/fake-login" --noclear 38400 @PTY@; then
	login_has 'argc=0'
	grep -q 'login: ' "$TMP/skip.transcript" && fail "-n still prompted"
	pass "-n skips the prompt"
else
	fail "skip-login scenario"
fi
# 6. --keep-baud: the line's speed (a pty starts at 38400) until a BREAK,
#    then the list from its first speed.
rm -f "$GETTY_TEST_OUT"
cat > "$TMP/keep.script" <<'S'
expect login: 
speed 38400
send \0
expect login: 
speed 115200
send \0
expect login: 
speed 9600
send kate\r
expect FAKE-LOGIN-DONE
exit 0
S
if drive keep -- "$GETTY" -i -l "$TMP/fake-login" -8 --noclear --keep-baud @PTY@ 115200,9600; then
	login_has 'argv[2]=kate'
	stty_has 'speed 9600 baud'
	pass "--keep-baud, then hunting"
else
	fail "keep-baud scenario"
fi
rm -f "$GETTY_TEST_OUT"
cat > "$TMP/keep2.script" <<'S'
expect login: 
send lou\r
expect FAKE-LOGIN-DONE
exit 0
S
if drive keep2 -- "$GETTY" -i -l "$TMP/fake-login" -s --noclear 115200,9600 @PTY@; then
	stty_has 'speed 38400 baud'
	pass "--keep-baud without a BREAK keeps the speed for login"
else
	fail "keep-baud (no BREAK) scenario"
fi

# 7. Line first, one speed gettydefs has no label for (Debian's commented
#    "getty -L ttyS0 9600 vt100" with 19200): the line runs at 19200, not
#    at the first entry's (the shipped file's console, 38400), and a BREAK
#    stays there.  Labels the file holds keep their entry.
defs=$abs_top_srcdir/etc/gettydefs
rm -f "$GETTY_TEST_OUT"
cat > "$TMP/line19200.script" <<'S'
expect login: 
speed 19200
send \0
expect login: 
speed 19200
send nina\r
expect FAKE-LOGIN-DONE
exit 0
S
if drive line19200 -- "$GETTY" --gettydefs "$defs" -i -l "$TMP/fake-login" -L @PTY@ 19200 vt100 \
	2> "$TMP/line19200.err"; then
	login_has 'argv[2]=nina'
	login_has 'TERM=vt100'
	stty_has 'speed 19200 baud'
	stty_has clocal
	grep -qF $'\e[H\e[2J' "$TMP/line19200.transcript" \
		|| fail "the agetty form did not clear the screen"
	grep -q "no entry labelled" "$TMP/line19200.err" \
		&& fail "19200 taken for a missing label: $(cat "$TMP/line19200.err")"
	pass "LINE 19200: agetty speed, not the first gettydefs entry's"
else
	fail "line-first single speed scenario: $(cat "$TMP/line19200.err")"
fi
rm -f "$GETTY_TEST_OUT"
cat > "$TMP/line9600.script" <<'S'
expect login: 
speed 9600
send olga\r
expect FAKE-LOGIN-DONE
exit 0
S
if drive line9600 -- "$GETTY" --gettydefs "$defs" -i -l "$TMP/fake-login" -L @PTY@ 9600 vt100; then
	login_has 'argv[2]=olga'
	stty_has 'speed 9600 baud'
	# TAB3 comes from the 9600 gettydefs entry; a speed table has none.
	stty_has tab3
	grep -qF $'\e[H\e[2J' "$TMP/line9600.transcript" \
		&& fail "a gettydefs label cleared the screen like the agetty form"
	pass "LINE 9600: the gettydefs label still wins"
else
	fail "line-first gettydefs label scenario"
fi
finish
