#!/bin/bash
# Faults around init's files: an inittab truncated mid-line, made of
# binary garbage, 100 MB large, or not a regular file, then `telinit q`;
# an entry whose program is not executable; /run read-only, and /run
# full (no space, no inodes).  After each, init logs a clear message,
# keeps what runs, and a later telinit request still takes effect.
#
# Covered elsewhere, not repeated here: a deleted inittab and text
# garbage (reload.sh); FIFO faults (fifo.sh); signals incl. SIGSTOP/
# SIGCONT (signals.sh); a missing program and the respawn rate limit
# (respawn.sh); a read-only utmp (utmp.sh); orphans (orphans.sh).
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_timeout 240
h_setup
TAB_OK='id:2:initdefault:
k:23:respawn:/bin/sleep 5001
w2:2:wait:/bin/sh -c "echo 2 >>/tmp/levels"
w3:3:wait:/bin/sh -c "echo 3 >>/tmp/levels"'
echo "$TAB_OK" | h_inittab
h_start
h_wait "runlevel 2" 10 h_runlevel_is 2
h_wait "sleep 5001" 10 h_running "sleep 5001"
k_pid=$(h_pids_of "sleep 5001")

level_marker() { [ "$(tail -n 1 "$H_ROOT/tmp/levels" 2>/dev/null)" = "$1" ]; }
# A runlevel change still takes effect, seen through the wait entries'
# marker, which needs neither utmp nor the status file.
level_change_works() { h_flip_level "$1" level_marker; }
k_untouched() { [ "$(h_pids_of "sleep 5001")" = "$k_pid" ] || h_fail "after $1: k was restarted"; }
# reload_refused WHAT MESSAGE: telinit q with a broken inittab is logged
# with MESSAGE and leaves the running table alone.
reload_refused()
{
	local what=$1 msg=$2 before
	before=$(grep -c -- "$msg" "$H_T/console")
	h_telinit -W q || h_fail "telinit -W q ($what) failed"
	h_wait "\"$msg\" logged ($what)" 10 eval '[ "$(grep -c -- "$msg" "$H_T/console")" -gt "$before" ]'
	k_untouched "$what"
	level_change_works "$what"
}

# ---- an inittab truncated in the middle of a line ----
# Cut inside the action field of the last entry: that line is reported
# with file, line and the field it lacks; the others stay in force.
printf '%s\nx:23:respa' "$TAB_OK" | h_inittab
h_telinit -W q || h_fail "telinit -W q (truncated) failed"
h_wait_console "$H_SYSCONFDIR/inittab:5: missing process field"
k_untouched "a truncated inittab"
level_change_works "a truncated inittab"
# Cut inside the first line's runlevel field: nothing before it.
printf 'id:' | h_inittab
reload_refused "an inittab cut after 3 bytes" "keeping the current one"

# ---- binary garbage ----
head -c 65536 /dev/urandom | h_inittab
reload_refused "64 KiB of random bytes" "keeping the current one"
# NUL bytes and no newline at all.
head -c 4096 /dev/zero | h_inittab
reload_refused "4 KiB of NUL bytes" "keeping the current one"

# ---- a 100 MB inittab: refused whole, never read into PID 1 ----
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$H_PID/status"; }
rss_before=$(rss_kb)
yes 'zz:23:respawn:/bin/sleep 5099' | head -c 100M | h_inittab
reload_refused "a 100 MB inittab" "$H_SYSCONFDIR/inittab: file too large"
h_assert h_not_running "sleep 5099"
rss_after=$(rss_kb)
[ "$rss_after" -lt $((rss_before + 4096)) ] ||
	h_fail "init grew from ${rss_before} kB to ${rss_after} kB on a 100 MB inittab"

# ---- an inittab that is not a regular file ----
rm -f "$H_ROOT$H_SYSCONFDIR/inittab"
mkfifo "$H_ROOT$H_SYSCONFDIR/inittab"      # opening it must not block PID 1
reload_refused "an inittab that is a FIFO" "$H_SYSCONFDIR/inittab: not a regular file"
rm -f "$H_ROOT$H_SYSCONFDIR/inittab"
ln -s /dev/zero "$H_ROOT$H_SYSCONFDIR/inittab"
reload_refused "an inittab linked to /dev/zero" "$H_SYSCONFDIR/inittab: not a regular file"
rm -f "$H_ROOT$H_SYSCONFDIR/inittab"

# ---- a program that is not executable ----
printf '#!/bin/sh\nexit 0\n' | h_write /tmp/noexec
chmod 0644 "$H_ROOT/tmp/noexec"
printf '%s\nne:23:respawn:/tmp/noexec\n' "$TAB_OK" | h_inittab
h_telinit -W q || h_fail "telinit -W q (non-executable program) failed"
h_wait_console 'cannot execute "/tmp/noexec"'
h_wait_syslog 'Id "ne": cannot execute "/tmp/noexec": Permission denied'
h_wait_console 'Id "ne" respawning too fast: disabled for 5 minutes' 15
k_untouched "a non-executable program"
level_change_works "a non-executable program"

# ---- /run read-only ----
# Bind /run onto itself read-only inside the namespace: the FIFO is still
# there and readable, but nothing new can be written under /run.
echo "$TAB_OK" | h_inittab
h_telinit -W q || h_fail "telinit -W q (back to the good table) failed"
h_exec sh -c 'mount --bind /run /run && mount -o remount,bind,ro /run' ||
	h_fail "cannot make /run read-only inside the namespace"
h_exec sh -c ': >/run/probe' 2>/dev/null && h_fail "/run is still writable"
level_change_works "/run read-only"
level_change_works "/run read-only (again)"
h_wait_console "cannot write .*utmp" 10
h_exec umount /run || h_fail "cannot unmount the read-only /run"
h_wait "init's FIFO after /run came back" 10 test -p "$H_ROOT$H_RUNSTATEDIR/initctl"
h_telinit -W 2 || h_fail "telinit -W 2 failed once /run was writable again"
h_assert level_marker 2

# ---- /run full: no space and no inodes left ----
# A tiny tmpfs over /run: init makes its FIFO there at once (fifo.sh
# tests that); then every block and inode is taken.
h_exec mount -t tmpfs -o size=64k,nr_inodes=16,mode=0755 tmpfs /run ||
	h_fail "cannot mount a small tmpfs over /run"
h_wait "init's FIFO on the small /run" 10 h_exec test -p /run/initctl
h_exec sh -c 'dd if=/dev/zero of=/run/fill bs=4k 2>/dev/null; i=0; while : >/run/f$i 2>/dev/null; do i=$((i+1)); done; true'
h_exec sh -c ': >/run/one-more' 2>/dev/null && h_fail "/run is not full"
level_change_works "/run full"
level_change_works "/run full (again)"
k_untouched "/run full"
h_wait_console "cannot write .*utmp" 10
h_exec sh -c 'rm -f /run/fill /run/f*' || h_fail "cannot empty /run"
h_telinit -W 3 || h_fail "telinit -W 3 failed once /run had room again"
h_assert level_marker 3
# init holds its FIFO open there, as sysvinit does: only a lazy unmount
# goes, as at shutdown.
h_exec umount -l /run || h_fail "cannot unmount the small /run"

h_wait "init's FIFO after the small /run went" 10 test -p "$H_ROOT$H_RUNSTATEDIR/initctl"
h_telinit -W 2 || h_fail "telinit -W 2 failed at the end"
h_assert level_marker 2
k_untouched "the end"
h_assert h_alive
h_pass
