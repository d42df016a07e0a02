#!/bin/bash
# PID 1 is never suspended by a child (issue 22, item 3).  An exec can
# take as long as the kernel likes: a program file under a write lease
# (as NFS and SMB servers hold files) makes the exec wait for the lease
# to be broken, up to /proc/sys/fs/lease-break-time (45 s); a hung NFS
# mount or a stopped FUSE daemon for ever.  While one entry's exec waits,
# a killed respawn entry must come back within a second and `telinit
# status` must answer.  The same for a child whose utmp record needs a
# scan of a 2 GiB (sparse) utmp.
#
# The lease is held from outside the sandbox (the inode is the same): a
# holder that says when the break comes and never lets go until killed.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

command -v python3 >/dev/null || h_fail "no python3 (apt-get install python3): it holds the lease"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
rs_pid() { h_pids_of "sleep 3001"; }
# rs came back: a pid, and not the one killed.
rs_back() { local p; p=$(rs_pid); [ -n "$p" ] && [ "$p" != "$1" ]; }

# Kill rs; it must be running again within a second, and init must
# answer `telinit status` within 5 s.  WHAT names the condition.
respawn_quickly()
{
	local what=$1 old t0 t1
	old=$(rs_pid)
	[ -n "$old" ] || h_fail "rs is not running ($what)"
	t0=$(now_ms)
	kill -KILL "$old"
	h_wait "rs to come back ($what)" 10 rs_back "$old"
	t1=$(now_ms)
	[ $((t1 - t0)) -le 1000 ] ||
		h_fail "rs came back after $((t1 - t0)) ms ($what): PID 1 was held up"
	h_ok "rs back after $((t1 - t0)) ms ($what)"
	local out
	# telinit gives up after 5 s without an answer.
	out=$(h_telinit status 2>&1) || h_fail "telinit status did not answer ($what): $out"
	grep -q 'rs' <<<"$out" || h_fail "telinit status does not list rs ($what):"$'\n'"$out"
}

h_setup
mkdir -p "$H_ROOT/opt/slow"
cp /bin/sleep "$H_ROOT/opt/slow/sleep" || h_fail "cannot copy /bin/sleep"
h_inittab <<'TAB'
id:2:initdefault:
rs:23:respawn:/bin/sleep 3001
sx:3:once:/opt/slow/sleep 3002
TAB
h_start
h_wait "rs to run" 10 h_running "sleep 3001"

# ---- a child whose record needs a scan of a 2 GiB utmp ----
# A new file (another inode): what init knew of the slots is dropped, and
# a record finds its slot by reading the file.
truncate -s 2G "$H_T/utmp.big" || h_fail "cannot make a sparse 2 GiB file"
cat "$(h_utmp)" | dd of="$H_T/utmp.big" conv=notrunc status=none
mv "$H_T/utmp.big" "$(h_utmp)" || h_fail "cannot replace utmp"
respawn_quickly "a 2 GiB utmp"
respawn_quickly "a 2 GiB utmp, again"

# ---- an exec that waits for a lease to be broken ----
python3 -c 'import fcntl, os, signal, sys, time
def on_break(sig, frame):
    open(sys.argv[3], "w").close()
signal.signal(signal.SIGIO, on_break)
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_WRLCK)
open(sys.argv[2], "w").close()
while True:
    time.sleep(100)' "$H_ROOT/opt/slow/sleep" "$H_T/leased" "$H_T/broken" &
holder=$!
h_helper "$holder"
h_wait "the lease on the program file" 10 test -e "$H_T/leased"
h_telinit 3 || h_fail "telinit 3 failed"
h_wait "sx's exec to break the lease" 10 test -e "$H_T/broken"
respawn_quickly "sx's exec waiting for a lease"
h_running "sleep 3002" && h_fail "sx ran although its exec should still wait for the lease"
h_ok "sx's exec still waits"
kill "$holder"
wait "$holder" 2>/dev/null
h_wait "sx to run once the lease is gone" 10 h_running "sleep 3002"

h_assert h_alive
h_pass
