#!/bin/bash
# What the kernel command line passes to init overrides initdefault: a
# digit, `single`; `emergency` runs a shell before sysinit; with no
# inittab at all init says so and goes single-user.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

boot_with() { # INIT-ARGS...
	h_kill_init
	: >"$H_T/console"
	rm -f "$H_ROOT"/tmp/ran-*
	h_start "$@"
}

h_setup
h_inittab <<'TAB'
id:2:initdefault:
si::sysinit:/bin/sh -c 'echo "$RUNLEVEL" >/tmp/ran-sysinit'
r2:2:wait:/bin/sh -c ': >/tmp/ran-2'
r3:3:wait:/bin/sh -c ': >/tmp/ran-3'
rs:S:wait:/bin/sh -c ': >/tmp/ran-S'
TAB

boot_with 3
h_wait "level 3 from the command line" 10 h_exists /tmp/ran-3
h_assert h_runlevel_is 3
h_assert test ! -e "$H_ROOT/tmp/ran-2"

boot_with single
h_wait "single user from the command line" 10 h_exists /tmp/ran-S
# As sysvinit: once single user's entries are done (^D at sulogin), on to
# the default level.
h_wait "the default level after single user" 10 h_exists /tmp/ran-2
h_wait "runlevel 2 after single user" 10 h_runlevel_is 2
# As sysvinit: single user at boot leaves no record; then boot goes on.
[ "$(h_exec "$H_SBINDIR/runlevel")" = "N 2" ] || h_fail "runlevel after single user: $(h_exec "$H_SBINDIR/runlevel")"

boot_with emergency
h_wait_console "emergency boot: starting a shell before sysinit"
# The emergency shell reads the (empty) console and exits; then boot goes on.
h_wait "sysinit after the emergency shell" 10 h_exists /tmp/ran-sysinit
h_wait "default level after emergency" 10 h_exists /tmp/ran-2

# No initdefault: init asks on the console.  The harness's console is a
# file that answers with init's own log lines, none of them a level: after
# 10 tries, single user.
grep -v initdefault "$H_ROOT$H_SYSCONFDIR/inittab" >"$H_T/tab"
h_inittab <"$H_T/tab"
boot_with
h_wait_console "Enter runlevel: "
h_wait_console "no runlevel could be read from the console: going to single user"
# Single user at boot, as sysvinit: no RUN_LVL record (runlevel says
# unknown), init's own state says S.
in_single() { h_telinit status | grep -q '^runlevel=S '; }
h_wait "single user after no answer" 10 in_single
h_assert h_alive

rm -f "$H_ROOT$H_SYSCONFDIR/inittab"
boot_with
h_wait_console "No inittab file found"
h_wait "single user without an inittab" 10 in_single
h_assert h_alive
h_pass
