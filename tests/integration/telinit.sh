#!/bin/bash
# telinit against the real init as PID 1: every command observed to take
# effect; garbage, short and huge writes to the FIFO, the FIFO replaced by
# a regular file or a symlink, a non-root writer; init keeps working after
# each.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
h_inittab <<'TAB'
id:2:initdefault:
r2:2:respawn:/bin/sleep 1002
r3:3:respawn:/bin/sleep 1003
w3:3:wait:/bin/sh -c 'sleep 1; echo "$RUNLEVEL $PREVLEVEL ${INIT_FOO-unset} $INIT_OTHER $(env | grep -c ^INIT_OTHER=)" >/tmp/w3'
oa:a:ondemand:/bin/sleep 1010
ob:b:ondemand:/bin/sleep 1011
pw::powerwait:/bin/sh -c 'echo F >/tmp/powerwait'
pn::powerfailnow:/bin/sh -c 'echo L >/tmp/powerfailnow'
po::powerokwait:/bin/sh -c 'echo O >/tmp/powerok'
TAB
# init was started with INIT_OTHER (as from the kernel's command line):
# telinit -e sets it over that, once.
H_INIT_ENV=INIT_OTHER=kernel
h_start
h_wait "runlevel 2" 10 h_runlevel_is 2
h_wait "r2 running" 10 h_running "sleep 1002"

# init still answers and still changes level: the health check used after
# every abuse below.  Alternates between 2 and 3 so each call is a change.
next=3
h_healthy()
{
	h_assert h_alive
	h_telinit -W -T 20 $next || h_fail "init did not complete a change to $next"
	h_runlevel_is $next || h_fail "utmp says $(h_runlevel), want $next"
	h_telinit status | grep -q "^runlevel=$next " || h_fail "status does not show level $next"
	if [ $next = 3 ]; then next=2; else next=3; fi
}

# ---- status ---------------------------------------------------------------
out=$(h_telinit status) || h_fail "telinit status failed"
echo "$out" | grep -q '^runlevel=2 previous=N state=idle$' || h_fail "status header: $out"
echo "$out" | grep -Eq '^r2 +2 +respawn +running +[0-9]+ ' || h_fail "status r2 line: $out"
echo "$out" | grep -Eq '^r3 +3 +respawn +stopped ' || h_fail "status r3 line: $out"
[ "$(h_exec "$H_SBINDIR/runlevel")" = "N 2" ] || h_fail "runlevel says $(h_exec "$H_SBINDIR/runlevel")"

# ---- -e, -W and a runlevel change -----------------------------------------
# As sysvinit's: a name that is not INIT_ is left out, the rest is set.
h_telinit -e INIT_FOO=bar -e PATH=/evil -e INIT_OTHER=1 || h_fail "telinit -e"
h_telinit -W 3 || h_fail "telinit -W 3"
# -W returned only after the wait entry (1 s) had written its marker.
h_assert h_exists /tmp/w3
[ "$(h_cat /tmp/w3)" = "3 2 bar 1 1" ] || h_fail "w3 saw '$(h_cat /tmp/w3)'"
h_assert h_running "sleep 1003"
h_wait "r2 stopped" 10 h_not_running "sleep 1002"
[ "$(h_exec "$H_SBINDIR/runlevel")" = "2 3" ] || h_fail "runlevel says $(h_exec "$H_SBINDIR/runlevel")"
# As sysvinit's runlevel: a file's first RUN_LVL record (wtmp's oldest);
# with none (utmp emptied, a chroot), the level init keeps in
# /var/run/runlevel, as "N 3"; with neither, "unknown" and status 1.
[ "$(h_exec "$H_SBINDIR/runlevel" /var/log/wtmp)" = "N 2" ] ||
	h_fail "runlevel on wtmp: $(h_exec "$H_SBINDIR/runlevel" /var/log/wtmp)"
: >"$H_ROOT/tmp/empty-utmp"
[ "$(h_cat /var/run/runlevel)" = 3 ] || h_fail "/var/run/runlevel holds '$(h_cat /var/run/runlevel)'"
[ "$(h_exec "$H_SBINDIR/runlevel" /tmp/empty-utmp)" = "N 3" ] ||
	h_fail "runlevel with no record: $(h_exec "$H_SBINDIR/runlevel" /tmp/empty-utmp)"
mv "$H_ROOT/var/run/runlevel" "$H_ROOT/tmp/runlevel.saved"
out=$(h_exec "$H_SBINDIR/runlevel" /tmp/empty-utmp) && h_fail "runlevel with nothing to read exited 0: $out"
[ "$out" = unknown ] || h_fail "runlevel with nothing to read: $out"
mv "$H_ROOT/tmp/runlevel.saved" "$H_ROOT/var/run/runlevel"

# ---- -t: the grace before SIGKILL for a process that ignores SIGTERM ------
h_telinit -e INIT_FOO || h_fail "telinit -e unset"
h_write "$H_SYSCONFDIR/inittab" <<'TAB'
id:2:initdefault:
r2:2:respawn:/bin/sleep 1002
r3:3:respawn:/bin/sleep 1003
w3:3:wait:/bin/sh -c 'sleep 1; echo "$RUNLEVEL $PREVLEVEL ${INIT_FOO-unset} $INIT_OTHER $(env | grep -c ^INIT_OTHER=)" >/tmp/w3'
oa:a:ondemand:/bin/sleep 1010
ob:b:ondemand:/bin/sleep 1011
t2:2:respawn:/bin/sh -c 'trap "" TERM; exec /bin/sleep 1005'
TAB
h_telinit -W q || h_fail "telinit -W q"
rm -f "$H_ROOT/tmp/w3"
h_telinit -W 2 || h_fail "telinit -W 2"
h_wait "t2 running" 10 h_running "sleep 1005"
t0=$(date +%s%N)
h_telinit -t 6 3 || h_fail "telinit -t 6 3"
h_assert h_running "sleep 1005"
h_telinit status | grep -q ' state=changing$' || h_fail "not changing: $(h_telinit status)"
h_wait "SIGKILL after the 6 s grace" 20 h_not_running "sleep 1005"
# Not before the grace ran out (a loaded machine only makes it later).
ms=$((($(date +%s%N) - t0) / 1000000))
[ $ms -ge 5900 ] || h_fail "t2 was killed after $ms ms, before the 6 s grace"
h_wait "the change to 3 done" 10 h_exists /tmp/w3
h_wait "runlevel 3" 10 h_runlevel_is 3
[ "$(h_cat /tmp/w3)" = "3 2 unset 1 1" ] || h_fail "INIT_FOO not unset: '$(h_cat /tmp/w3)'"

# ---- a/b/c: ondemand entries start, the level stays ----------------------
h_telinit -W a || h_fail "telinit -W a"
h_wait "oa running" 10 h_running "sleep 1010"
h_assert h_not_running "sleep 1011"
h_telinit B || h_fail "telinit B"
h_wait "ob running" 10 h_running "sleep 1011"
h_assert h_runlevel_is 3

# ---- q: re-read inittab ----------------------------------------------------
h_write "$H_SYSCONFDIR/inittab" <<'TAB'
id:2:initdefault:
r2:2:respawn:/bin/sleep 1002
r3:3:respawn:/bin/sleep 1003
n3:3:respawn:/bin/sleep 1004
TAB
h_telinit -W q || h_fail "telinit -W q"
h_wait "the new entry running" 10 h_running "sleep 1004"
h_telinit status | grep -Eq '^n3 +3 +respawn +running ' || h_fail "status lacks n3"

# ---- power requests --------------------------------------------------------
h_write "$H_SYSCONFDIR/inittab" <<'TAB'
id:2:initdefault:
r2:2:respawn:/bin/sleep 1002
r3:3:respawn:/bin/sleep 1003
pw::powerwait:/bin/sh -c 'echo F >/tmp/powerwait'
pn::powerfailnow:/bin/sh -c 'echo L >/tmp/powerfailnow'
po::powerokwait:/bin/sh -c 'echo O >/tmp/powerok'
rs:S:respawn:/bin/sleep 1020
TAB
h_telinit -W Q || h_fail "telinit -W Q"
h_telinit powerfail || h_fail "telinit powerfail"
h_wait "powerwait entry" 10 h_exists /tmp/powerwait
h_telinit powerfailnow || h_fail "telinit powerfailnow"
h_wait "powerfailnow entry" 10 h_exists /tmp/powerfailnow
h_telinit powerok || h_fail "telinit powerok"
h_wait "powerokwait entry" 10 h_exists /tmp/powerok

# ---- S and back ------------------------------------------------------------
# rs keeps single user busy, or init would go on to the default level.
h_telinit -W S || h_fail "telinit -W S"
h_assert h_runlevel_is S
h_wait "r3 stopped" 10 h_not_running "sleep 1003"
h_wait "rs running in S" 10 h_running "sleep 1020"
next=2
h_healthy

# ---- usage errors ----------------------------------------------------------
h_telinit x 2>/dev/null; [ $? -eq 2 ] || h_fail "telinit x: want exit 2"
h_telinit -W -T 1 2>/dev/null; [ $? -eq 2 ] || h_fail "telinit -W with no level: want exit 2"

# ---- abuse of the FIFO -----------------------------------------------------
fifo=$H_RUNSTATEDIR/initctl
h_exec sh -c "printf abc >$fifo" || h_fail "short write"
h_wait_console "got bogus initrequest"
h_healthy
h_exec sh -c "head -c 384 /dev/urandom >$fifo" || h_fail "garbage write"
h_healthy
h_exec sh -c "head -c 1000000 /dev/zero >$fifo" || h_fail "huge write"
h_healthy
# A well-formed header with an unknown command and a bad level.
h_exec sh -c "{ printf 'i\031\011\003*\000\000\000'; head -c 376 /dev/zero; } >$fifo; \
	{ printf 'i\031\011\003\001\000\000\000z\000\000\000'; head -c 372 /dev/zero; } >$fifo"
h_healthy

# The FIFO replaced by a regular file, then by a symlink: init puts a FIFO
# back, and telinit never writes into anything else.
# rename(2) swaps them in atomically: init gets no chance to see a gap.
: >"$H_ROOT/tmp/plain" && mv -T "$H_ROOT/tmp/plain" "$H_ROOT$fifo" || h_fail "replace by a file"
h_wait "a FIFO again after a regular file" 10 test -p "$H_ROOT$fifo"
h_healthy
ln -s /tmp/elsewhere "$H_ROOT/tmp/link" && mv -T "$H_ROOT/tmp/link" "$H_ROOT$fifo" || h_fail "replace by a symlink"
h_wait "a FIFO again after a symlink" 10 test -p "$H_ROOT$fifo"
h_assert test ! -e "$H_ROOT/tmp/elsewhere"
h_healthy

# A non-root writer: the FIFO is 0600 root, and telinit itself refuses.
if h_exec setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	h_exec setpriv --reuid=65534 --regid=65534 --clear-groups "$H_SBINDIR/telinit" 2 2>"$H_T/nonroot"
	[ $? -eq 1 ] || h_fail "non-root telinit: want exit 1"
	grep -q "only root may do this" "$H_T/nonroot" || h_fail "non-root: $(cat "$H_T/nonroot")"
	h_exec setpriv --reuid=65534 --regid=65534 --clear-groups sh -c "echo x >$fifo" 2>/dev/null &&
		h_fail "nobody could write to $fifo"
else
	h_log "note: uid 65534 is not mapped here; the non-root writer part did not run"
fi
h_healthy

# SIGUSR2 closes the FIFO: telinit says init is not listening; SIGUSR1 reopens.
kill -USR2 "$H_PID"
h_wait "the FIFO closed" 10 sh -c "! ls -l /proc/$H_PID/fd | grep -q initctl"
h_telinit 3 2>"$H_T/held"; [ $? -eq 1 ] || h_fail "telinit with the FIFO held closed: want exit 1"
grep -q "init is not listening on $fifo" "$H_T/held" || h_fail "held: $(cat "$H_T/held")"
# While init leaves the path alone, telinit meets a file and a symlink there.
: >"$H_ROOT/tmp/plain" && mv -T "$H_ROOT/tmp/plain" "$H_ROOT$fifo" || h_fail "replace by a file"
h_telinit 3 2>"$H_T/held"; [ $? -eq 1 ] || h_fail "telinit into a regular file: want exit 1"
grep -q "$fifo is not a FIFO" "$H_T/held" || h_fail "regular file: $(cat "$H_T/held")"
[ ! -s "$H_ROOT$fifo" ] || h_fail "telinit wrote into a regular file"
ln -s /tmp/elsewhere "$H_ROOT/tmp/link" && mv -T "$H_ROOT/tmp/link" "$H_ROOT$fifo" || h_fail "replace by a symlink"
h_telinit 3 2>"$H_T/held"; [ $? -eq 1 ] || h_fail "telinit into a symlink: want exit 1"
grep -q "$fifo is a symbolic link" "$H_T/held" || h_fail "symlink: $(cat "$H_T/held")"
h_assert test ! -e "$H_ROOT/tmp/elsewhere"
kill -USR1 "$H_PID"
h_wait "a FIFO again after SIGUSR1" 10 test -p "$H_ROOT$fifo"
h_wait "the FIFO reopened" 10 sh -c "ls -l /proc/$H_PID/fd | grep -q initctl"
h_healthy

# ---- u: re-exec keeps the level and the running processes ----------------
level=$(h_runlevel)
pid_before=$(h_pids_of "sleep 100[23]")
h_telinit u || h_fail "telinit u"
h_wait_console "reloading"
h_wait "init answering after re-exec" 20 h_telinit -T 1 status >/dev/null
h_assert h_runlevel_is "$level"
[ "$(h_pids_of "sleep 100[23]")" = "$pid_before" ] || h_fail "re-exec restarted the respawn entry"
h_healthy

h_pass
