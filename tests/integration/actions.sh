#!/bin/bash
# Each action as PID 1 runs it: sysinit, boot, bootwait, wait (blocking
# what follows), once, respawn, off, ondemand; and what a child gets:
# session, signal mask, descriptors and environment (init's own, with the
# documented variables over it).
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
h_write /tmp/probe <<'EOF2'
#!/bin/sh
# Record what init gave this process: one KEY=VALUE per line.
out=$1
{
	echo "ppid=$PPID"
	set -- $(cat /proc/$$/stat | sed 's/^.*) //')
	echo "sid_is_self=$([ "$4" = "$$" ] && echo yes || echo no)"
	grep -E '^Sig(Blk|Ign):' /proc/$$/status | tr -d '\t' | sed 's/:/=/'
	env | grep -E '^(PATH|INIT_VERSION|RUNLEVEL|PREVLEVEL|CONSOLE|SHELL|TERM|FROM_KERNEL)=' | sort
	echo "envcount=$(env | grep -vE '^(PWD|_|SHLVL|OLDPWD)=' | wc -l)"
} >"$out.tmp"
mv "$out.tmp" "$out"
EOF2
chmod +x "$H_ROOT/tmp/probe"
h_inittab <<'TAB'
id:2:initdefault:
si::sysinit:/bin/sh -c 'echo sysinit >>/tmp/order'
bo::boot:/bin/sh -c 'echo boot >>/tmp/boot-ran'
bw::bootwait:/bin/sh -c 'echo bootwait >>/tmp/order'
w1:2:wait:/bin/sh -c 'echo w1-start >>/tmp/order; while [ ! -e /tmp/release ]; do sleep 0.05; done; echo w1-end >>/tmp/order'
w2:2:wait:/bin/sh -c 'echo w2 >>/tmp/order'
on:2:once:/bin/sh -c 'echo once >>/tmp/once-ran'
rs:2:respawn:/bin/sleep 1001
of:2:off:/bin/sleep 1002
od:a:ondemand:/bin/sleep 1003
o2:2a:ondemand:/bin/sleep 1004
ss:S:wait:/bin/sh -c 'echo single >/tmp/single; exec /bin/sleep 1005'
pr:2:once:/tmp/probe /tmp/probe.out
w3:3:wait:/bin/sh -c 'echo w3 >>/tmp/order'
al::respawn:/bin/sleep 1006
TAB
# What the kernel passes init reaches its children, as with sysvinit;
# the documented variables win over it.  A CONSOLE= that does not open
# gives way to /dev/console, as sysvinit's console_init (console.sh has
# one that does).
H_INIT_ENV="FROM_KERNEL=quiet-splash PATH=/nowhere RUNLEVEL=9 CONSOLE=/dev/no-such-console"
h_start

h_wait "w1 to start" 10 h_exists /tmp/order
h_wait "w1 to be running" 10 grep -q w1-start "$H_ROOT/tmp/order"
# w1 blocks w2 and everything after it.
h_assert h_not_running "sleep 1001"
grep -q w2 "$H_ROOT/tmp/order" && h_fail "w2 ran while w1 was still running"
: >"$H_ROOT/tmp/release"
h_wait "w2" 10 grep -q w2 "$H_ROOT/tmp/order"
want=$'sysinit\nbootwait\nw1-start\nw1-end\nw2'
[ "$(h_cat /tmp/order)" = "$want" ] || h_fail "order was: $(h_cat /tmp/order | tr '\n' ' ')"
h_wait "boot entry" 5 h_exists /tmp/boot-ran
h_wait "respawn entry" 5 h_running "sleep 1001"
h_wait "once entry" 5 h_exists /tmp/once-ran
h_assert h_not_running "sleep 1002"
h_assert h_not_running "sleep 1003"

# respawn: a killed process comes back with a new pid.
old=$(h_pids_of "sleep 1001")
kill "$old"
new_pid() { local p; p=$(h_pids_of "sleep 1001"); [ -n "$p" ] && [ "$p" != "$old" ]; }
h_wait "respawned sleep 1001" 5 new_pid
# Our own addition, to syslog alone (the console shows what sysvinit's does).
h_wait_syslog 'Id "rs" (pid [0-9]*) killed by signal 15'
! h_console_has 'Id "rs" (pid' || h_fail "a respawn entry's exit reached the console"

# once ran exactly once, boot once.
[ "$(wc -l <"$H_ROOT/tmp/once-ran")" -eq 1 ] || h_fail "once ran $(wc -l <"$H_ROOT/tmp/once-ran") times"
[ "$(wc -l <"$H_ROOT/tmp/boot-ran")" -eq 1 ] || h_fail "boot ran more than once"

# What a child gets.
h_wait "probe output" 5 h_exists /tmp/probe.out
probe=$(h_cat /tmp/probe.out)
expect() { grep -qxF -- "$1" <<<"$probe" || h_fail "child: want '$1' in: $(tr '\n' ' ' <<<"$probe")"; }
expect "ppid=1"
expect "sid_is_self=yes"
expect "SigBlk=0000000000000000"
expect "SigIgn=0000000000000000"
expect "PATH=/sbin:/usr/sbin:/bin:/usr/bin"
expect "RUNLEVEL=2"
expect "PREVLEVEL=N"
expect "CONSOLE=/dev/console"
expect "SHELL=/bin/sh"
grep -q '^INIT_VERSION=.' <<<"$probe" || h_fail "no INIT_VERSION"
expect "TERM=dumb"
expect "FROM_KERNEL=quiet-splash"
# The six documented variables, TERM and FROM_KERNEL, once each.
expect "envcount=8"

# A long-running child, read from outside: only stdio is open, nothing
# is blocked or ignored, and it leads its own session.
rs=$(h_pids_of "sleep 1001")
[ "$(ls /proc/$rs/fd | sort -n | tr '\n' ' ')" = "0 1 2 " ] ||
	h_fail "respawned child has descriptors: $(ls /proc/$rs/fd | tr '\n' ' ')"
grep -q '^SigIgn:[[:space:]]*0*$' /proc/$rs/status || h_fail "child ignores signals: $(grep SigIgn /proc/$rs/status)"
grep -q '^SigBlk:[[:space:]]*0*$' /proc/$rs/status || h_fail "child blocks signals: $(grep SigBlk /proc/$rs/status)"
[ "$(sed 's/^.*) //' /proc/$rs/stat | cut -d' ' -f4)" = "$rs" ] ||
	h_fail "respawned child does not lead its own session"

# ondemand: telinit a starts it and the runlevel stays 2.
h_telinit a || h_fail "telinit a failed"
h_wait "ondemand entry" 5 h_running "sleep 1003"
h_wait "ondemand entry limited to 2" 5 h_running "sleep 1004"
h_assert h_runlevel_is 2
h_assert h_running "sleep 1001"

# Runlevel 3: the respawn entry stops, w3 runs; as in sysvinit, what
# telinit a named (letters only, or 2a) runs on in any level but S.
o2_pid=$(h_pids_of "sleep 1004")
h_telinit 3 || h_fail "telinit 3 failed"
h_wait "w3" 10 grep -q w3 "$H_ROOT/tmp/order"
h_wait "respawn entry stopped" 5 h_not_running "sleep 1001"
h_wait "runlevel 3" 5 h_runlevel_is 3
h_assert h_running "sleep 1003"
[ "$(h_pids_of "sleep 1004")" = "$o2_pid" ] || h_fail "the 2a entry did not live on in 3"

h_wait "the entry with no levels running in 3" 5 h_running "sleep 1006"
# Single user stops everything that is not for S and runs what is.
h_telinit S || h_fail "telinit S failed"
h_wait "the S entry" 10 h_exists /tmp/single
h_wait "ondemand entry stopped in S" 5 h_not_running "sleep 1003"
h_wait "2a entry stopped in S" 5 h_not_running "sleep 1004"
# An empty runlevels field is 0-9, as sysvinit: not single user.
h_wait "an entry with no levels stopped in S" 5 h_not_running "sleep 1006"
h_wait "runlevel S" 5 h_runlevel_is S
h_assert h_alive
h_pass
