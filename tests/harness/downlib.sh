# shellcheck shell=bash
#
# What tests/integration/shutdown.sh and halt.sh share, on top of lib.sh:
# a sandbox that holds our shutdown, halt, reboot and poweroff, a login
# tool (utmplogin) and a terminal helper (ptyhold.py), and an inittab
# whose entries for levels 0, 1, 5 and 6 record the environment that
# init gives them (/tmp/env.LEVEL), as rc would see it.
#
#   d_setup                 h_setup, the programs, the inittab
#   d_boot                  h_start and wait for runlevel 2
#   d_sbin PROG ARGS...     run one of our programs in the sandbox
#   d_env_has LEVEL LINE    /tmp/env.LEVEL has this exact line
#   d_login USER TTY PID    a USER_PROCESS for USER on TTY in utmp
#   d_pty NAME [stuck]      a terminal in the sandbox: /tmp/NAME.pty holds
#                           its path, /tmp/NAME.log what it showed
#   d_wait_end              wait until the sandbox ends (reboot(2) in a
#                           PID namespace); D_END_SIGNAL: the signal that
#                           ended its init, as unshare passes it on

D_UTMPLOGIN=$H_BUILDDIR/tests/tools/utmplogin

d_setup()
{
	h_built "$H_BUILDDIR/shutdown/shutdown" "$H_BUILDDIR/shutdown/halt" "$D_UTMPLOGIN"
	h_setup
	cp "$H_BUILDDIR/shutdown/shutdown" "$H_BUILDDIR/shutdown/halt" "$H_ROOT$H_SBINDIR/" ||
		h_fail "cannot copy shutdown and halt"
	ln -s halt "$H_ROOT$H_SBINDIR/reboot"
	ln -s halt "$H_ROOT$H_SBINDIR/poweroff"
	if [ "$H_SBINDIR" != /sbin ]; then
		local p
		for p in shutdown halt reboot poweroff; do
			ln -s "$H_SBINDIR/$p" "$H_ROOT/sbin/$p"
		done
	fi
	cp "$D_UTMPLOGIN" "$H_SRCDIR/tests/tools/ptyhold.py" \
		"$H_SRCDIR/tests/harness/ptylib.py" "$H_ROOT/tmp/" || h_fail "cannot copy the tools"
	mkdir -p "$H_ROOT$H_SYSCONFDIR/default"
	h_inittab <<'TAB'
id:2:initdefault:
r2:2:respawn:/bin/sleep 1002
e0:0:wait:/bin/sh -c 'env >/tmp/env.0.new; mv /tmp/env.0.new /tmp/env.0'
e1:1:wait:/bin/sh -c 'env >/tmp/env.1.new; mv /tmp/env.1.new /tmp/env.1'
e5:5:wait:/bin/sh -c 'env >/tmp/env.5.new; mv /tmp/env.5.new /tmp/env.5'
e6:6:wait:/bin/sh -c 'env >/tmp/env.6.new; mv /tmp/env.6.new /tmp/env.6'
TAB
}

d_boot()
{
	rm -f "$H_ROOT$H_RUNSTATEDIR/initctl"
	h_start "$@"
	h_wait "runlevel 2" 15 h_runlevel_is 2
}

d_sbin() { local p=$1; shift; h_exec "$H_SBINDIR/$p" "$@"; }

d_env_has() { grep -qxF -- "$2" "$H_ROOT/tmp/env.$1"; }

d_login() { h_exec /tmp/utmplogin "$@" || h_fail "utmplogin $*"; }

d_pty()
{
	local mode=${2:-/tmp/$1.log}
	rm -f "$H_ROOT/tmp/$1.pty"
	h_exec python3 /tmp/ptyhold.py "/tmp/$1.pty" "$mode" </dev/null >/dev/null 2>&1 &
	h_helper $!
	h_wait "the terminal $1" 10 test -s "$H_ROOT/tmp/$1.pty"
}

# The line of a terminal d_pty made, as utmp names it ("pts/3").
d_pty_line() { sed 's|^/dev/||' "$H_ROOT/tmp/$1.pty"; }

d_wait_end()
{
	local i rc
	for ((i = 0; i < 1500; i++)); do
		h_gone "$H_UNSHARE" && break
		sleep 0.02
	done
	h_gone "$H_UNSHARE" || h_fail "the sandbox did not end"
	wait "$H_UNSHARE"
	rc=$?
	H_UNSHARE= H_PID=
	D_END_SIGNAL=
	[ $rc -gt 128 ] && D_END_SIGNAL=$(kill -l $((rc - 128)))
	h_log "the sandbox ended: status $rc${D_END_SIGNAL:+ (SIG$D_END_SIGNAL)}"
}

# `last -x` on the sandbox's wtmp.
d_last() { LC_ALL=C last -x -f "$(h_wtmp)" 2>/dev/null; }
