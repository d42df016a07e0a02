#!/bin/bash
# No leak in init across 1000 `telinit q` reloads of a 200-entry inittab
# and 1000 respawns.
#
# Built with --enable-sanitizers, init runs LeakSanitizer's check when it
# is asked to re-exec (`telinit u`), where its whole heap is dropped: the
# console must say "no leaks".  In an ordinary build, the bytes init's
# heap holds (the `heap=` line of `telinit status`, from mallinfo2) must
# be the same after the warm-up and at the end, with the same table and
# the same processes: a leak of one small block per reload or per
# respawn would add kilobytes.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_timeout 600
RELOADS=${LEAK_RELOADS:-1000}
ROUNDS=8            # rounds of killing every respawn entry
RESPAWNERS=125      # 8 x 125 = 1000 respawns, 8 per entry: under the limit
h_setup
sanitized=false
grep -qa __lsan_do_recoverable_leak_check "$H_BUILDDIR/init/init" && sanitized=true

# Two 200-entry tables that differ in 75 entries that never run, so each
# reload parses, compares and replaces entries but starts nothing.
table()
{
	local variant=$1 i
	echo "id:2:initdefault:"
	for i in $(seq 1 $RESPAWNERS); do
		echo "r$i:2:respawn:/bin/sleep $((700000 + i))"
	done
	for i in $(seq 1 74); do
		echo "o$i:4:off:/bin/echo variant $variant entry $i with some arguments"
	done
}
table a | h_write /tmp/tab.a
table b | h_write /tmp/tab.b
[ "$(wc -l <"$H_ROOT/tmp/tab.a")" -eq 200 ] || h_fail "the table has not 200 entries"
cp "$H_ROOT/tmp/tab.a" "$H_ROOT$H_SYSCONFDIR/inittab"
# Without glibc's per-thread cache, a freed block counts as free in
# mallinfo2 at once; with it, up to 7 blocks of each size stay "in use"
# and the figure creeps up by a few kB as new sizes are seen.
H_INIT_ENV=GLIBC_TUNABLES=glibc.malloc.tcache_count=0
h_start
h_wait "runlevel 2" 20 h_runlevel_is 2
SLEEPERS='^/bin/sleep 7[0-9]{5}$'   # the respawn entries' processes
respawners() { h_pids_of "$SLEEPERS" | wc -l; }
all_running() { [ "$(respawners)" -eq $RESPAWNERS ]; }
h_wait "$RESPAWNERS respawn entries running" 60 all_running

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$H_PID/status"; }
# The heap and stack alone, without the program's and libraries' pages.
anon_kb() { awk '/^RssAnon:/ { print $2 }' "/proc/$H_PID/status"; }
# Bytes in use in init's heap, as init reports them.
heap_bytes() { h_telinit status | sed -n 's/^heap=\([0-9]*\) .*/\1/p'; }
# One `telinit q` request as it crosses the FIFO: magic 0x03091969,
# command 1 (runlevel), runlevel 'Q', then zeros up to 384 bytes.
q_request() { printf '\x69\x19\x09\x03\x01\x00\x00\x00\x51\x00\x00\x00'; head -c 372 /dev/zero; }
q_request >"$H_T/q1"
[ "$(stat -c %s "$H_T/q1")" -eq 384 ] || h_fail "the request is not 384 bytes"
for i in $(seq 1 100); do cat "$H_T/q1"; done >"$H_T/q100"
FIFO=$H_ROOT$H_RUNSTATEDIR/initctl
# reload N: N more reloads (N a multiple of 100), written straight to the
# FIFO a hundred at a time, the table swapped between the batches.
reload() {
	local n=$1 b want t
	for b in $(seq 1 $((n / 100))); do
		if [ $((b % 2)) = 0 ]; then t=a; else t=b; fi
		cp "$H_ROOT/tmp/tab.$t" "$H_ROOT$H_SYSCONFDIR/inittab.new" &&
			mv "$H_ROOT$H_SYSCONFDIR/inittab.new" "$H_ROOT$H_SYSCONFDIR/inittab" ||
			h_fail "cannot swap the inittab"
		cat "$H_T/q100" >"$FIFO" || h_fail "cannot write to the FIFO"
		# Requests are served in order: this one answers after the
		# hundred before it.
		h_telinit -W -T 60 q || h_fail "telinit -W q after a batch of reloads failed"
	done
	h_log "$((n + n / 100)) reloads done"
}
# kill_round: every respawn entry's process killed, all back again.
# A killed process stays visible until it has run its exit, which on a
# loaded machine takes a while: "back" means 125 running, none of them
# one of the killed.
replaced() {
	all_running &&
		[ -z "$(comm -12 <(echo "$killed") <(h_pids_of "$SLEEPERS" | sort))" ]
}
kill_round() {
	killed=$(h_pids_of "$SLEEPERS" | sort)
	pkill --ns "$H_PID" --nslist pid -f "$SLEEPERS" ||
		h_fail "nothing to kill"
	h_wait "$RESPAWNERS respawn entries back" 60 replaced
	h_log "$RESPAWNERS respawned"
}

# A warm-up of telinit's own request, 100 reloads and one round; then the
# rest.
h_telinit -W q >/dev/null || h_fail "telinit q failed"
reload 100
kill_round
rss_warm=$(rss_kb) anon_warm=$(anon_kb) heap_warm=$(heap_bytes)
reload $((RELOADS - 100))
for r in $(seq 2 $ROUNDS); do kill_round; done
rss_end=$(rss_kb) anon_end=$(anon_kb) heap_end=$(heap_bytes)
h_log "PID 1 resident: ${rss_warm} kB after the warm-up, ${rss_end} kB at the end"
h_log "PID 1 anonymous: ${anon_warm} kB after the warm-up, ${anon_end} kB at the end"
h_log "PID 1 heap in use: ${heap_warm:-?} bytes after the warm-up, ${heap_end:-?} bytes at the end"
grep -q "respawning too fast" "$H_T/console" && h_fail "an entry hit the respawn limit: fewer respawns than meant"
h_assert h_alive

if $sanitized; then
	h_telinit u || h_fail "telinit u failed"
	h_wait_console "leak check before re-exec:" 60
	grep -q "leak check before re-exec: no leaks" "$H_T/console" || {
		sed -n '/LeakSanitizer/,$p' "$H_T/boot.log" "$H_T/console" | head -n 60 >&2
		h_fail "LeakSanitizer found leaks in init"
	}
	h_wait_console "version [^ ]* reloading$" 60
else
	cycles="$((RELOADS - 100)) reloads and $((ROUNDS - 1)) x $RESPAWNERS respawns"
	if grep -q '^#define HAVE_MALLINFO2 1' "$H_BUILDDIR/config.h"; then
		[ -n "$heap_warm" ] && [ -n "$heap_end" ] ||
			h_fail "telinit status shows no heap= line"
		# The same table, the same 125 processes: the same bytes, give
		# or take the few bytes a block gains when the free chunk it is
		# cut from is too small to split (±300 bytes seen).  A leaked
		# block per reload or per respawn would add 14 kB or more.
		[ "$heap_end" -le $((heap_warm + 1024)) ] ||
			h_fail "PID 1's heap grew from $heap_warm to $heap_end bytes over $cycles"
	else
		h_log "this C library has no mallinfo2: resident pages only"
	fi
	# Resident pages only as a coarse check: which freed heap pages are
	# resident at a given moment moves by a few pages (RESULTS.md), and
	# VmRSS also counts file pages the kernel may evict and fault back.
	[ "$anon_end" -le $((anon_warm + 32)) ] ||
		h_fail "PID 1's anonymous memory grew from ${anon_warm} kB to ${anon_end} kB over $cycles"
fi

# And it still serves.
h_telinit -W 3 || h_fail "telinit 3 failed after the reloads"
h_wait "runlevel 3" 20 h_runlevel_is 3
h_wait "respawn entries stopped in runlevel 3" 30 h_not_running "$SLEEPERS"
h_pass
