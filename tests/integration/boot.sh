#!/bin/bash
# The harness end to end: init boots as PID 1 through sysinit into its
# default runlevel, runs a `wait` entry that writes a marker, records the
# boot and the runlevel in utmp/wtmp, and teardown leaves nothing behind.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
h_inittab <<'TAB'
# the first integration test's inittab
id:2:initdefault:
si::sysinit:/bin/sh -c 'echo sysinit >/tmp/sysinit-ran'
w2:2:wait:/bin/sh -c 'echo "$RUNLEVEL $PREVLEVEL" >/tmp/marker'
TAB
h_start

h_wait "the wait entry's marker" 10 h_exists /tmp/marker
h_assert h_exists /tmp/sysinit-ran
[ "$(h_cat /tmp/marker)" = "2 N" ] || h_fail "marker says '$(h_cat /tmp/marker)', want '2 N'"
h_wait "runlevel 2 in utmp" 10 h_runlevel_is 2
h_wait_console "Entering runlevel: 2"
# As sysvinit 3: the level in /var/run/runlevel too.
[ "$(h_cat /var/run/runlevel)" = 2 ] || h_fail "/var/run/runlevel says '$(h_cat /var/run/runlevel)'"
h_assert h_alive

# PID 1 inside is our init; the host sees it as a child of unshare.
[ "$(h_exec cat /proc/1/comm)" = init ] || h_fail "PID 1 is $(h_exec cat /proc/1/comm)"
# Its title, as sysvinit's: "init [2]" and nothing after it.
title() { tr '\0' '\n' <"/proc/$H_PID/cmdline" | sed '/^$/d'; }
[ "$(title)" = "init [2]" ] || h_fail "the process title is '$(title | tr '\n' '|')', want 'init [2]'"
[ "$(ps -o args= -p "$H_PID" | sed 's/ *$//')" = "init [2]" ] ||
	h_fail "ps shows '$(ps -o args= -p "$H_PID")'"
LC_ALL=C last -x -f "$(h_wtmp)" | grep -q '^reboot' || h_fail "no reboot record in wtmp"

ns_pid=$H_PID
h_kill_init
h_wait "the namespace to go away" 10 test ! -d "/proc/$ns_pid"
h_pass
