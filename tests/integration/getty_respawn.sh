#!/bin/bash
# End to end: init as PID 1 starts getty from a respawn entry on a pty, the
# test logs in through the pty (stand-in login), and init respawns getty
# after that login exits; getty's LOGIN_PROCESS record carries the
# inittab id.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_built "$H_PTYDRIVE"
h_setup
cp "$H_SRCDIR/etc/gettydefs" "$H_ROOT$H_SYSCONFDIR/gettydefs" || h_fail "copy gettydefs"
printf 'issue for \\l\n' | h_write "$H_SYSCONFDIR/issue"
cp "$H_PTYDRIVE" "$H_ROOT/tmp/ptydrive" || h_fail "copy ptydrive"
cp "$H_FAKE_LOGIN" "$H_ROOT/tmp/fake-login" || h_fail "copy fake-login"
h_write /tmp/login <<'EOF2'
#!/bin/sh
echo "$$ $*" >>/tmp/logins
# Not exec'd: the session ends only once the test has read
# FAKE-LOGIN-DONE and answered with a newline.  The respawned getty hangs
# the line up, and a pty's hang-up throws away output not yet handed to
# the other side: under load the marker was lost (getty_faults.sh, same).
GETTY_TEST_OUT=/tmp/login.out /tmp/fake-login "$@"
rc=$?
read -r _
exit $rc
EOF2
chmod +x "$H_ROOT/tmp/fake-login" "$H_ROOT/tmp/login"
h_write /tmp/script <<'EOF2'
expect issue for @LINE@
expect login: 
send first\r
expect FAKE-LOGIN-DONE
send \r
expect issue for @LINE@
expect login: 
send second\r
expect FAKE-LOGIN-DONE
send \r
EOF2
h_inittab <<'TAB'
id:2:initdefault:
TAB
h_start

# The pty exists only inside the namespace: the user's side runs there.
h_exec /tmp/ptydrive -t 20 -o /tmp/transcript -p /tmp/ptyname /tmp/script \
	>"$H_T/ptydrive.log" 2>&1 &
drive=$!
h_wait "the pty" 10 h_exists /tmp/ptyname
pty=$(h_cat /tmp/ptyname)
line=${pty#/dev/}
h_inittab <<TAB
id:2:initdefault:
pt:2:respawn:$H_SBINDIR/getty -l /tmp/login $line 38400
TAB
h_telinit q || h_fail "telinit q"

wait "$drive" || h_fail "the pty session failed: $(cat "$H_T/ptydrive.log")"
h_wait "the second login's record" 10 grep -q 'argv\[2\]=second' "$H_ROOT/tmp/login.out"
[ "$(wc -l <"$H_ROOT/tmp/logins")" = 2 ] || h_fail "logins: $(h_cat /tmp/logins)"
first=$(sed -n '1s/ .*//p' "$H_ROOT/tmp/logins")
second=$(sed -n '2s/ .*//p' "$H_ROOT/tmp/logins")
[ "$first" != "$second" ] || h_fail "the same process logged in twice: no respawn"
grep -qx -- '-- first' <(sed -n '1s/^[0-9]* //p' "$H_ROOT/tmp/logins") || h_fail "first login's args: $(h_cat /tmp/logins)"
grep -q 'stty:speed 38400 baud' "$H_ROOT/tmp/login.out" || h_fail "speed at login: $(h_cat /tmp/login.out)"
# The fake login exec'd in getty's process: its pid is getty's.  utmp's
# slot is taken over by the next respawn at once; wtmp keeps the history.
if command -v utmpdump >/dev/null; then
	for pid in "$first" "$second"; do
		utmpdump "$(h_wtmp)" 2>/dev/null | grep -q "^\[6\] \[0*$pid\] \[pt  \] \[LOGIN *\] \[$line *\]" ||
			h_fail "no LOGIN_PROCESS record with id pt for $pid: $(utmpdump "$(h_wtmp)" 2>/dev/null)"
	done
fi
h_assert h_alive
h_pass
