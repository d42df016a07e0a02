#!/bin/bash
# A configuration file that exists but cannot be used (too large, not a
# regular file, out of memory) keeps the running table whole, whatever
# the drop-ins say: one line names the file and the reason, no entry is
# stopped.  (A refused inittab beside a readable drop-in used to make the
# drop-in alone the new table: every inittab entry stopped.)
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
h_inittab <<'TAB'
id:2:initdefault:
a:2:respawn:/bin/sleep 5101
b:2:respawn:/bin/sleep 5102
c:2:respawn:/bin/sleep 5103
TAB
D=$H_SYSCONFDIR/inittab.d
mkdir -p "$H_ROOT$D"
echo 'd:2:respawn:/bin/sleep 5104' | h_write "$D/d.tab"
h_start
for n in 5101 5102 5103 5104; do h_wait "sleep $n" 10 h_running "sleep $n"; done
pids=$(for n in 5101 5102 5103 5104; do h_pids_of "sleep $n"; done)

# Every entry still runs, with the pid it had.
same_pids()
{
	local now
	now=$(for n in 5101 5102 5103 5104; do h_pids_of "sleep $n"; done)
	[ "$now" = "$pids" ] || h_fail "$1: entries were stopped or restarted (was: $pids; now: $now)"
}

kept="the running configuration is kept"
# A drop-in that now adds an entry: the refused inittab must not let it in
# alone.
echo 'e:2:respawn:/bin/sleep 5105' | h_write "$D/e.tab"

# 1. inittab over 1 MiB.
mv "$H_ROOT$H_SYSCONFDIR/inittab" "$H_ROOT/tmp/inittab.good"
{ cat "$H_ROOT/tmp/inittab.good"; head -c 1100000 /dev/zero | tr '\0' '#'; echo; } | h_inittab
h_telinit -W q || h_fail "telinit -W q (large inittab) failed"
h_wait_console "$H_SYSCONFDIR/inittab: file too large (max 1 MiB): $kept"
same_pids "inittab over 1 MiB"
h_assert h_not_running "sleep 5105"

# 2. inittab is a FIFO (a read would block PID 1: it must not be read).
rm -f "$H_ROOT$H_SYSCONFDIR/inittab"
mkfifo "$H_ROOT$H_SYSCONFDIR/inittab"
h_telinit -W q || h_fail "telinit -W q (FIFO inittab) failed"
h_wait_console "$H_SYSCONFDIR/inittab: not a regular file: $kept"
same_pids "inittab a FIFO"
h_assert h_not_running "sleep 5105"
# A level request reads inittab too: the same.
h_telinit -W 2 || h_fail "telinit -W 2 (FIFO inittab) failed"
same_pids "telinit 2 with inittab a FIFO"

# 3. A drop-in that cannot be used keeps its entries (and everyone else's).
rm -f "$H_ROOT$H_SYSCONFDIR/inittab"
cp "$H_ROOT/tmp/inittab.good" "$H_ROOT$H_SYSCONFDIR/inittab"
rm -f "$H_ROOT$D/d.tab"
mkfifo "$H_ROOT$D/d.tab"
h_telinit -W q || h_fail "telinit -W q (FIFO drop-in) failed"
h_wait_console "$D/d.tab: not a regular file: $kept"
same_pids "a drop-in a FIFO"
h_assert h_not_running "sleep 5105"

# 4. Out of memory for inittab's text: PID 1's address space limited to
# a little more than it uses, so a 600 kB file cannot be read while the
# small drop-in can.  (A sanitizer's allocator carves its blocks out of
# space reserved at start, so the limit cannot starve it: not applicable
# to such a build, said so below.)
rm -f "$H_ROOT$D/d.tab"
echo 'd:2:respawn:/bin/sleep 5104' | h_write "$D/d.tab"
if grep -qa __asan_init "$H_ROOT$H_SBINDIR/init"; then
	h_log "note: case 4 (out of memory) needs an unsanitized init: not run here"
else
	{ cat "$H_ROOT/tmp/inittab.good"; for i in $(seq 1 12000); do
		echo "# padding line $i of a long comment to make the file large"; done; } | h_inittab
	vm=$(awk '/^VmSize:/ { print $2 }' "/proc/$H_PID/status")
	prlimit --pid "$H_PID" --as=$(((vm + 256) * 1024)): || h_fail "prlimit failed"
	h_telinit -W q || h_fail "telinit -W q (no memory) failed"
	prlimit --pid "$H_PID" --as=unlimited:
	h_wait_console "$H_SYSCONFDIR/inittab: out of memory: $kept"
	same_pids "inittab out of memory"
	h_assert h_not_running "sleep 5105"
fi

# A usable configuration again: the new drop-in's entry starts, nothing
# else moves.
cp "$H_ROOT/tmp/inittab.good" "$H_ROOT$H_SYSCONFDIR/inittab"
h_telinit -W q || h_fail "telinit -W q (good again) failed"
h_wait "the drop-in's new entry" 10 h_running "sleep 5105"
same_pids "a good reload"
h_assert h_alive
h_pass
