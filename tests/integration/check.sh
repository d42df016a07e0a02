#!/bin/bash
# init --check validates an inittab before a reboot; init run as anything
# but PID 1 acts as telinit; Debian's stock inittab boots as far as its
# scripts exist (here: none) and init stays up in its default level.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

init=$H_BUILDDIR/init/init
debian=$H_SRCDIR/tests/integration/data/debian-inittab
h_setup
tmp=$H_T/check
mkdir -p "$tmp"

out=$("$init" --check "$debian") || h_fail "init --check rejects Debian's inittab"
grep -Eq '^~~ +S +wait +/sbin/sulogin' <<<"$out" || h_fail "table lacks ~~: $out"
grep -Eq '^1 +2345 +respawn +/sbin/getty --noclear 38400 tty1' <<<"$out" || h_fail "table lacks getty 1: $out"

printf 'id:2:initdefault:\nab:2:respwn:/x\nabcde:2:once:/y\nok:2:once:/z\nab:3:once:/w\n' >"$tmp/bad"
"$init" --check "$tmp/bad" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] || h_fail "init --check of a bad file should exit 1"
want="$tmp/bad:2: unknown action \"respwn\"
$tmp/bad:3: id field \"abcde\" too long (max 4 characters)"
[ "$(cat "$tmp/err")" = "$want" ] || h_fail "init --check said: $(cat "$tmp/err")"
"$init" --check "$tmp/missing" 2>"$tmp/err"; [ $? -eq 1 ] || h_fail "missing file should exit 1"
grep -q "$tmp/missing" "$tmp/err" || h_fail "missing file not named: $(cat "$tmp/err")"

# Boot Debian's own inittab: its rc scripts and gettys' ttys are absent
# here, which init reports and survives.
h_inittab <"$debian"
h_start
h_wait "runlevel 2" 10 h_runlevel_is 2
h_wait_console "Entering runlevel: 2"
h_assert h_alive

# Not PID 1: init N is telinit N.
h_exec "$H_SBINDIR/init" 3 || h_fail "init 3 (as a client) failed"
h_wait "runlevel 3" 10 h_runlevel_is 3
h_assert h_alive
h_pass
