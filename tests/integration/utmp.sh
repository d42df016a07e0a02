#!/bin/bash
# utmp and wtmp as init writes them, read back with getutxent
# (tests/tools/utmpread), who, last and our runlevel: the boot record,
# RUN_LVL records with sysvinit's pid encoding, INIT_PROCESS and
# DEAD_PROCESS for entries (in both files, no line of their own, the
# kernel release as host in wtmp alone, as sysvinit), a DEAD_PROCESS
# that keeps the tty of the login that took its slot, nothing for a
# `+` entry; no lock and no file on a disk held while init is idle, and
# a rotated wtmp or a
# utmp made anew written from the next record on; a utmp another
# process keeps locked holds init up for no more than a moment; and an
# unwritable utmp is reported once while init goes on.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

UTMPREAD=$H_BUILDDIR/tests/tools/utmpread
RUNLEVEL=$H_BUILDDIR/telinit/runlevel
[ -x "$UTMPREAD" ] || h_fail "no $UTMPREAD: run 'make tests/tools/utmpread' (make check builds it)"
[ -x "$RUNLEVEL" ] || h_fail "no $RUNLEVEL"
command -v python3 >/dev/null || h_fail "no python3 (apt-get install python3): it holds a lock on utmp"

h_setup
h_inittab <<'TAB'
id:2:initdefault:
si::sysinit:/bin/true
sl:2:respawn:/bin/sleep 3001
np:2:respawn:+/bin/sleep 3002
ex:2:once:/bin/sh -c 'while [ ! -e /tmp/go ]; do sleep 0.05; done'
lg:2:respawn:/bin/sleep 3003
rr:2345:respawn:/bin/sleep 3004
nx:2:once:/nonexistent/program
w3:3:wait:/bin/sh -c 'echo 3 >>/tmp/levels'
w4:4:wait:/bin/sh -c 'echo 4 >>/tmp/levels'
w5:5:wait:/bin/sh -c 'echo 5 >>/tmp/levels'
TAB
# wtmp from an earlier boot: written from the start (init never makes it
# before sysinit, as sysvinit never does).
: >"$H_ROOT/var/log/wtmp"
h_start
h_wait "runlevel 2" 10 h_runlevel_is 2
h_wait "the respawn entry" 10 h_running "sleep 3001"
h_wait "the + entry" 10 h_running "sleep 3002"
h_wait "the once entry" 10 h_running "while"

utmp() { "$UTMPREAD" "$(h_utmp)"; }
wtmp() { "$UTMPREAD" "$(h_wtmp)"; }
utmp_hosts() { "$UTMPREAD" -H "$(h_utmp)"; }
wtmp_hosts() { "$UTMPREAD" -H "$(h_wtmp)"; }
# has FILE LINE: FILE (utmp or wtmp) holds the record LINE exactly.
has() { "$1" | grep -qxF -- "$2"; }
expect() { has "$1" "$2" || h_fail "no '$2' in $1; it holds:"$'\n'"$("$1")"; }
# The pid a host pid has inside the namespace, as init records it.
inner_pid() { awk '/^NSpid:/ { print $NF }' "/proc/$1/status"; }
# RUN_LVL's pid: the level character plus 256 times the previous one.
lvl_pid() { echo $(($(printf '%d' "'$1") + 256 * $(printf '%d' "'$2"))); }

# ---- boot ----
for f in utmp wtmp; do
	expect $f "BOOT_TIME ~~ ~ reboot 0"
	expect $f "RUN_LVL ~~ ~ runlevel $(lvl_pid 2 N)"
	[ "$($f | grep -c '^BOOT_TIME')" -eq 1 ] || h_fail "more than one BOOT_TIME record in $f"
done
# As sysvinit: utmp is emptied before sysinit, so the sysinit entry's
# record is this boot's first; then the boot record, then the level.
[ "$(utmp | head -n 3 | cut -d' ' -f1,2 | tr '\n' ' ')" = "DEAD_PROCESS si BOOT_TIME ~~ RUN_LVL ~~ " ] ||
	h_fail "utmp does not start with si, BOOT_TIME, RUN_LVL:"$'\n'"$(utmp)"
[ "$(wtmp | head -n 4 | cut -d' ' -f1,2 | tr '\n' ' ')" = "INIT_PROCESS si DEAD_PROCESS si BOOT_TIME ~~ RUN_LVL ~~ " ] ||
	h_fail "wtmp does not start with si's records, BOOT_TIME, RUN_LVL:"$'\n'"$(wtmp)"

# ---- entries ----
# As sysvinit, the child writes its INIT_PROCESS record before it execs
# (so a getty always finds it), and its DEAD_PROCESS when the exec fails.
dead_nx() { utmp | grep -q '^DEAD_PROCESS nx - - [0-9]'; }
h_wait "DEAD_PROCESS for the entry that cannot run" 5 dead_nx
wtmp | grep -q '^INIT_PROCESS nx - - [0-9]' || h_fail "no INIT_PROCESS for nx in wtmp:"$'\n'"$(wtmp)"

sl=$(inner_pid "$(h_pids_of "sleep 3001")")
ex=$(inner_pid "$(h_pids_of "while")")
np=$(inner_pid "$(h_pids_of "sleep 3002")")
[ -n "$sl" ] && [ -n "$ex" ] && [ -n "$np" ] || h_fail "cannot find the entries' pids"
has_sl() { has utmp "INIT_PROCESS sl - - $sl"; }
h_wait "INIT_PROCESS for sl" 5 has_sl
expect utmp "INIT_PROCESS ex - - $ex"
# The + entry does its own bookkeeping: no record with its id or pid.
utmp | grep -q ' np ' && h_fail "utmp has a record for the + entry:"$'\n'"$(utmp)"
wtmp | grep -q ' np ' && h_fail "wtmp has a record for the + entry:"$'\n'"$(wtmp)"
utmp | grep -q " $np\$" && h_fail "utmp has a record with the + entry's pid $np"

# The once entry exits: its slot turns DEAD_PROCESS, in utmp and wtmp.
: >"$H_ROOT/tmp/go"
h_wait "the once entry to exit" 10 h_not_running "while"
dead_ex() { has utmp "DEAD_PROCESS ex - - $ex"; }
h_wait "DEAD_PROCESS for ex in utmp" 5 dead_ex
expect wtmp "DEAD_PROCESS ex - - $ex"
has utmp "INIT_PROCESS ex - - $ex" && h_fail "utmp still says ex runs"
# The respawn entry still runs, recorded as such.
expect utmp "INIT_PROCESS sl - - $sl"

# kill_respawn ID COMMAND: kill the respawn entry ID running COMMAND and
# wait for its next process and that one's INIT_PROCESS record in utmp;
# sets RESPAWNED to its pid inside the namespace.
kill_respawn()
{
	local id=$1 cmd=$2 old
	old=$(inner_pid "$(h_pids_of "$cmd")")
	kill "$(h_pids_of "$cmd")"
	respawned() { local p; p=$(h_pids_of "$cmd"); [ -n "$p" ] && [ "$(inner_pid "$p")" != "$old" ]; }
	h_wait "$id to respawn" 10 respawned
	RESPAWNED=$(inner_pid "$(h_pids_of "$cmd")")
	recorded() { has utmp "INIT_PROCESS $id - - $RESPAWNED"; }
	h_wait "INIT_PROCESS for the respawned $id" 5 recorded
}

# A killed respawn entry: DEAD for the old pid, INIT for the new one.
kill_respawn sl "sleep 3001"
sl2=$RESPAWNED
expect wtmp "DEAD_PROCESS sl - - $sl"
[ "$(utmp | grep -c ' sl - ')" -eq 1 ] || h_fail "sl has more than one utmp slot:"$'\n'"$(utmp)"
# sysvinit writes starts to wtmp too.
expect wtmp "INIT_PROCESS sl - - $sl2"
# The kernel release as host: in wtmp's records, none in utmp's.
rel=$(uname -r)
wtmp_hosts | grep -v " $rel\$" | grep . && h_fail "a wtmp record without the release as host:"$'\n'"$(wtmp_hosts)"
utmp_hosts | grep -v ' -$' | grep . && h_fail "a utmp record with a host:"$'\n'"$(utmp_hosts)"

# A login takes the getty's slot with the shell's pid (as Debian's login
# does); the entry's process dies: its DEAD_PROCESS names the tty, so
# `last` shows the session ending now.
lg=$(inner_pid "$(h_pids_of "sleep 3003")")
has_lg() { has utmp "INIT_PROCESS lg - - $lg"; }
h_wait "INIT_PROCESS for lg" 5 has_lg
python3 - "$(h_utmp)" <<'PY' || h_fail "cannot write a login record"
import struct, sys
size = 384
data = bytearray(open(sys.argv[1], "rb").read())
for off in range(0, len(data) - size + 1, size):
    if data[off + 40:off + 44].rstrip(b"\0") == b"lg":
        struct.pack_into("hxxi32s", data, off, 7, 99999, b"pts/9")
        struct.pack_into("32s", data, off + 44, b"root")
open(sys.argv[1], "r+b").write(data)
PY
expect utmp "USER_PROCESS lg pts/9 root 99999"
kill "$(h_pids_of "sleep 3003")"
# (In utmp the respawned lg's INIT_PROCESS soon takes the slot again.)
dead_lg() { has wtmp "DEAD_PROCESS lg pts/9 - $lg"; }
h_wait "DEAD_PROCESS for lg with its tty" 5 dead_lg

# The + entry dies and respawns: still no record of it anywhere.
kill "$(h_pids_of "sleep 3002")"
np_respawned() { local p; p=$(h_pids_of "sleep 3002"); [ -n "$p" ] && [ "$(inner_pid "$p")" != "$np" ]; }
h_wait "np to respawn" 10 np_respawned
np2=$(inner_pid "$(h_pids_of "sleep 3002")")
for f in utmp wtmp; do
	$f | grep -qE " np | ($np|$np2)\$" && h_fail "$f has a record for the + entry:"$'\n'"$($f)"
done

# Before any change: the previous level is N, as sysvinit's runlevel says.
out=$(h_exec "$H_SBINDIR/runlevel") || h_fail "runlevel inside failed: $out"
[ "$out" = "N 2" ] || h_fail "runlevel after boot says '$out', want 'N 2'"

# ---- a runlevel change ----
h_telinit 3 || h_fail "telinit 3 failed"
h_wait "runlevel 3 in utmp" 10 h_runlevel_is 3
h_wait "sl to stop in 3" 10 h_not_running "sleep 3001"
dead_sl2() { has utmp "DEAD_PROCESS sl - - $sl2"; }
h_wait "DEAD_PROCESS for sl after leaving 2" 5 dead_sl2
expect utmp "RUN_LVL ~~ ~ runlevel $(lvl_pid 3 2)"
expect wtmp "RUN_LVL ~~ ~ runlevel $(lvl_pid 3 2)"
# utmp keeps one RUN_LVL record; wtmp keeps the history.
[ "$(utmp | grep -c '^RUN_LVL')" -eq 1 ] || h_fail "utmp has several RUN_LVL records:"$'\n'"$(utmp)"
[ "$(wtmp | grep -c '^RUN_LVL')" -eq 2 ] || h_fail "wtmp should hold 2 RUN_LVL records:"$'\n'"$(wtmp)"

who_r=$(LC_ALL=C who -r "$(h_utmp)")
grep -q 'run-level 3 .*last=2' <<<"$who_r" || h_fail "who -r says: $who_r"

last_x=$(LC_ALL=C last -x -f "$(h_wtmp)")
grep -q '^reboot .*system boot' <<<"$last_x" || h_fail "last -x shows no reboot record:"$'\n'"$last_x"
grep -q '^runlevel .*(to lvl 2)' <<<"$last_x" || h_fail "last -x shows no change to 2:"$'\n'"$last_x"
grep -q '^runlevel .*(to lvl 3)' <<<"$last_x" || h_fail "last -x shows no change to 3:"$'\n'"$last_x"

# Our runlevel, inside (the compiled-in utmp) and on the host (a file).
out=$(h_exec "$H_SBINDIR/runlevel") || h_fail "runlevel inside failed: $out"
[ "$out" = "2 3" ] || h_fail "runlevel inside says '$out', want '2 3'"
out=$("$RUNLEVEL" "$(h_utmp)") || h_fail "runlevel on the host failed: $out"
[ "$out" = "2 3" ] || h_fail "runlevel $(h_utmp) says '$out', want '2 3'"

level_marker() { [ "$(tail -n 1 "$H_ROOT/tmp/levels" 2>/dev/null)" = "$1" ]; }

# ---- files replaced under a running init ----
# init opens and locks the files once per turn of its loop and lets them
# go before it sleeps: an idle init holds no lock on either, and once
# logrotate has renamed wtmp and made a new one, or utmp is made anew,
# the next records go to the new files.
python3 -c 'import fcntl, sys
for path in sys.argv[1:]:
    with open(path, "r+b") as f:
        fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)' "$(h_utmp)" "$(h_wtmp)" ||
	h_fail "an idle init holds a lock on utmp or wtmp"
# Nor does it hold either open where the file lives on a disk: shutdown
# remounts the root read-only, which the kernel refuses while a file on
# it is open for writing (on a tmpfs, as /run is on Debian, utmp stays
# open).
held=$(for fd in "/proc/$H_PID/fd/"*; do readlink "$fd"; done | grep -E '/(u|w)tmp$')
case $(stat -f -c %T "$H_ROOT/run/") in
tmpfs | ramfs) held=$(grep -v '/utmp$' <<<"$held") ;;
esac
[ -z "$held" ] || h_fail "an idle init holds open: $held"
mv "$(h_wtmp)" "$(h_wtmp).1" && : >"$(h_wtmp)" || h_fail "cannot rotate wtmp"
cp "$(h_utmp)" "$H_T/utmp.new" && mv "$H_T/utmp.new" "$(h_utmp)" || h_fail "cannot replace utmp"
rotated=$(cksum <"$(h_wtmp).1")
rr=$(inner_pid "$(h_pids_of "sleep 3004")")
kill_respawn rr "sleep 3004"
rr2=$RESPAWNED
expect wtmp "DEAD_PROCESS rr - - $rr"
expect wtmp "INIT_PROCESS rr - - $rr2"
[ "$(cksum <"$(h_wtmp).1")" = "$rotated" ] || h_fail "init wrote to the rotated wtmp.1"
[ "$(utmp | grep -c ' rr - ')" -eq 1 ] || h_fail "rr has more than one utmp slot:"$'\n'"$(utmp)"

# ---- a utmp another process keeps locked ----
# glibc's pututxline() would wait 10 s on the lock for each record; init
# must not stall on whoever holds it: it writes anyway, and says so once.
h_lock_utmp
h_telinit 4 || h_fail "telinit 4 with utmp locked failed"
h_wait "runlevel 4's wait entry with utmp locked" 5 level_marker 4
h_wait_console "utmp stays locked by another process"
# Readers take the lock too (who would wait): look once it is gone.
kill "$H_LOCKER"
wait "$H_LOCKER" 2>/dev/null
expect utmp "RUN_LVL ~~ ~ runlevel $(lvl_pid 4 3)"
h_telinit 3 || h_fail "telinit 3 after the lock failed"
h_wait "runlevel 3 again" 10 h_runlevel_is 3
n=$(grep -c "utmp stays locked" "$H_T/console")
[ "$n" -eq 1 ] || h_fail "the locked utmp was logged $n times, want once"

# ---- an unwritable utmp ----
h_exec sh -c 'mount --bind /run/utmp /run/utmp && mount -o remount,bind,ro /run/utmp' ||
	h_fail "cannot make utmp read-only inside the namespace"
h_exec sh -c ': >>/run/utmp' 2>/dev/null && h_fail "utmp is still writable"
before=$(utmp)
prev=3
for to in 4 5 4; do
	h_telinit "$to" || h_fail "telinit $to with utmp read-only failed"
	h_wait "runlevel $to's wait entry with utmp read-only" 10 level_marker "$to"
	# wtmp is still writable: each change is recorded there.
	rl() { has wtmp "RUN_LVL ~~ ~ runlevel $(lvl_pid "$to" "$prev")"; }
	h_wait "RUN_LVL $to in wtmp" 5 rl
	prev=$to
done
h_assert h_alive
h_wait_console "cannot write .*utmp"
n=$(grep -c "cannot write .*utmp" "$H_T/console")
[ "$n" -eq 1 ] || h_fail "the unwritable utmp was logged $n times, want once"
[ "$(utmp)" = "$before" ] || h_fail "utmp changed although read-only"
h_exec "$H_SBINDIR/runlevel" >/dev/null || h_fail "runlevel cannot read a read-only utmp"
h_pass
