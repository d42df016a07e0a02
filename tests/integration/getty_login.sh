#!/bin/bash
# getty on a pty: the issue text and prompt bytes, erase and kill, the
# refusal of bad names, the modes while reading and at login, the login
# program's argv and environment, the LOGIN_PROCESS utmp record.
. "$abs_top_srcdir/tests/integration/getty/lib.sh"

printf 'Welcome to \\n on \\l (\\s)\n' > "$TMP/issue"
printf 'plain# B38400 CS8 # B38400 CS8 SANE IUTF8 #@L login: #plain\n' > "$TMP/defs"

# 1. Exact bytes up to the first prompt, editing, refusal, login.
cat > "$TMP/login.script" <<'S'
expect login: 
speed 38400
flag ICANON off
flag ECHO off
flag ISIG off
# kill (^U) rubs out the whole line, DEL and BS one character each
send zzz\x15alx\x7fiC\bce\r
expect zzz\b \b\b \b\b \balx\b \biC\b \bce\r\n
expect FAKE-LOGIN-DONE
exit 0
S
if drive login -- "$GETTY" --gettydefs "$TMP/defs" -f "$TMP/issue" \
	-l "$TMP/fake-login" @PTY@ plain vt100; then
	line=$(sed -n 's/^tty=\/dev\///p' "$GETTY_TEST_OUT")
	want="Welcome to $NODE on $line (Linux)"$'\r\n'"$line login: "
	got=$(head -c ${#want} "$TMP/login.transcript")
	[ "$got" = "$want" ] || fail "issue+prompt bytes: got '$got' want '$want'"
	login_has 'argc=2'
	login_has 'argv[1]=--'
	login_has 'argv[2]=alice'
	login_has 'TERM=vt100'
	stty_has 'speed 38400 baud'
	stty_has icanon
	stty_has echo
	stty_has iutf8
	stty_has 'erase = ^H'
	stty_has -iuclc
	pid=$(sed -n 's/^pid=//p' "$GETTY_TEST_OUT")
	if command -v utmpdump >/dev/null; then
		utmpdump "$GETTY_UTMP" 2>/dev/null | grep -q "^\[6\] \[0*$pid\] .*\[LOGIN *\] \[$line *\]" \
			|| fail "no LOGIN_PROCESS utmp record for $line pid $pid: $(utmpdump "$GETTY_UTMP" 2>/dev/null)"
	fi
	pass "issue, prompt, erase/kill, login argv/env/modes, utmp"
else
	fail "login scenario"
fi

# 2. Names that could pass for options, or hold control characters, and an
#    empty line, only bring the prompt back.
rm -f "$GETTY_TEST_OUT"
cat > "$TMP/refuse.script" <<'S'
expect login: 
send -froot\r
expect cannot start with '-'
expect login: 
send a\x01b\r
expect a^Ab\r\n
expect cannot hold control characters
expect login: 
send \r
expect login: 
send bob\r
expect FAKE-LOGIN-DONE
exit 0
S
if drive refuse -- "$GETTY" --gettydefs "$TMP/defs" -i -l "$TMP/fake-login" @PTY@; then
	login_has 'argv[2]=bob'
	login_has 'argc=2'
	grep -q 'Welcome' "$TMP/refuse.transcript" && fail "-i still showed the issue file"
	pass "refusal of -name and control characters, -i"
else
	fail "refusal scenario"
fi

# 3. An all-capitals name: upper-case mode, name in lower case.
rm -f "$GETTY_TEST_OUT"
cat > "$TMP/upper.script" <<'S'
expect login: 
send ALICE\r
expect FAKE-LOGIN-DONE
exit 0
S
if drive upper -- "$GETTY" --gettydefs "$TMP/defs" -i -l "$TMP/fake-login" @PTY@; then
	login_has 'argv[2]=alice'
	stty_has iuclc
	stty_has olcuc
	stty_has xcase
	pass "upper-case mode"
else
	fail "upper-case scenario"
fi

# 4. The login program's status does not matter to getty, and the line
#    given as "-" (standard input) works too.
rm -f "$GETTY_TEST_OUT"
cat > "$TMP/stdin.script" <<'S'
expect login: 
send carol\r
expect FAKE-LOGIN-DONE
exit 0
S
if drive stdin -- /bin/sh -c 'exec "$0" --gettydefs "$1" -i -l "$2" - < "$3" > "$3" 2>&1' \
	"$GETTY" "$TMP/defs" "$TMP/fake-login" @PTY@; then
	login_has 'argv[2]=carol'
	pass "line '-' (standard input, read-only)"
else
	fail "stdin scenario"
fi
# Opened read-write on stdin only: getty puts it on stdout and stderr too.
rm -f "$GETTY_TEST_OUT"
cp "$TMP/stdin.script" "$TMP/stdin2.script"
if drive stdin2 -- /bin/sh -c 'exec "$0" --gettydefs "$1" -i -l "$2" - <> "$3" > /dev/null 2>&1' \
	"$GETTY" "$TMP/defs" "$TMP/fake-login" @PTY@; then
	login_has 'argv[2]=carol'
	pass "line '-' (standard input, read-write)"
else
	fail "stdin read-write scenario"
fi

# 5. Started with descriptors 0-2 closed, the line still reaches login on
#    all three.
rm -f "$GETTY_TEST_OUT"
cat > "$TMP/closed.script" <<'S'
expect login: 
send zed\r
expect FAKE-LOGIN-DONE
exit 0
S
if drive closed -- /bin/bash -c 'exec 0<&- 1>&- 2>&-; exec "$@"' getty-wrapper \
	"$GETTY" --gettydefs "$TMP/defs" -i -l "$TMP/fake-login" @PTY@; then
	login_has 'argv[2]=zed'
	grep -q '^tty=/dev/pts/' "$GETTY_TEST_OUT" || fail "login's stdin is not the line"
	grep -q '^stty:speed 38400' "$GETTY_TEST_OUT" || fail "login could not read the line's modes"
	pass "descriptors 0-2 closed at start"
else
	fail "closed-descriptors scenario"
fi

# 6. Without root: no vhangup, no stealing the terminal; still works.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	rm -f "$GETTY_TEST_OUT"
	chmod 0777 "$TMP"
	cat > "$TMP/user.script" <<'S'
expect login: 
send dave\r
expect FAKE-LOGIN-DONE
exit 0
S
	if setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$PTYDRIVE" "$TMP/user.script" -- "$GETTY" --gettydefs "$TMP/defs" -i \
		-l "$TMP/fake-login" @PTY@; then
		login_has 'argv[2]=dave'
		pass "as an unprivileged user"
	else
		fail "unprivileged scenario"
	fi
fi
finish
