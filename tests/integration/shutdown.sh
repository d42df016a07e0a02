#!/bin/bash
# shutdown against the real init as PID 1: every option, the time forms,
# the warnings' schedule and words on terminals logged in through utmp
# (one of which never reads), /run/nologin, cancel, "already running",
# shutdown.allow, INIT_HALT in rc 0's environment, the syslog notice.
# Minutes pass fast under libfaketime (a speed factor on shutdown's
# clock and sleeps only): shutdown itself is the installed program.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"
. "$H_HARNESS/downlib.sh"
h_timeout 300

command -v faketime >/dev/null || h_fail "no faketime (apt-get install faketime): the countdowns run on its fast clock"
d_setup
d_boot
# alice reads her terminal; bob, logged in first, never reads his: the
# walls must reach alice all the same, and promptly.
d_pty bob stuck
d_login bob "$(d_pty_line bob)" 4241
d_pty alice
d_login alice "$(d_pty_line alice)" 4242
ALOG=$H_ROOT/tmp/alice.log
RUN=$H_RUNSTATEDIR

# Run shutdown with the clock N times as fast: sd_fast N ARGS...
# (An ASan build would refuse the preloaded library before its runtime.)
sd_fast()
{
	local x=$1
	shift
	sd_clock "+0 x$x" "$@"
}
# The same on the clock libfaketime's SPEC gives: sd_clock SPEC ARGS...
sd_clock()
{
	local spec=$1
	shift
	h_exec env ASAN_OPTIONS=verify_asan_link_order=0 faketime -f "$spec" "$H_SBINDIR/shutdown" "$@"
}
alice_has() { grep -qF -- "$1" "$ALOG"; }
alice_count() { grep -cF -- "$1" "$ALOG"; }
clear_alice() { : >"$ALOG"; }
# Back to runlevel 2 and forget what rc saw.
back_to_2() { h_telinit 2; h_wait "runlevel 2" 15 h_runlevel_is 2; rm -f "$H_ROOT"/tmp/env.*; }
no_leftovers()
{
	h_wait "shutdown's pid file gone" 10 test ! -e "$H_ROOT$RUN/shutdown.pid"
	h_wait "no shutdown left" 10 h_not_running "$H_SBINDIR/shutdown"
	h_assert test ! -e "$H_ROOT$RUN/nologin"
}

# ---- refusals and usage ---------------------------------------------------
out=$(h_exec setpriv --reuid=65534 --regid=65534 --clear-groups "$H_SBINDIR/shutdown" -r now 2>&1) &&
	h_error "a user could run shutdown"
grep -q "you must be root to do that!" <<<"$out" || h_error "not-root message: $out"
for args in "" "-r" "soon" "-r 5m" "+" "24:00" "-x now"; do
	# shellcheck disable=SC2086
	out=$(d_sbin shutdown $args 2>&1) && h_error "shutdown $args succeeded"
	grep -q '^Usage:' <<<"$out" || h_error "shutdown $args: no usage: $out"
done
out=$(d_sbin shutdown -P now 2>&1) && h_error "-P without -h succeeded"
grep -q "shutdown: -H and -P flags can only be used along with -h flag." <<<"$out" || h_error "-P: $out"
out=$(d_sbin shutdown -i 2 now 2>&1) && h_error "-i 2 succeeded"
grep -q "shutdown: \`2': bad runlevel" <<<"$out" || h_error "-i 2: $out"
out=$(d_sbin shutdown -n now 2>&1) && h_error "-n to level 1 succeeded"
grep -q 'can use "-n" for halt or reboot only' <<<"$out" || h_error "-n: $out"
out=$(d_sbin shutdown -c 2>&1) && h_error "-c with nothing to cancel succeeded"
grep -q "shutdown: cannot find pid of running shutdown." <<<"$out" || h_error "-c: $out"
echo 999999 >"$H_ROOT$RUN/shutdown.pid"
out=$(d_sbin shutdown -c 2>&1) && h_error "-c of a dead pid succeeded"
grep -q "shutdown: not running." <<<"$out" || h_error "-c dead: $out"
# A pid file that outlived its shutdown and names another live process
# (here init, for which SIGINT is Ctrl-Alt-Del): not a shutdown.
echo 1 >"$H_ROOT$RUN/shutdown.pid"
out=$(d_sbin shutdown -c 2>&1) && h_error "-c signalled a process that is not shutdown"
grep -q "shutdown: not running." <<<"$out" || h_error "-c of init's pid: $out"
d_sbin shutdown -k now >/dev/null 2>&1 || h_error "a stale pid file naming init blocked shutdown"
rm -f "$H_ROOT$RUN/shutdown.pid"
h_assert h_runlevel_is 2
h_ok "refusals"

# ---- now: the level, INIT_HALT, the wall, syslog --------------------------
d_sbin shutdown -h -P now 'power' 'it off' || h_error "shutdown -h -P now"
h_wait "rc 0" 10 test -f "$H_ROOT/tmp/env.0"
d_env_has 0 INIT_HALT=POWEROFF || h_error "-P: rc 0 has no INIT_HALT=POWEROFF: $(cat "$H_ROOT/tmp/env.0")"
d_env_has 0 RUNLEVEL=0 || h_error "rc 0's RUNLEVEL"
h_wait "the last wall" 5 alice_has "The system is going down for system halt NOW!"
alice_has "power it off "$'\r\n\r'"The system is going down for system halt NOW!"$'\r\n' ||
	h_error "the wall's words: $(cat -A "$ALOG")"
grep -qE $'^\r$' "$ALOG" && grep -qE $'^Broadcast message from root@[^ ]+ \\([A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} [0-9]{4}\\):\r$' "$ALOG" ||
	h_error "the wall's banner: $(cat -A "$ALOG")"
h_wait_syslog "shutdown\[[0-9]*\]: shutting down for system halt"
no_leftovers
back_to_2
h_ok "shutdown -h -P now"

clear_alice
d_sbin shutdown -h -H now || h_error "shutdown -h -H now"
h_wait "rc 0" 10 test -f "$H_ROOT/tmp/env.0"
d_env_has 0 INIT_HALT=HALT || h_error "-H: rc 0 has no INIT_HALT=HALT"
back_to_2
# Neither -H nor -P: INIT_HALT is unset, so /etc/default/halt decides.
d_sbin shutdown -h now || h_error "shutdown -h now"
h_wait "rc 0" 10 test -f "$H_ROOT/tmp/env.0"
grep -q '^INIT_HALT' "$H_ROOT/tmp/env.0" && h_error "plain -h left INIT_HALT set"
back_to_2
h_ok "INIT_HALT set and unset"

clear_alice
d_sbin shutdown -r now || h_error "shutdown -r now"
h_wait "rc 6" 10 test -f "$H_ROOT/tmp/env.6"
h_wait "reboot wall" 5 alice_has "The system is going down for reboot NOW!"
h_wait_syslog "shutting down for system reboot"
back_to_2
d_sbin shutdown now || h_error "shutdown now"
h_wait "rc 1" 10 test -f "$H_ROOT/tmp/env.1"
h_wait "maintenance wall" 5 alice_has "The system is going down to maintenance mode NOW!"
back_to_2
d_sbin shutdown -y -i 5 0 || h_error "shutdown -i 5 0"
h_wait "rc 5" 10 test -f "$H_ROOT/tmp/env.5"
h_wait "level 5 wall" 5 alice_has "The system is going down to runlevel 5 NOW!"
back_to_2
h_ok "-r, level 1, -i 5, -y"

# ---- -f, -F ----------------------------------------------------------------
d_sbin shutdown -f -F -r now || h_error "shutdown -f -F -r now"
h_wait "rc 6" 10 test -f "$H_ROOT/tmp/env.6"
h_assert h_exists /fastboot
h_assert h_exists /forcefsck
rm -f "$H_ROOT/fastboot" "$H_ROOT/forcefsck"
back_to_2
h_ok "-f, -F"

# ---- -t: the grace init gives before SIGKILL -------------------------------
printf '%s\n' "t2:2:respawn:/bin/sh -c 'trap \"\" TERM; exec /bin/sleep 1005'" >>"$H_ROOT$H_SYSCONFDIR/inittab"
h_telinit q
h_wait "t2 running" 10 h_running "sleep 1005"
t0=$(date +%s%N)
d_sbin shutdown -t 5 -i 5 now || h_error "shutdown -t 5"
h_wait "SIGKILL after the 5 s grace" 20 h_not_running "sleep 1005"
ms=$((($(date +%s%N) - t0) / 1000000))
[ $ms -ge 4900 ] || h_error "-t 5: killed after $ms ms"
sed -i '/^t2:/d' "$H_ROOT$H_SYSCONFDIR/inittab"
h_telinit q
back_to_2
h_ok "-t 5"

# ---- time forms on a fast clock (x60: a minute is a second) ---------------
# +m, m, +hh:mm, -g: each goes down after its minutes, not before.
for when in "+2" "2" "+0:02" "-g +2"; do
	clear_alice
	t0=$(date +%s%N)
	# shellcheck disable=SC2086
	sd_fast 60 -r ${when} "timed $when" || h_error "shutdown -r $when"
	h_wait "rc 6 after $when" 15 test -f "$H_ROOT/tmp/env.6"
	ms=$((($(date +%s%N) - t0) / 1000000))
	[ $ms -ge 1800 ] || h_error "$when: down after $ms ms (2 fast minutes are 2000)"
	alice_has "The system is going DOWN for reboot in 2 minutes!" || h_error "$when: no 2-minute warning"
	alice_has "The system is going DOWN for reboot in 1 minute!" || h_error "$when: no 1-minute warning"
	alice_has "timed ${when#-g } "$'\r\n' || alice_has "timed $when "$'\r\n' || h_error "$when: no message"
	no_leftovers
	back_to_2
done
# hh:mm: the next such time of day (the sandbox's clock is UTC).
# shutdown's clock starts at 12:00:00 when shutdown starts: 12:03 is
# three fast minutes away whatever the load.  (From the real time, a
# start slowed by 3 s under load put 12:03 behind the fast clock, and
# shutdown waited for the next day's: 24 minutes.)
clear_alice
hhmm=12:03
t0=$(date +%s%N)
sd_clock "@2026-01-01 12:00:00 x60" -r "$hhmm" || h_error "shutdown -r $hhmm"
h_wait "rc 6 at $hhmm" 20 test -f "$H_ROOT/tmp/env.6"
ms=$((($(date +%s%N) - t0) / 1000000))
[ $ms -ge 2800 ] || h_error "$hhmm: down after $ms ms (3 fast minutes)"
alice_has "The system is going DOWN for reboot in 1 minute!" || h_error "$hhmm: no 1-minute warning"
back_to_2
h_ok "time forms"

# ---- the schedule: -q and -Q ------------------------------------------------
# x60: a wake-up up to a second late still lands in the right minute.
for q in "" -q -Q; do
	clear_alice
	mins=11
	[ "$q" = -Q ] && mins=3
	# shellcheck disable=SC2086
	sd_fast 60 -k $q +$mins || h_error "shutdown -k $q +$mins"
	no_leftovers
	h_wait "the NOW warning ($q)" 5 alice_has "NOW!"
	got=""
	for m in 11 10 9 8 7 6 5 4 3 2 1; do
		n=$(alice_count "to maintenance mode in $m minute")
		[ "$n" -le 1 ] || h_error "$q: $n warnings at $m"
		[ "$n" -eq 1 ] && got="$got $m"
	done
	case $q in
	"") want=" 11 9 8 7 6 5 4 3 2 1" ;;   # at once (11 is off the schedule), then every minute under 10
	-q) want=" 11 10 5" ;;
	-Q) want=" 3" ;;                      # only the one at once, as sysvinit 3.06
	esac
	[ "$got" = "$want" ] || h_error "schedule $q: warnings at$got, want$want"
	h_runlevel_is 2 || h_error "-k changed the runlevel"
done
h_ok "schedules"

# ---- -k: warnings only ---------------------------------------------------------
clear_alice
out=$(sd_fast 60 -k -f +1 "just kidding" 2>&1) || h_error "shutdown -k"
grep -q "Shutdown cancelled." <<<"$out" || h_error "-k: $out"
alice_has "The system is going DOWN to maintenance mode in 1 minute!" || h_error "-k: no warning"
alice_has "just kidding "$'\r\n\r'"The system is going down to maintenance mode NOW!" || h_error "-k: no NOW"
h_assert h_runlevel_is 2
h_assert test ! -e "$H_ROOT/fastboot"
no_leftovers
h_ok "-k"

# ---- nologin from 5 minutes before; cancel; already running ---------------
clear_alice
sd_fast 60 -r -f +7 "going away" >"$H_T/sd.out" 2>&1 &
sd_pid=$!
h_wait "the pid file" 5 test -s "$H_ROOT$RUN/shutdown.pid"
h_assert h_exists /fastboot
h_assert test ! -e "$H_ROOT$RUN/nologin"
out=$(d_sbin shutdown -r now 2>&1) && h_error "a second shutdown ran"
grep -q "shutdown: already running." <<<"$out" || h_error "already running: $out"
h_wait "/run/nologin at 5 minutes" 10 test -e "$H_ROOT$RUN/nologin"
grep -q $'^\rThe system is going down on [A-Z][a-z]\\{2\\} ' "$H_ROOT$RUN/nologin" ||
	h_error "nologin: $(cat -A "$H_ROOT$RUN/nologin")"
grep -qF "going away " "$H_ROOT$RUN/nologin" || h_error "nologin lacks the message"
h_telinit -e INIT_HALT=HALT
d_sbin shutdown -c "never" "mind" || h_error "shutdown -c"
wait $sd_pid || h_error "the cancelled shutdown's status"
grep -q "Shutdown cancelled." "$H_T/sd.out" || h_error "no 'Shutdown cancelled.': $(cat "$H_T/sd.out")"
no_leftovers
h_assert test ! -e "$H_ROOT/fastboot"
h_wait "the cancel's wall" 5 alice_has "never mind "$'\r\n'
h_assert h_runlevel_is 2
# -c unset INIT_HALT: rc 0 of a later halt does not see it.
d_sbin shutdown -h now
h_wait "rc 0" 10 test -f "$H_ROOT/tmp/env.0"
grep -q '^INIT_HALT' "$H_ROOT/tmp/env.0" && h_error "-c left INIT_HALT set"
back_to_2
h_ok "nologin, cancel, already running"

# The terminal that never reads held up nothing: no wall writer is left.
h_not_running "shutdown" || h_error "a shutdown process hangs: $(h_pids_of shutdown)"

# ---- -a and /etc/shutdown.allow ----------------------------------------------
mknod "$H_ROOT/dev/tty1" c 4 1 && mknod "$H_ROOT/dev/tty2" c 4 2 ||
	h_fail "cannot make console nodes in the sandbox"
# No shutdown.allow: -a is no check.
d_sbin shutdown -a -k now >/dev/null || h_error "-a without shutdown.allow refused"
printf '# who\ncarol\n' | h_write "$H_SYSCONFDIR/shutdown.allow"
deny()
{
	: >"$H_CONSOLE_LOG"
	d_sbin shutdown -a -k now >/dev/null 2>&1 && h_error "-a allowed $1"
	h_wait_console "shutdown: no authorized users logged in."
}
deny "nobody logged in on a console"
d_login dave tty1 5001
deny "dave, unlisted, on tty1"
d_login carol "$(d_pty_line alice)" 5002
deny "carol on a pseudo-terminal"
d_login carol tty2 5003
d_sbin shutdown -a -k now >/dev/null || h_error "-a refused carol on tty2"
h_exec /tmp/utmplogin -x carol tty2 5003
deny "carol logged out"
d_login root tty1 5004
d_sbin shutdown -a -k now >/dev/null || h_error "-a refused root on tty1"
h_ok "shutdown.allow"

h_assert h_alive
h_pass
