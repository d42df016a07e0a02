#!/bin/bash
# utmp and wtmp over many entries, where init's index of utmp's slots
# grows several times and the records of a turn are written under one
# lock: one slot per id, wtmp's records in order, and a slot that another
# writer added (a login's) found and taken over rather than doubled.  As
# root, /run is a tmpfs, as on Debian, where init keeps utmp open between
# turns: a utmp made anew there is written from the next record on.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

UTMPREAD=$H_BUILDDIR/tests/tools/utmpread
[ -x "$UTMPREAD" ] || h_fail "no $UTMPREAD: run 'make tests/tools/utmpread' (make check builds it)"
command -v python3 >/dev/null || h_fail "no python3 (apt-get install python3): it writes a login's record"
N=600

h_setup
{
	echo "id:2:initdefault:"
	for ((i = 0; i < N; i++)); do printf 'w%03d:2:wait:/bin/true\n' "$i"; done
	echo "lg:2:respawn:/bin/sleep 5001"
	echo "zz:2:wait:/bin/touch /tmp/done"
} | h_inittab
TMPFS_RUN=false
if [ "$(id -u)" -eq 0 ]; then
	RUNDIR=$(readlink -f "$H_ROOT/run")
	trap 'rc=$?; umount -l "$RUNDIR" 2>/dev/null; (exit $rc); h_teardown' EXIT
	cp -a "$RUNDIR/." "$H_T/run.seed" && mount -t tmpfs -o mode=0755 tmpfs "$RUNDIR" &&
		cp -a "$H_T/run.seed/." "$RUNDIR/" || h_fail "cannot put a tmpfs on /run"
	TMPFS_RUN=true
fi
h_start
h_wait "$N wait entries" 120 h_exists /tmp/done
utmp() { "$UTMPREAD" "$(h_utmp)"; }
wtmp() { "$UTMPREAD" "$(h_wtmp)"; }

# One slot per id, each ended.
n=$(utmp | awk '$2 ~ /^w[0-9]+$/' | wc -l)
[ "$n" -eq "$N" ] || h_fail "utmp holds $n records of the wait entries, want $N:"$'\n'"$(utmp | head -n 20)"
n=$(utmp | awk '$1 == "DEAD_PROCESS" && $2 ~ /^w[0-9]+$/ { print $2 }' | sort -u | wc -l)
[ "$n" -eq "$N" ] || h_fail "$n distinct wait entries end DEAD_PROCESS in utmp, want $N"
# wtmp: each entry's start, then its end, with the same pid.
bad=$(wtmp | awk '$2 ~ /^w[0-9]+$/ {
		if ($1 == "INIT_PROCESS") { if ($2 in init) bad++; init[$2] = $5 }
		else if ($1 == "DEAD_PROCESS") { if (!($2 in init) || init[$2] != $5 || ($2 in dead)) bad++; dead[$2] = 1 }
	} END { n = 0; for (k in dead) n++; print (bad + 0) " " n }')
[ "$bad" = "0 $N" ] || h_fail "wtmp's records of the wait entries are not a start then an end each (errors, ends: $bad)"

# A login's record, added by another writer after init's last look: a
# new entry with its id takes that slot over.
python3 - "$(h_utmp)" <<'PY' || h_fail "cannot write a login record"
import fcntl, struct, sys, time
# glibc's struct utmpx on x86_64: 384 bytes.
rec = struct.pack("hi32s4s32s256shhiii4i20x", 6, 0, b"tty9", b"ab", b"LOGIN",
                  b"", 0, 0, 0, int(time.time()), 0, 0, 0, 0, 0)
assert len(rec) == 384
with open(sys.argv[1], "r+b") as f:
    fcntl.lockf(f, fcntl.LOCK_EX)
    f.seek(0, 2)
    f.write(rec)
PY
before=$(utmp | wc -l)
{ h_cat "$H_SYSCONFDIR/inittab"; echo "ab:2:respawn:/bin/sleep 5002"; } >"$H_T/inittab.new"
h_inittab <"$H_T/inittab.new"
h_telinit q || h_fail "telinit q failed"
h_wait "the new entry" 10 h_running "sleep 5002"
ab=$(awk '/^NSpid:/ { print $NF }' "/proc/$(h_pids_of "sleep 5002")/status")
# As sysvinit, the record is the child's own, with no line or user.
has_ab() { utmp | grep -qxF "INIT_PROCESS ab - - $ab"; }
h_wait "ab's INIT_PROCESS in the login's slot" 5 has_ab
[ "$(utmp | awk '$2 == "ab"' | wc -l)" -eq 1 ] || h_fail "ab has more than one utmp slot:"$'\n'"$(utmp | grep ' ab ')"
[ "$(utmp | wc -l)" -eq "$before" ] || h_fail "utmp grew from $before records to $(utmp | wc -l)"

if $TMPFS_RUN; then
	held() { for fd in "/proc/$H_PID/fd/"*; do readlink "$fd"; done | grep -q '/utmp$'; }
	h_assert held
	# utmp made anew behind init's back: the next records go there.
	cp "$(h_utmp)" "$RUNDIR/utmp.new" && mv "$RUNDIR/utmp.new" "$(h_utmp)" ||
		h_fail "cannot replace utmp"
	lg=$(awk '/^NSpid:/ { print $NF }' "/proc/$(h_pids_of "sleep 5001")/status")
	kill "$(h_pids_of "sleep 5001")"
	dead_lg() { utmp | grep -q "^INIT_PROCESS lg - - " && ! utmp | grep -q "^INIT_PROCESS lg - - $lg\$"; }
	h_wait "lg's next INIT_PROCESS in the new utmp" 10 dead_lg
	[ "$(utmp | awk '$2 == "lg"' | wc -l)" -eq 1 ] || h_fail "lg has more than one utmp slot"
fi
h_pass
