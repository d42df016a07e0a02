#!/bin/bash
# fork() fails in PID 1: init says so, keeps serving requests, retries,
# and recovers once the limit is lifted.
#
# RLIMIT_NPROC binds no process of the real root, so as root the limit
# is a pids cgroup around init (cgroup v1 or v2); without root, where the
# harness runs init in a user namespace, it is RLIMIT_NPROC itself.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
cg=
cleanup() { h_teardown; [ -z "$cg" ] || rmdir "$cg" 2>/dev/null; }
trap cleanup EXIT

h_inittab <<'TAB'
id:2:initdefault:
r:23:respawn:/bin/sleep 3001
w2:2:wait:/bin/sh -c 'echo 2 >>/tmp/levels'
w3:3:wait:/bin/sh -c 'echo 3 >>/tmp/levels'
TAB
h_start
h_wait "runlevel 2" 10 h_runlevel_is 2
h_wait "r running" 10 h_running "sleep 3001"
# The limit binds init and what it forks from now on: the spawner that
# made r (a second after its last start it leaves) must not be the one
# that makes the next start.
h_wait "the spawner gone" 10 h_spawner_gone

pids_cgroup_dir()
{
	local base
	for base in /sys/fs/cgroup/pids /sys/fs/cgroup; do
		[ -w "$base" ] || continue
		[ "$base" = /sys/fs/cgroup ] && ! grep -qw pids "$base/cgroup.subtree_control" 2>/dev/null && continue
		mkdir "$base/initsuite-forkfail.$$" 2>/dev/null || continue
		if [ -f "$base/initsuite-forkfail.$$/pids.max" ]; then
			echo "$base/initsuite-forkfail.$$"
			return 0
		fi
		rmdir "$base/initsuite-forkfail.$$"
	done
	return 1
}

if [ ${#H_USERNS[@]} -gt 0 ]; then
	how="RLIMIT_NPROC"
	# Only the soft limit moves: raising a hard limit needs
	# CAP_SYS_RESOURCE, which a user who is not root does not have.
	nproc_soft=$(prlimit --pid "$H_PID" --nproc --output SOFT --noheadings | tr -d ' ')
	[ -n "$nproc_soft" ] || h_fail "cannot read init's RLIMIT_NPROC"
	limit() { prlimit --pid "$H_PID" --nproc=1:; }
	unlimit() { prlimit --pid "$H_PID" --nproc="$nproc_soft":; }
elif cg=$(pids_cgroup_dir); then
	how="a pids cgroup"
	# Only init moves in; its running children stay where they are, so
	# with a maximum of 1 every fork of init fails.
	echo "$H_PID" >"$cg/cgroup.procs" || h_fail "cannot move init into $cg"
	limit() { echo 1 >"$cg/pids.max"; }
	unlimit() { echo max >"$cg/pids.max"; }
else
	h_skip "as root and without a writable pids cgroup, nothing can make fork fail in init"
fi
h_log "fork limited with $how"
limit || h_fail "cannot limit init's processes with $how"

# A respawn entry whose process dies cannot be restarted.
pkill --ns "$H_PID" --nslist pid -f "sleep 3001" || h_fail "cannot kill r"
h_wait_console 'cannot start Id "r": Resource temporarily unavailable; retrying' 15
# A runlevel change is taken, though its entries cannot start yet.
h_telinit 3 || h_fail "telinit 3 failed while fork fails"
h_wait_console 'cannot start Id "w3"' 15
h_assert h_alive
h_assert h_not_running "sleep 3001"
grep -qx 3 "$H_ROOT/tmp/levels" && h_fail "w3 ran while fork was failing"
# Retries wait their turn: init is not spinning meanwhile.
t0=$(awk '{ print $14 + $15 }' "/proc/$H_PID/stat")
sleep 3
t1=$(awk '{ print $14 + $15 }' "/proc/$H_PID/stat")
[ $((t1 - t0)) -lt 100 ] || h_fail "init used $((t1 - t0)) clock ticks in 3 s of failing forks"

unlimit || h_fail "cannot lift the limit"
h_wait "w3 after the limit was lifted" 15 grep -qx 3 "$H_ROOT/tmp/levels"
h_wait "r respawned after the limit was lifted" 15 h_running "sleep 3001"
h_wait "runlevel 3" 10 h_runlevel_is 3
h_telinit 2 || h_fail "telinit 2 failed after recovery"
h_wait "w2 after recovery" 15 eval '[ "$(tail -n 1 "$H_ROOT/tmp/levels")" = 2 ]'
h_assert h_alive
h_pass
