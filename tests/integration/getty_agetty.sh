#!/bin/bash
# The agetty-style command lines of Debian's stock inittab, speed lists
# hunting on BREAK, and the agetty options (-a, -o, -H, -n, --noclear).
set -u
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"
h_getty_setup

printf 'Debian \\s \\l\n\n' > "$H_T/issue"

# 1. "getty --noclear 38400 tty1": speed then line; no gettydefs needed.
cat > "$H_T/noclear.script" <<'S'
expect Debian Linux @LINE@\r\n\r\n
expect login: 
speed 38400
send henry\r
expect FAKE-LOGIN-DONE
exit 0
S
if h_drive noclear -- "$H_GETTY" --gettydefs /nonexistent/gettydefs -f "$H_T/issue" \
	-l "$H_T/fake-login" --noclear 38400 @PTY@; then
	want="Debian Linux "
	got=$(head -c ${#want} "$H_T/noclear.transcript")
	[ "$got" = "$want" ] || h_error "--noclear output starts with '$got'"
	grep -qF "$H_NODE login: " "$H_T/noclear.transcript" || h_error "prompt lacks the node name"
	h_login_has 'argv[1]=--'
	h_login_has 'argv[2]=henry'
	h_login_has 'TERM=vt102'
	h_stty_has 'speed 38400 baud'
	h_stty_has -istrip
	h_stty_has iutf8
	h_stty_has echoe
	h_stty_has icanon
	h_ok "agetty form --noclear SPEED LINE"
else
	h_error "--noclear scenario"
fi

# 2. "getty 115200,38400,9600 LINE vt220": clears the screen; BREAK hunts
#    through the list and back.
rm -f "$GETTY_TEST_OUT"
cat > "$H_T/list.script" <<'S'
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
if h_drive list -- "$H_GETTY" -f "$H_T/issue" -l "$H_T/fake-login" 115200,38400,9600 @PTY@ vt220; then
	h_login_has 'argv[2]=ida'
	h_login_has 'TERM=vt220'
	h_stty_has 'speed 38400 baud'
	h_ok "speed list hunting, TERM from the operand, screen cleared"
else
	h_error "speed-list scenario"
fi

# 3. -a USER: no prompt for a name; login -f -- USER.  -H HOST: -h HOST.
rm -f "$GETTY_TEST_OUT"
cat > "$H_T/auto.script" <<'S'
expect login: root (automatic login)
expect FAKE-LOGIN-DONE
exit 0
S
if h_drive auto -- "$H_GETTY" -i -8 -H example.org -l "$H_T/fake-login" --autologin root \
	--noclear 38400 @PTY@; then
	h_login_has 'argc=5'
	h_login_has 'argv[1]=-h'
	h_login_has 'argv[2]=example.org'
	h_login_has 'argv[3]=-f'
	h_login_has 'argv[4]=--'
	h_login_has 'argv[5]=root'
	h_ok "--autologin and -H"
else
	h_error "autologin scenario"
fi

# 4. -o OPTIONS replaces login's arguments, \u standing for the name.
rm -f "$GETTY_TEST_OUT"
cat > "$H_T/opts.script" <<'S'
expect login: 
send jane\r
expect FAKE-LOGIN-DONE
exit 0
S
if h_drive opts -- "$H_GETTY" -i -l "$H_T/fake-login" -o '-p -- \u' -L --noclear 9600 @PTY@; then
	h_login_has 'argc=3'
	h_login_has 'argv[1]=-p'
	h_login_has 'argv[2]=--'
	h_login_has 'argv[3]=jane'
	h_stty_has clocal
	h_ok "-o login options, -L local line"
else
	h_error "login-options scenario"
fi

# 5. -n: no name asked; login runs without one.
rm -f "$GETTY_TEST_OUT"
cat > "$H_T/skip.script" <<'S'
expect FAKE-LOGIN-DONE
exit 0
S
if h_drive skip -- "$H_GETTY" -n -i -l "$H_T/fake-login" --noclear 38400 @PTY@; then
	h_login_has 'argc=0'
	grep -q 'login: ' "$H_T/skip.transcript" && h_error "-n still prompted"
	h_ok "-n skips the prompt"
else
	h_error "skip-login scenario"
fi
# 6. --keep-baud: the line's speed (a pty starts at 38400) until a BREAK,
#    then the list from its first speed.
rm -f "$GETTY_TEST_OUT"
cat > "$H_T/keep.script" <<'S'
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
if h_drive keep -- "$H_GETTY" -i -l "$H_T/fake-login" -8 --noclear --keep-baud @PTY@ 115200,9600; then
	h_login_has 'argv[2]=kate'
	h_stty_has 'speed 9600 baud'
	h_ok "--keep-baud, then hunting"
else
	h_error "keep-baud scenario"
fi
rm -f "$GETTY_TEST_OUT"
cat > "$H_T/keep2.script" <<'S'
expect login: 
send lou\r
expect FAKE-LOGIN-DONE
exit 0
S
if h_drive keep2 -- "$H_GETTY" -i -l "$H_T/fake-login" -s --noclear 115200,9600 @PTY@; then
	h_stty_has 'speed 38400 baud'
	h_ok "--keep-baud without a BREAK keeps the speed for login"
else
	h_error "keep-baud (no BREAK) scenario"
fi

# 7. Line first, one speed gettydefs has no label for (Debian's commented
#    "getty -L ttyS0 9600 vt100" with 19200): the line runs at 19200, not
#    at the first entry's (the shipped file's console, 38400), and a BREAK
#    stays there.  Labels the file holds keep their entry.
defs=$H_SRCDIR/etc/gettydefs
rm -f "$GETTY_TEST_OUT"
cat > "$H_T/line19200.script" <<'S'
expect login: 
speed 19200
send \0
expect login: 
speed 19200
send nina\r
expect FAKE-LOGIN-DONE
exit 0
S
if h_drive line19200 -- "$H_GETTY" --gettydefs "$defs" -i -l "$H_T/fake-login" -L @PTY@ 19200 vt100 \
	2> "$H_T/line19200.err"; then
	h_login_has 'argv[2]=nina'
	h_login_has 'TERM=vt100'
	h_stty_has 'speed 19200 baud'
	h_stty_has clocal
	grep -qF $'\e[H\e[2J' "$H_T/line19200.transcript" \
		|| h_error "the agetty form did not clear the screen"
	grep -q "no entry labelled" "$H_T/line19200.err" \
		&& h_error "19200 taken for a missing label: $(cat "$H_T/line19200.err")"
	h_ok "LINE 19200: agetty speed, not the first gettydefs entry's"
else
	h_error "line-first single speed scenario: $(cat "$H_T/line19200.err")"
fi
rm -f "$GETTY_TEST_OUT"
cat > "$H_T/line9600.script" <<'S'
expect login: 
speed 9600
send olga\r
expect FAKE-LOGIN-DONE
exit 0
S
if h_drive line9600 -- "$H_GETTY" --gettydefs "$defs" -i -l "$H_T/fake-login" -L @PTY@ 9600 vt100; then
	h_login_has 'argv[2]=olga'
	h_stty_has 'speed 9600 baud'
	# TAB3 comes from the 9600 gettydefs entry; a speed table has none.
	h_stty_has tab3
	grep -qF $'\e[H\e[2J' "$H_T/line9600.transcript" \
		&& h_error "a gettydefs label cleared the screen like the agetty form"
	h_ok "LINE 9600: the gettydefs label still wins"
else
	h_error "line-first gettydefs label scenario"
fi
h_pass
