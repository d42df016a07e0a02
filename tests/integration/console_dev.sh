#!/bin/bash
# The console as sysvinit 3.06 keeps it, with sysvinit's own init run the
# same way as the oracle:
#  - CONSOLE= from the kernel names the device init's messages and its
#    children's output go to, and children get it in their environment;
#  - a console left raw (no echo, no line editing, no output processing)
#    is made sane again at boot and when a change to S, 0, 1 or 6 is asked
#    for (sysvinit's console_stty), so what follows is readable.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
h_sysvinit
sv=$H_SYSVINIT
cp "$H_ROOT$H_SBINDIR/init" "$H_T/our-init"
[ "$H_SYSCONFDIR" = /etc ] || sysconf_differs=1
# The console's settings that matter: echo, canonical input, output
# post-processing, CR to NL on input.
modes() { h_exec stty -F "$1" -a | tr ' ;' '\n\n' | grep -xE -- '-?(echo|icanon|opost|icrnl|isig)' | sort | tr '\n' ' '; }
sane="echo icanon icrnl isig opost "

# Writes what it saw to $H_T/NAME.seen (not through a command
# substitution: the sandbox's processes would hold its pipe open).
run_with() { # INIT-BINARY NAME
	local init=$1 name=$2
	h_kill_init
	cp "$init" "$H_ROOT$H_SBINDIR/init"
	h_inittab <<'TAB'
id:2:initdefault:
e:2:once:/bin/sh -c 'echo "CONSOLE=$CONSOLE" >/tmp/console-env; echo "said by e"'
r:2:respawn:/bin/sleep 7001
s:1:wait:/bin/sh -c 'echo one >/tmp/one'
TAB
	[ -z "${sysconf_differs-}" ] || cp "$H_ROOT$H_SYSCONFDIR/inittab" "$H_ROOT/etc/inittab"
	rm -f "$H_ROOT/tmp/console-env" "$H_ROOT/tmp/one"
		# The other console: a FIFO whose reader keeps what is written (a
	# regular file would be written over from its start by each open).
	rm -f "$H_ROOT/dev/altcons"
	mkfifo -m 0666 "$H_ROOT/dev/altcons"
	cat <>"$H_ROOT/dev/altcons" >"$H_T/altcons.log" &
	local reader=$!
	# The console pseudo-terminal raw before boot.
	stty -F "$(cat "$H_T/pty.name")" raw -echo -opost -icrnl -isig
	H_INIT_ENV="CONSOLE=/dev/altcons" h_start
	h_wait "$name: runlevel 2" 15 h_runlevel_is 2
	h_wait "$name: e" 10 h_exists /tmp/console-env
	h_wait "$name: e's output" 10 grep -q "said by e" "$H_T/altcons.log"
	{
		echo "env: $(h_cat /tmp/console-env)"
		echo "altcons has a boot message: $(grep -c 'INIT: ' "$H_T/altcons.log" | sed 's/[1-9][0-9]*/yes/')"
	} >"$H_T/$name.seen"
	h_kill_init
	kill "$reader"
	# Without CONSOLE=: the pseudo-terminal, made sane at boot.
	stty -F "$(cat "$H_T/pty.name")" raw -echo -opost -icrnl -isig
	H_INIT_ENV= h_start
	h_wait "$name: runlevel 2 (pty)" 15 h_runlevel_is 2
	h_wait "$name: e (pty)" 10 h_exists /tmp/console-env
	echo "at boot: $(modes /dev/console)" >>"$H_T/$name.seen"
	# Raw again, then a change to 1.
	h_exec stty -F /dev/console raw -echo -opost -icrnl -isig
	echo "raw: $(modes /dev/console)" >>"$H_T/$name.seen"
	h_exec "$H_SBINDIR/telinit" 1 >/dev/null 2>&1 || h_exec "$sv/telinit" 1
	h_wait "$name: level 1" 15 h_exists /tmp/one
	echo "after telinit 1: $(modes /dev/console)" >>"$H_T/$name.seen"
}

h_pty_console
run_with "$H_T/our-init" ours
run_with "$H_ROOT$sv/init" sysvinit
h_log "ours: $(cat "$H_T/ours.seen")"
h_log "sysvinit's: $(cat "$H_T/sysvinit.seen")"
# The line at boot is left out of the comparison: in one run of make
# distcheck on a loaded machine sysvinit's console was still raw when
# read after its boot (its reset raced with something not understood);
# ours is checked on its own below.
grep -v '^at boot:' "$H_T/ours.seen" >"$H_T/ours.cmp"
grep -v '^at boot:' "$H_T/sysvinit.seen" >"$H_T/sysvinit.cmp"
cmp -s "$H_T/ours.cmp" "$H_T/sysvinit.cmp" || h_fail "ours and sysvinit's differ (above)"
grep -qx "env: CONSOLE=/dev/altcons" "$H_T/ours.seen" || h_fail "children did not get the kernel's CONSOLE"
grep -qx "altcons has a boot message: yes" "$H_T/ours.seen" || h_fail "no message on the kernel's CONSOLE"
grep -qx "at boot: $sane" "$H_T/ours.seen" || h_fail "the console was not made sane at boot"
grep -qx "after telinit 1: $sane" "$H_T/ours.seen" || h_fail "the console was not made sane on the way to 1"
h_pass
