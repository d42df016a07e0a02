#!/bin/bash
# Wire and utmp compatibility with sysvinit 3.x, with Debian's own
# binaries (package sysvinit-core, fetched with apt-get download, never
# installed): sysvinit's telinit and shutdown drive our init, sysvinit's
# runlevel reads our utmp, our runlevel answers as sysvinit's on the same
# files, and our telinit drives sysvinit's init.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
h_sysvinit
sv=$H_SYSVINIT
h_inittab <<'TAB'
id:2:initdefault:
l2:2:wait:/bin/sh -c 'echo "2 $PREVLEVEL" >>/tmp/levels'
l3:3:wait:/bin/sh -c 'echo "3 $PREVLEVEL $INIT_COLOUR" >>/tmp/levels'
l6:6:wait:/bin/sh -c 'echo "6 $PREVLEVEL" >>/tmp/levels'
r2:2:respawn:/bin/sleep 6002
TAB
h_start
h_wait "runlevel 2" 10 h_runlevel_is 2

# sysvinit's runlevel reads our utmp.
out=$(h_exec $sv/runlevel) || h_fail "sysvinit's runlevel failed"
[ "$out" = "N 2" ] || h_fail "sysvinit's runlevel says '$out'"

# sysvinit's telinit: -e, -t and a level, in its own wire format.
h_exec $sv/telinit -e INIT_COLOUR=blue || h_fail "sysvinit's telinit -e failed"
h_exec $sv/telinit -t 1 3 || h_fail "sysvinit's telinit 3 failed"
h_wait "runlevel 3 requested by sysvinit's telinit" 10 h_runlevel_is 3
h_wait "l3" 5 grep -qx "3 2 blue" "$H_ROOT/tmp/levels"
h_wait "r2 stopped" 5 h_not_running "sleep 6002"
[ "$(h_exec $sv/runlevel)" = "2 3" ] || h_fail "sysvinit's runlevel: $(h_exec $sv/runlevel)"
h_exec $sv/telinit q || h_fail "sysvinit's telinit q failed"
h_wait_syslog "Re-reading inittab"

# Our runlevel reads what sysvinit's reads, as sysvinit's does: a wtmp
# file's first record; utmp with no record (its fallback to the level
# init keeps in /var/run/runlevel); and neither.
: >"$H_ROOT/tmp/empty-utmp"
for f in /var/log/wtmp /tmp/empty-utmp; do
	ours=$(h_exec "$H_SBINDIR/runlevel" "$f"; echo "rc=$?")
	theirs=$(h_exec $sv/runlevel "$f"; echo "rc=$?")
	[ "$ours" = "$theirs" ] || h_fail "runlevel $f: ours '$ours', sysvinit's '$theirs'"
done
mv "$H_ROOT/var/run/runlevel" "$H_ROOT/tmp/runlevel.saved"
ours=$(h_exec "$H_SBINDIR/runlevel" /tmp/empty-utmp; echo "rc=$?")
theirs=$(h_exec $sv/runlevel /tmp/empty-utmp; echo "rc=$?")
[ "$ours" = "$theirs" ] || h_fail "runlevel with nothing to read: ours '$ours', sysvinit's '$theirs'"
mv "$H_ROOT/tmp/runlevel.saved" "$H_ROOT/var/run/runlevel"

# sysvinit's shutdown asks for runlevel 6 through the same FIFO.
h_exec $sv/shutdown -r now >/dev/null 2>&1 </dev/null || h_fail "sysvinit's shutdown -r now failed"
h_wait "runlevel 6 requested by shutdown" 15 h_runlevel_is 6
h_wait "l6" 5 grep -qx "6 3" "$H_ROOT/tmp/levels"
h_assert h_alive

# Our telinit drives sysvinit's init, which reads /etc/inittab whatever
# our sysconfdir is.
h_kill_init
: >"$H_T/console"
cp "$H_ROOT$sv/init" "$H_ROOT$H_SBINDIR/init"
[ "$H_ROOT$H_SYSCONFDIR/inittab" -ef "$H_ROOT/etc/inittab" ] ||
	cp "$H_ROOT$H_SYSCONFDIR/inittab" "$H_ROOT/etc/inittab"
rm -f "$H_ROOT/tmp/levels" "$H_ROOT/run/initctl"
h_start
h_wait "sysvinit in runlevel 2" 10 h_runlevel_is 2
h_telinit 3 || h_fail "our telinit 3 to sysvinit failed"
h_wait "sysvinit in runlevel 3" 15 h_runlevel_is 3
h_wait "sysvinit ran l3" 5 grep -q "^3 2" "$H_ROOT/tmp/levels"
[ "$(h_exec "$H_SBINDIR/runlevel")" = "2 3" ] || h_fail "our runlevel on sysvinit's utmp: $(h_exec "$H_SBINDIR/runlevel")"
h_pass
