#!/bin/bash
# Stop requests from outside, sent from the host to the sandbox's PID 1 as
# container managers send them: SIGRTMIN+4 powers off (machinectl), and
# SIGRTMIN+5 reboots, as shutdown -h -P now and shutdown -r now would;
# SIGPWR runs the power entries, or powers off when inittab has none
# (LXC); SIGINT runs ctrlaltdel.  rc 0 and 6 see INIT_HALT as shutdown
# sets it.  Once the level a stop asked for is reached and nothing of it
# runs, init calls reboot(2) itself: in a PID namespace that ends the
# sandbox, its init killed by SIGINT (power-off) or SIGHUP (reboot), as
# the manager reads it.  A level 0 asked with telinit keeps init there,
# as sysvinit does.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"
. "$H_HARNESS/downlib.sh"
h_timeout 300

d_setup
INITTAB=$H_ROOT$H_SYSCONFDIR/inittab
cp "$INITTAB" "$H_T/inittab.plain"
sig_host() { kill -s "$1" "$H_PID" || h_fail "kill -s $1 $H_PID from the host failed"; }
# The sandbox ended with this signal (HUP: restart; INT: halt/power-off).
ended_by()
{
	d_wait_end
	[ "$D_END_SIGNAL" = "$1" ] || h_error "$2: the sandbox ended with '${D_END_SIGNAL:-an exit}', want SIG$1"
}
no_halt_var() { ! grep -q '^INIT_HALT' "$H_ROOT/tmp/env.$1"; }
# INIT_HALT=HALT set, and taken: init answers a status request after
# the requests before it.
set_halt()
{
	h_telinit -e INIT_HALT=HALT || h_fail "telinit -e"
	h_telinit status >/dev/null || h_fail "telinit status"
}
fresh() { rm -f "$H_ROOT"/tmp/env.* "$H_ROOT"/tmp/pw; d_boot; }

# ---- SIGRTMIN+4: INIT_HALT=POWEROFF, level 0, the end as a power-off ----
fresh
set_halt
sig_host RTMIN+4
ended_by INT "SIGRTMIN+4"
d_env_has 0 INIT_HALT=POWEROFF || h_error "SIGRTMIN+4: rc 0 lacked INIT_HALT=POWEROFF: $(cat "$H_ROOT/tmp/env.0")"
d_env_has 0 RUNLEVEL=0 || h_error "SIGRTMIN+4: rc 0 ran in another level"
h_console_has "signal 38 (SIGRTMIN+4): powering off" || h_error "SIGRTMIN+4 not logged"
h_ok "SIGRTMIN+4"

# ---- SIGRTMIN+5: INIT_HALT unset, level 6, the end as a restart ----
fresh
set_halt
sig_host RTMIN+5
ended_by HUP "SIGRTMIN+5"
[ -f "$H_ROOT/tmp/env.6" ] || h_error "SIGRTMIN+5: rc 6 did not run"
no_halt_var 6 || h_error "SIGRTMIN+5: rc 6 had $(grep INIT_HALT "$H_ROOT/tmp/env.6")"
h_ok "SIGRTMIN+5"

# ---- SIGPWR without power entries: a power-off; 'O' is no stop ----
fresh
echo O >"$H_ROOT/run/powerstatus"
sig_host PWR
h_wait "init to read the status file" 5 test ! -e "$H_ROOT/run/powerstatus"
h_flip_level "SIGPWR with the power back"
[ -f "$H_ROOT/tmp/env.0" ] && h_error "SIGPWR (status O) went to level 0"
sig_host PWR
ended_by INT "SIGPWR without power entries"
d_env_has 0 INIT_HALT=POWEROFF || h_error "SIGPWR: rc 0 lacked INIT_HALT=POWEROFF"
h_ok "SIGPWR without power entries"

# ---- SIGPWR with a power entry: the entry, and init stays ----
echo "pw::powerwait:/bin/sh -c 'echo pw >>/tmp/pw'" >>"$INITTAB"
fresh
sig_host PWR
h_wait "the powerwait entry" 10 test -s "$H_ROOT/tmp/pw"
h_flip_level "SIGPWR with a powerwait entry"
[ -f "$H_ROOT/tmp/env.0" ] && h_error "SIGPWR with a powerwait entry went to level 0"
cp "$H_T/inittab.plain" "$INITTAB"
h_kill_init
h_ok "SIGPWR with a powerwait entry"

# ---- SIGINT runs ctrlaltdel, here Debian's: shutdown -t1 -a -r now ----
# (no /etc/shutdown.allow: -a lets it go on).  rc 6 does not reboot and
# the request was not init's own: init stays in level 6.
echo "ca:12345:ctrlaltdel:$H_SBINDIR/shutdown -t1 -a -r now" >>"$INITTAB"
fresh
sig_host INT
h_wait "level 6 after SIGINT" 15 h_runlevel_is 6
h_wait "rc 6 after SIGINT" 10 test -f "$H_ROOT/tmp/env.6"
sleep 1
h_assert h_alive
cp "$H_T/inittab.plain" "$INITTAB"
h_kill_init
h_ok "SIGINT: ctrlaltdel"

# ---- telinit 0: rc 0 without halt at its end leaves init in level 0 ----
fresh
h_telinit 0 || h_fail "telinit 0"
h_wait "rc 0 after telinit 0" 10 test -f "$H_ROOT/tmp/env.0"
sleep 1
h_assert h_alive
h_flip_level "telinit 0"
h_kill_init
h_ok "telinit 0 stays"

# ---- a stop overridden by a later request is no longer carried out ----
# rc 0 waits for a file; telinit 2 comes first; a later telinit 0 is
# only a level change.
sed -i "s|^e0:.*|e0:0:wait:/bin/sh -c 'while [ ! -e /tmp/go ]; do sleep 0.1; done; env >/tmp/env.0'|" "$INITTAB"
fresh
rm -f "$H_ROOT/tmp/go"
sig_host RTMIN+4
h_wait "rc 0 to start" 10 h_running "/tmp/go"
h_telinit 2 || h_fail "telinit 2"
h_wait "runlevel 2 after the stop" 15 h_runlevel_is 2
touch "$H_ROOT/tmp/go"
h_telinit 0 || h_fail "telinit 0"
h_wait "rc 0 after telinit 0" 10 test -f "$H_ROOT/tmp/env.0"
sleep 1
h_assert h_alive
h_kill_init
h_ok "an overridden stop"

# ---- a stop during boot: after sysinit, level 0 instead of level 2 ----
cp "$H_T/inittab.plain" "$INITTAB"
echo "si::sysinit:/bin/sh -c 'while [ ! -e /tmp/go ]; do sleep 0.1; done'" >>"$INITTAB"
rm -f "$H_ROOT/tmp/go" "$H_ROOT"/tmp/env.*
h_start
h_wait "sysinit to run" 10 h_running "/tmp/go"
sig_host RTMIN+4
sleep 0.5
h_assert h_alive
touch "$H_ROOT/tmp/go"
ended_by INT "SIGRTMIN+4 during sysinit"
d_env_has 0 INIT_HALT=POWEROFF || h_error "SIGRTMIN+4 during sysinit: rc 0 lacked INIT_HALT=POWEROFF"
d_env_has 0 PREVLEVEL=N || h_error "SIGRTMIN+4 during sysinit: rc 0 came after another level"
h_ok "a stop during boot"

# ---- the stop waits for rc 0, and rc 0's own halt ends it ----
cp "$H_T/inittab.plain" "$INITTAB"
sed -i "s|^e0:.*|e0:0:wait:/bin/sh -c 'env >/tmp/env.0; exec $H_SBINDIR/halt -d -f -p'|" "$INITTAB"
fresh
sig_host RTMIN+4
ended_by INT "SIGRTMIN+4, rc 0 with halt -d -f -p"
d_env_has 0 INIT_HALT=POWEROFF || h_error "rc 0 with halt: no INIT_HALT=POWEROFF"
sed -i "s|^e6:.*|e6:6:wait:/bin/sh -c 'env >/tmp/env.6; exec $H_SBINDIR/reboot -d -f'|" "$INITTAB"
fresh
sig_host RTMIN+5
ended_by HUP "SIGRTMIN+5, rc 6 with reboot -d -f"
h_ok "rc 0 and 6 that end the system themselves"
h_pass
