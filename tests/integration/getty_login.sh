#!/bin/bash
# getty on a pty: the issue text and prompt bytes, erase and kill, the
# refusal of bad names, the modes while reading and at login, the login
# program's argv and environment, the LOGIN_PROCESS utmp record.
set -u
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"
h_getty_setup

printf 'Welcome to \\n on \\l (\\s)\n' > "$H_T/issue"
printf 'plain# B38400 CS8 # B38400 CS8 SANE IUTF8 #@L login: #plain\n' > "$H_T/defs"

# 1. Exact bytes up to the first prompt, editing, refusal, login.
cat > "$H_T/login.script" <<'S'
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
if h_drive login -- "$H_GETTY" --gettydefs "$H_T/defs" -f "$H_T/issue" \
	-l "$H_T/fake-login" @PTY@ plain vt100; then
	line=$(sed -n 's/^tty=\/dev\///p' "$GETTY_TEST_OUT")
	want="Welcome to $H_NODE on $line (Linux)"$'\r\n'"$line login: "
	got=$(head -c ${#want} "$H_T/login.transcript")
	[ "$got" = "$want" ] || h_error "issue+prompt bytes: got '$got' want '$want'"
	h_login_has 'argc=2'
	h_login_has 'argv[1]=--'
	h_login_has 'argv[2]=alice'
	h_login_has 'TERM=vt100'
	h_stty_has 'speed 38400 baud'
	h_stty_has icanon
	h_stty_has echo
	h_stty_has iutf8
	h_stty_has 'erase = ^H'
	h_stty_has -iuclc
	pid=$(sed -n 's/^pid=//p' "$GETTY_TEST_OUT")
	if command -v utmpdump >/dev/null; then
		utmpdump "$GETTY_UTMP" 2>/dev/null | grep -q "^\[6\] \[0*$pid\] .*\[LOGIN *\] \[$line *\]" \
			|| h_error "no LOGIN_PROCESS utmp record for $line pid $pid: $(utmpdump "$GETTY_UTMP" 2>/dev/null)"
	fi
	h_ok "issue, prompt, erase/kill, login argv/env/modes, utmp"
else
	h_error "login scenario"
fi

# 2. Names that could pass for options, or hold control characters, and an
#    empty line, only bring the prompt back.
rm -f "$GETTY_TEST_OUT"
cat > "$H_T/refuse.script" <<'S'
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
if h_drive refuse -- "$H_GETTY" --gettydefs "$H_T/defs" -i -l "$H_T/fake-login" @PTY@; then
	h_login_has 'argv[2]=bob'
	h_login_has 'argc=2'
	grep -q 'Welcome' "$H_T/refuse.transcript" && h_error "-i still showed the issue file"
	h_ok "refusal of -name and control characters, -i"
else
	h_error "refusal scenario"
fi

# 3. An all-capitals name: upper-case mode, name in lower case.
rm -f "$GETTY_TEST_OUT"
cat > "$H_T/upper.script" <<'S'
expect login: 
send ALICE\r
expect FAKE-LOGIN-DONE
exit 0
S
if h_drive upper -- "$H_GETTY" --gettydefs "$H_T/defs" -i -l "$H_T/fake-login" @PTY@; then
	h_login_has 'argv[2]=alice'
	h_stty_has iuclc
	h_stty_has olcuc
	h_stty_has xcase
	h_ok "upper-case mode"
else
	h_error "upper-case scenario"
fi

# 4. The login program's status does not matter to getty, and the line
#    given as "-" (standard input) works too.
rm -f "$GETTY_TEST_OUT"
cat > "$H_T/stdin.script" <<'S'
expect login: 
send carol\r
expect FAKE-LOGIN-DONE
exit 0
S
if h_drive stdin -- /bin/sh -c 'exec "$0" --gettydefs "$1" -i -l "$2" - < "$3" > "$3" 2>&1' \
	"$H_GETTY" "$H_T/defs" "$H_T/fake-login" @PTY@; then
	h_login_has 'argv[2]=carol'
	h_ok "line '-' (standard input, read-only)"
else
	h_error "stdin scenario"
fi
# Opened read-write on stdin only: getty puts it on stdout and stderr too.
rm -f "$GETTY_TEST_OUT"
cp "$H_T/stdin.script" "$H_T/stdin2.script"
if h_drive stdin2 -- /bin/sh -c 'exec "$0" --gettydefs "$1" -i -l "$2" - <> "$3" > /dev/null 2>&1' \
	"$H_GETTY" "$H_T/defs" "$H_T/fake-login" @PTY@; then
	h_login_has 'argv[2]=carol'
	h_ok "line '-' (standard input, read-write)"
else
	h_error "stdin read-write scenario"
fi

# 5. Started with descriptors 0-2 closed, the line still reaches login on
#    all three.
rm -f "$GETTY_TEST_OUT"
cat > "$H_T/closed.script" <<'S'
expect login: 
send zed\r
expect FAKE-LOGIN-DONE
exit 0
S
if h_drive closed -- /bin/bash -c 'exec 0<&- 1>&- 2>&-; exec "$@"' getty-wrapper \
	"$H_GETTY" --gettydefs "$H_T/defs" -i -l "$H_T/fake-login" @PTY@; then
	h_login_has 'argv[2]=zed'
	grep -q '^tty=/dev/pts/' "$GETTY_TEST_OUT" || h_error "login's stdin is not the line"
	grep -q '^stty:speed 38400' "$GETTY_TEST_OUT" || h_error "login could not read the line's modes"
	h_ok "descriptors 0-2 closed at start"
else
	h_error "closed-descriptors scenario"
fi

# 6. Without root: no vhangup, no stealing the terminal; still works.
#    nobody runs copies of ptydrive, getty and fake-login in a directory
#    of its own, for the build tree may be out of its reach (a checkout
#    in a directory only its owner can enter).
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	u=$H_T/nobody
	mkdir "$u" && cp "$H_PTYDRIVE" "$H_GETTY" "$H_T/fake-login" "$H_T/defs" "$u/" &&
		: >"$u/utmp" && chown nobody:nogroup "$u" && chmod 0711 "$H_T" ||
		h_fail "cannot make nobody's directory $u"
	as_nobody() { (cd "$u" && setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"); }
	as_nobody test -x "$u/getty" ||
		h_fail "nobody cannot reach $u: is ${TMPDIR:-/tmp} closed to other users?"
	# Where nobody may write: the login record; utmp stays root's.
	export GETTY_TEST_OUT=$u/login.out GETTY_UTMP=$u/utmp GETTY_WTMP=$u/wtmp
	cat > "$u/user.script" <<'S'
expect login: 
send dave\r
expect FAKE-LOGIN-DONE
exit 0
S
	if as_nobody "$u/ptydrive" "$u/user.script" -- "$u/getty" --gettydefs "$u/defs" -i \
		-l "$u/fake-login" @PTY@; then
		h_login_has 'argv[2]=dave'
		h_ok "as an unprivileged user"
	else
		h_error "unprivileged scenario"
	fi
fi
h_pass
