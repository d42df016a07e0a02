#!/bin/bash
# The /run/initctl FIFO: created 0600 by init; garbage, short, huge,
# bad-magic and unknown requests are logged (rate-limited) and ignored;
# a whole request behind a writer stopped half-way is kept, and the
# pieces make no request;
# a request built by hand in sysvinit's byte layout works; a FIFO
# replaced by a regular file or a symlink is recreated; a non-root writer
# is kept out.  After each, telinit still changes the runlevel.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

command -v perl >/dev/null || h_skip "perl is needed to build raw requests"

h_setup
h_inittab <<'TAB'
id:2:initdefault:
w2:2:wait:/bin/sh -c 'echo 2 >>/tmp/levels'
w3:3:wait:/bin/sh -c 'echo 3 >>/tmp/levels'
w4:4:wait:/bin/sh -c 'echo 4 >>/tmp/levels'
TAB
h_start
h_wait "runlevel 2" 10 h_runlevel_is 2

# Where /proc shows it: the configured directory, symlinks resolved.
FIFO=$(realpath -m "$H_ROOT$H_RUNSTATEDIR")/initctl
# Bytes waiting in the FIFO (FIONREAD), so a test knows init has read
# everything before it sends the next request: garbage and a request
# read together would be dropped together, which is right but not what
# a step means to test.
pipe_empty()
{
	perl -e 'open(my $f, "+<", $ARGV[0]) or exit 2;
		my $n = pack("L", 0); ioctl($f, 0x541B, $n) or exit 2;
		exit(unpack("L", $n) == 0 ? 0 : 1)' "$FIFO"
}
# raw_request MAGIC CMD LEVELCHAR SLEEPTIME: one 384-byte request in the
# sysvinit layout (host order, little-endian here), on stdout.
raw_request() { perl -e 'print pack("l<l<l<l<", hex($ARGV[0]), $ARGV[1], ord($ARGV[2]), $ARGV[3]), "\0" x 368' "$@"; }
# Write a file to the FIFO from the host in one write(2) and wait until
# init has read it all.
send_raw()
{
	cat "$1" >"$FIFO" || h_fail "cannot write to $FIFO"
	h_wait "init to read $1" 10 pipe_empty
}
level_change_works() { h_flip_level "$1"; }
is_init_fifo()
{
	[ -p "$FIFO" ] && [ ! -L "$FIFO" ] &&
		[ "$(stat -c '%a %u' "$FIFO")" = "600 $(awk '/^Uid:/ { print $2 }' "/proc/$H_PID/status")" ]
}
fifo_open_by_init() { [ "$(readlink -f "/proc/$H_PID/fd/$(fd_of_init_fifo)")" = "$FIFO" ]; }
fd_of_init_fifo() { ls -l "/proc/$H_PID/fd" | awk '/\/run\/initctl$/ { print $9; exit }'; }

# ---- the FIFO as init makes it ----
[ "$(stat -c '%F %a' "$FIFO")" = "fifo 600" ] || h_fail "host sees $FIFO as: $(stat -c '%F %a' "$FIFO")"
h_assert is_init_fifo
inside=$(h_exec stat -c '%F %a %u %g' /run/initctl)
[ "$inside" = "fifo 600 0 0" ] || h_fail "inside, /run/initctl is: $inside"
h_assert fifo_open_by_init

# ---- bad requests: logged, ignored ----
head -c 12 /dev/urandom >"$H_T/short"
send_raw "$H_T/short"
h_wait_console "got bogus initrequest"
h_console_has "got bogus initrequest (.*12 bytes" || h_fail "the first complaint is not sysvinit's \"got bogus initrequest\" naming the 12 bytes"
t_first=$(date +%s)
level_change_works "a 12-byte write"

head -c 384 /dev/urandom >"$H_T/garbage384"
send_raw "$H_T/garbage384"
level_change_works "384 random bytes"

head -c 1000 /dev/urandom >"$H_T/garbage1000"
send_raw "$H_T/garbage1000"
level_change_works "1000 random bytes"

head -c 1048576 /dev/urandom >"$H_T/huge"
send_raw "$H_T/huge"
level_change_works "a 1 MB write"

raw_request 12345678 1 3 0 >"$H_T/badmagic"
[ "$(stat -c %s "$H_T/badmagic")" -eq 384 ] || h_fail "raw_request is not 384 bytes"
send_raw "$H_T/badmagic"
level_change_works "a request with a bad magic"

raw_request 03091969 42 3 0 >"$H_T/unknown"
send_raw "$H_T/unknown"
level_change_works "an unknown command"

raw_request 03091969 1 X 0 >"$H_T/badlevel"
send_raw "$H_T/badlevel"
level_change_works "an unknown runlevel"
h_assert h_alive

# ---- a request built by hand, in sysvinit's layout ----
for lvl in 3 2; do
	h_runlevel_is "$lvl" && continue
	raw_request 03091969 1 "$lvl" 0 >"$H_T/runlvl"
	send_raw "$H_T/runlvl"
	h_wait "the hand-built request for $lvl" 10 h_runlevel_is "$lvl"
done
# The same bytes from printf, to not depend on perl's pack alone.
to=3; h_runlevel_is 3 && to=2
{ printf '\x69\x19\x09\x03\x01\x00\x00\x00%s\x00\x00\x00\x00\x00\x00\x00' "$to"; head -c 368 /dev/zero; } >"$H_T/runlvl2"
[ "$(stat -c %s "$H_T/runlvl2")" -eq 384 ] || h_fail "the printf request is not 384 bytes"
send_raw "$H_T/runlvl2"
h_wait "the printf-built request for $to" 10 h_runlevel_is "$to"

# ---- a writer stopped half-way, another's whole request behind it ----
# The first 200 bytes of a request for 4 wait in the pipe while telinit
# asks for another level: telinit's request must be read and acted on,
# and the stopped writer's bytes, with the rest that follows later, must
# make no request (no change to 4).
to=3; h_runlevel_is 3 && to=2
raw_request 03091969 1 4 0 >"$H_T/req4"
# Stopped (from outside its namespace), init reads both writes at once, as
# it would on a loaded machine.
pipe_holds() {
	perl -e 'open(my $f, "+<", $ARGV[0]) or exit 2;
		my $n = pack("L", 0); ioctl($f, 0x541B, $n) or exit 2;
		exit(unpack("L", $n) == $ARGV[1] ? 0 : 1)' "$FIFO" "$1"
}
kill -STOP "$H_PID"
perl -e 'open(my $f, ">", $ARGV[0]) or die "open: $!"; open(my $r, "<", $ARGV[1]) or die;
	binmode $r; local $/; my $b = <$r>;
	syswrite($f, substr($b, 0, 200)) == 200 or die "write: $!";
	open(my $o, ">", $ARGV[2]); close $o;
	sleep 0.1 until -e $ARGV[3];
	syswrite($f, substr($b, 200)) == 184 or die "write: $!";' \
	"$FIFO" "$H_T/req4" "$H_T/half.sent" "$H_T/half.rest" &
writer=$!
h_wait "the half request in the pipe" 10 test -e "$H_T/half.sent"
h_telinit -W "$to" >"$H_T/telinit.out" 2>&1 &
waiter=$!
h_wait "telinit's request behind it" 10 pipe_holds $((200 + 384))
kill -CONT "$H_PID"
wait "$waiter" || h_fail "telinit -W $to behind a half-written request failed (its request was lost): $(cat "$H_T/telinit.out")"
h_assert h_runlevel_is "$to"
touch "$H_T/half.rest"
wait "$writer" || h_fail "the half writer failed"
h_wait "init to read the rest" 10 pipe_empty
level_change_works "a half-written request"
grep -qx 4 "$H_ROOT/tmp/levels" 2>/dev/null && h_fail "the pieces of two writes made a request for 4"
h_assert h_alive

# ---- the FIFO removed or replaced ----
recreated() { is_init_fifo && fifo_open_by_init; }
rm -f "$FIFO"
h_wait "init to recreate a removed FIFO" 10 recreated
level_change_works "removing the FIFO"

# A regular file renamed over it (atomically, so init never sees a gap).
echo "not a fifo" >"$H_ROOT/run/initctl.new"
mv -f "$H_ROOT/run/initctl.new" "$FIFO"
h_wait "init to replace a regular file with its FIFO" 10 recreated
h_wait_console "was not init's FIFO: replaced it"
level_change_works "a regular file at the FIFO's path"

# A symlink to a FIFO init did not make: init must not follow it.
mkfifo -m 0600 "$H_ROOT/tmp/decoy"
ln -s /tmp/decoy "$H_ROOT/run/initctl.new"
mv -f -T "$H_ROOT/run/initctl.new" "$FIFO"
h_wait "init to replace a symlink with its FIFO" 10 recreated
level_change_works "a symlink at the FIFO's path"
ls -l "/proc/$H_PID/fd" | grep -q decoy && h_fail "init opened the symlink's target"

# The same, with SIGUSR1 asking init to look again at once.
echo "not a fifo" >"$H_ROOT/run/initctl.new"
mv -f "$H_ROOT/run/initctl.new" "$FIFO"
kill -USR1 "$H_PID"
h_wait "init to replace a regular file after SIGUSR1" 10 recreated
level_change_works "a regular file and SIGUSR1"
ln -s /tmp/decoy "$H_ROOT/run/initctl.new"
mv -f -T "$H_ROOT/run/initctl.new" "$FIFO"
h_exec kill -USR1 1
h_wait "init to replace a symlink after SIGUSR1" 10 recreated
level_change_works "a symlink and SIGUSR1"

# A FIFO anyone may write to is not init's either.
mkfifo -m 0666 "$H_ROOT/run/initctl.new"
mv -f "$H_ROOT/run/initctl.new" "$FIFO"
h_wait "init to replace a mode 0666 FIFO" 10 recreated
level_change_works "a mode 0666 FIFO at the path"

# Something init cannot remove (a directory): reported once, telinit
# refuses it, and init takes the path back when it is gone.  SIGUSR2
# keeps init from recreating the FIFO while the directory is put there.
fifo_open() { ls -l "/proc/$H_PID/fd" 2>/dev/null | grep -q '/run/initctl$'; }
fifo_closed() { ! fifo_open; }
said_before=$(grep -c "not init's FIFO" "$H_T/console")
kill -USR2 "$H_PID"
h_wait "init to close the FIFO after SIGUSR2" 5 fifo_closed
rm -f "$FIFO"
mkdir "$FIFO"
kill -USR1 "$H_PID"
h_wait_console "not init's FIFO and cannot be removed"
rc=0
out=$(h_telinit 3 2>&1) || rc=$?
[ $rc -eq 1 ] && grep -q "not a FIFO" <<<"$out" || h_fail "telinit with a directory at the path: rc $rc: $out"
# Wake init a few times: the message must not repeat on each wake-up.
# One SIGHUP at a time: two pending at once are one signal.
rereads() { grep -c "re-read inittab:" "$H_T/syslog"; }
for i in 1 2 3; do
	before=$(rereads)
	h_exec kill -HUP 1
	h_wait "init to re-read inittab ($i of 3)" 10 eval '[ "$(rereads)" -gt "$before" ]'
done
n=$(($(grep -c "not init's FIFO" "$H_T/console") - said_before))
[ "$n" -eq 1 ] || h_fail "the undeletable directory was reported $n times, want once"
rmdir "$FIFO"
h_wait "init to recreate the FIFO where the directory was" 10 recreated
level_change_works "a directory at the FIFO's path"

# A tmpfs mounted over /run (as an rc script does) hides the FIFO and
# sends no inotify event; init must notice the mount and make a new one.
# utmp is hidden too, so the console tells whether a change happened.
h_exec mount -t tmpfs -o mode=0755 tmpfs /run || h_fail "cannot mount a tmpfs on /run inside"
in_ns_fifo() { h_exec test -p /run/initctl && [ "$(h_exec stat -c %a /run/initctl)" = 600 ]; }
h_wait "init to make its FIFO in the tmpfs on /run" 10 in_ns_fifo
entered=$(grep -c "Switching to runlevel" "$H_T/console")
to=3; h_runlevel_is 3 && to=2
h_telinit "$to" || h_fail "telinit $to with a tmpfs on /run failed"
more_entered() { [ "$(grep -c "Switching to runlevel" "$H_T/console")" -gt "$entered" ]; }
h_wait "runlevel $to with a tmpfs on /run" 10 more_entered
tail -n 3 "$H_T/console" | grep -q "Switching to runlevel: $to" || h_fail "did not change to runlevel $to"
# And back: the old /run shows again, with the FIFO init made there.
h_exec umount -l /run || h_fail "cannot unmount the tmpfs on /run"
h_wait "init to take the FIFO in the old /run back" 10 recreated
# (The old utmp missed the change made meanwhile: go to a third level.)
h_telinit 4 || h_fail "telinit 4 after unmounting /run failed"
h_wait "runlevel 4 after unmounting /run" 10 h_runlevel_is 4

# ---- a non-root writer ----
if h_exec setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	before=$(h_runlevel)
	to=3; [ "$before" = 3 ] && to=2
	rc=0
	out=$(h_exec setpriv --reuid=65534 --regid=65534 --clear-groups "$H_SBINDIR/telinit" "$to" 2>&1) || rc=$?
	[ $rc -eq 1 ] || h_fail "telinit as uid 65534 exited $rc, want 1: $out"
	grep -q "only root" <<<"$out" || h_fail "telinit as uid 65534 said: $out"
	# Bypassing telinit: the FIFO's mode keeps the opener out.
	out=$(h_exec setpriv --reuid=65534 --regid=65534 --clear-groups \
		sh -c 'exec 3>/run/initctl && echo opened' 2>&1) && h_fail "uid 65534 could open the FIFO: $out"
	grep -qi "permission denied" <<<"$out" || h_fail "uid 65534 opening the FIFO: $out"
	h_assert h_runlevel_is "$before"
	level_change_works "a non-root writer"
else
	h_log "note: uid 65534 is not mapped in this user namespace:" \
		"skipping only the non-root writer check (run as root to cover it)"
fi

# ---- the rate limit: the complaints since the first are counted ----
# init reports at most one bad request per 10 s, then says how many it
# did not report.  Wait for that window to pass, by the clock.
window_over() { [ $(($(date +%s) - t_first)) -ge 11 ]; }
h_wait "the rate-limit window to pass" 15 window_over
send_raw "$H_T/short"
h_wait_console "more since the last report"
# Every bad request is either reported or counted in a later report:
# 12 bytes, 384 and 1000 random bytes, the 1 MB (at least one read),
# bad magic, unknown command, unknown level and the last 12 bytes.
msgs=$(grep -cE "got bogus initrequest|got unimplemented initrequest|bad runlevel: " "$H_T/console")
counted=$(sed -n 's/.*; and \([0-9]*\) more since the last report).*/\1/p' \
	"$H_T/console" | awk '{ n += $1 } END { print n + 0 }')
[ $((msgs + counted)) -ge 8 ] ||
	h_fail "$msgs reports counting $counted more: want >= 8 bad requests accounted for"
# ... but reported at most once per 10 s (a slow machine may have let a
# second report through before the last one; never one per request).
elapsed=$(($(date +%s) - t_first))
[ "$msgs" -le $((elapsed / 10 + 2)) ] ||
	h_fail "bad requests were not rate-limited: $msgs reports in ${elapsed}s"
level_change_works "the rate-limited report"
h_pass
