#!/bin/bash
# The live hand-over with sysvinit, both ways (issue 14), with Debian's
# own sysvinit-core binaries (h_sysvinit: fetched with apt-get download,
# never installed; SKIP only when they cannot be had):
#
#  1. sysvinit -> ours: sysvinit boots the sandbox into level 2 (boot,
#     wait and once entries done, respawn entries running); ours is
#     renamed over /sbin/init as dpkg does and sysvinit's `telinit u`
#     makes PID 1 re-execute it.  Ours is then PID 1 with the same
#     children, ran nothing again, left utmp and wtmp as they were, lists
#     the inherited processes in `telinit status`, obeys `telinit 3` (sent
#     by ours run as a user through Debian's /sbin/telinit -> init link:
#     no exec loop) and respawns a killed inherited child once.
#  2. ours -> sysvinit: ours boots the sandbox; sysvinit's binary is
#     renamed over /sbin/init; ours, run as a user, asks for `init u`.
#     sysvinit is then PID 1 with the same children, ran nothing again,
#     obeys `telinit 3` and respawns a killed child once; our telinit u,
#     against sysvinit that never answers it, exits 0 at once.
#
# The hand-over from a state of today's format, with unknown tags, and
# the recovery without a usable state are in handover_recover.sh, which
# needs no sysvinit and never skips.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"
. "$H_HARNESS/handover.sh"

h_timeout 600
UTMPREAD=$H_BUILDDIR/tests/tools/utmpread
OURS=$H_BUILDDIR/init/init
h_built "$UTMPREAD" "$OURS"
VERSION=$("$OURS" --version | awk '{ print $NF }')
[ -n "$VERSION" ] || h_fail "init --version printed no version"

h_setup
# A pseudo-terminal as the console: sysvinit writes its console without
# O_APPEND, so a plain file would have its lines overwrite each other.
h_pty_console
h_sysvinit

# Both inits stay in the sysroot, aside from /sbin: $H_SYSVINIT (its init,
# telinit -> init, runlevel) and /opt/initsuite (ours: init, telinit).
sv=$H_SYSVINIT ours=/opt/initsuite
mkdir -p "$H_ROOT$ours"
cp "$OURS" "$H_ROOT$ours/init"
cp "$H_ROOT$H_SBINDIR/telinit" "$H_ROOT$ours/telinit"
SV_INIT=$H_ROOT$sv/init

# Every entry that runs once appends its id to /tmp/ran, so a second run
# shows.  The respawn entries are told apart by their sleep's argument;
# rp has no utmp records ('+').
inittab() {
	cat <<'TAB'
id:2:initdefault:
si::sysinit:/bin/sh -c 'echo si >>/tmp/ran'
bt::boot:/bin/sh -c 'echo bt >>/tmp/ran'
bw::bootwait:/bin/sh -c 'echo bw >>/tmp/ran'
w2:2:wait:/bin/sh -c 'echo w2 >>/tmp/ran'
o2:2:once:/bin/sh -c 'echo o2 >>/tmp/ran'
w3:3:wait:/bin/sh -c 'echo "w3 $PREVLEVEL" >>/tmp/ran'
r1:23:respawn:/bin/sleep 7201
r2:2:respawn:/bin/sleep 7202
r3:3:respawn:/bin/sleep 7203
rp:23:respawn:+/bin/sleep 7204
TAB
}
# sysvinit reads /etc/inittab whatever our sysconfdir is.
inittab | h_inittab
[ "$H_ROOT$H_SYSCONFDIR/inittab" -ef "$H_ROOT/etc/inittab" ] || inittab | h_write /etc/inittab
declare -A CMD=([r1]="sleep 7201" [r2]="sleep 7202" [r3]="sleep 7203" [rp]="sleep 7204")
BOOT_RAN="bt bw o2 si w2"   # sorted

# ---- helpers ----
# boot_with BINARY: a fresh sandbox (no utmp, an empty wtmp, nothing ran)
# whose PID 1 is BINARY, copied to /sbin/init.
boot_with()
{
	h_kill_init
	rm -rf "${H_ROOT:?}$H_RUNSTATEDIR"/* "$H_ROOT/tmp/ran"
	: >"$H_ROOT/var/log/wtmp"
	: >"$H_CONSOLE_LOG"
	cp "$1" "$H_ROOT$H_SBINDIR/init" || h_fail "cannot install $1 as init"
	h_start
}
# install_as_init BINARY: rename BINARY over /sbin/init, as dpkg does.
install_as_init()
{
	cp "$1" "$H_ROOT$H_SBINDIR/init.dpkg-new" &&
		mv -f "$H_ROOT$H_SBINDIR/init.dpkg-new" "$H_ROOT$H_SBINDIR/init" ||
		h_fail "cannot rename $1 over /sbin/init"
}
# pid1_is BINARY: PID 1 of the sandbox executes that very file's code.
pid1_is() { h_alive && cmp -s "/proc/$H_PID/exe" "$1"; }
# Our runlevel and sysvinit's, reading utmp.
runlevels() { echo "ours: $(h_exec "$H_SBINDIR/runlevel" 2>&1); sysvinit's: $(h_exec $sv/runlevel 2>&1)"; }

declare -A PID     # host pids of the respawn entries before the hand-over
# settled LEVEL: the sandbox is in LEVEL, boot/wait/once entries done,
# the respawn entries of level 2 running once each; their pids in PID.
settled_in_2()
{
	h_wait "runlevel 2" 30 h_runlevel_is 2
	h_wait "the sysinit, boot, bootwait, wait and once entries" 30 ran_is "$BOOT_RAN"
	local e
	for e in r1 r2 rp; do
		h_wait "$e running" 30 h_running "${CMD[$e]}"
		[ "$(count_of $e)" -eq 1 ] || h_fail "$e runs $(count_of $e) processes before the hand-over"
		PID[$e]=$(h_pids_of "${CMD[$e]}")
	done
	h_not_running "${CMD[r3]}" || h_fail "r3 runs in level 2"
}
# Snapshots taken just before the hand-over, compared after it.
snapshot()
{
	utmp_dump >"$H_T/utmp.before"
	cp "$(h_utmp)" "$H_T/utmp.raw.before"
	wtmp_dump >"$H_T/wtmp.before"
	RUNLEVELS_BEFORE=$(runlevels)
	BOOTING_BEFORE=$(grep -c 'booting' "$H_CONSOLE_LOG")
	PIPES_BEFORE=$(pipes_of "$H_PID" | cut -d' ' -f2-)
}
# same_children WHEN: the respawn entries run the very processes they ran
# before the hand-over, one each.
same_children()
{
	local e
	for e in r1 r2 rp; do
		[ "$(h_pids_of "${CMD[$e]}" | tr '\n' ' ')" = "${PID[$e]} " ] ||
			h_error "$1: $e runs pid(s) $(h_pids_of "${CMD[$e]}" | tr '\n' ' ')instead of ${PID[$e]} alone"
	done
}
# Nothing that runs once ran again: /tmp/ran, and wtmp's INIT_PROCESS
# records for them (written as each starts, so a second run shows at once).
nothing_reran()
{
	local e
	ran_is "${2:-$BOOT_RAN}" || h_error "$1: /tmp/ran holds '$(ran)', not '${2:-$BOOT_RAN}'"
	for e in si bt bw w2 o2; do
		[ "$(wtmp_count INIT_PROCESS $e)" = "$(grep -c "^INIT_PROCESS $e " "$H_T/wtmp.before")" ] ||
			h_error "$1: $e started again (wtmp:"$'\n'"$(wtmp_dump))"
	done
	[ "$(grep -c 'booting' "$H_CONSOLE_LOG")" = "$BOOTING_BEFORE" ] ||
		h_error "$1: the console shows a second boot: $(grep booting "$H_CONSOLE_LOG" | tr '\n' '|')"
}
utmp_unchanged()
{
	utmp_dump >"$H_T/utmp.after"
	if diff -u "$H_T/utmp.before" "$H_T/utmp.after" >&2; then
		h_ok "$1: every utmp record as before"
	else
		h_error "$1: utmp records changed (diff above)"
	fi
	wtmp_dump >"$H_T/wtmp.after"
	diff -u "$H_T/wtmp.before" "$H_T/wtmp.after" >&2 ||
		h_error "$1: records were added to wtmp (diff above)"
	[ "$(runlevels)" = "$RUNLEVELS_BEFORE" ] ||
		h_error "$1: runlevel said '$RUNLEVELS_BEFORE', now '$(runlevels)'"
}
# killed_comes_back_once ENTRY WHEN: kill the entry's process; a new one
# takes its place, the old one is reaped, and one process runs.
killed_comes_back_once()
{
	local e=$1 old new
	old=$(h_pids_of "${CMD[$e]}")
	[ "$(wc -w <<<"$old")" -eq 1 ] || { h_error "$2: $e runs '$old' before the kill"; return; }
	kill "$old"
	respawned() { new=$(h_pids_of "${CMD[$e]}"); [ -n "$new" ] && [ "$new" != "$old" ]; }
	await "$2: $e respawned after its process was killed" 30 respawned || return
	reaped() { [ ! -e "/proc/$old" ]; }
	await "$2: $e's killed process $old reaped" 30 reaped
	"${3:-true}"   # a barrier: whatever init had to do about it is done
	[ "$(count_of "$e")" -eq 1 ] ||
		h_error "$2: $e runs $(count_of "$e") processes after one kill: $(h_pids_of "${CMD[$e]}" | tr '\n' ' ')"
}

# await WHAT SECONDS COMMAND...: as h_wait, but a timeout is recorded as
# a failure and returned, so that a scenario can give up and the next one
# still runs.
# reloaded_or_booted PATTERN: the console shows the new PID 1's PATTERN
# ("version X reloading"), ours's recovery without a state, or a boot
# since the snapshot (so a failed hand-over fails at once rather than at
# the deadline).
reloaded_or_booted()
{
	h_console_has "$1" || h_console_has 'reloading without' ||
		[ "$(grep -c 'booting' "$H_CONSOLE_LOG")" != "$BOOTING_BEFORE" ]
}
# reloaded PATTERN WHO: wait for it; a failure when PID 1 booted instead.
reloaded()
{
	await "$S: $2's \"$1\" on the console" 60 reloaded_or_booted "$1" || return
	if ! h_console_has "$1"; then
		h_error "$S: $2 did not take over: $(grep -E 'booting|reloading' "$H_CONSOLE_LOG" | tail -n1 | tr -d '\r')"
		return 1
	fi
}
# in_level_3 WHEN: after a telinit 3, level 3 is reached (else 1 is
# returned), r2 stopped, r3 started, w3 ran, and r1 and rp (levels 23) are
# still the processes the snapshot took.
in_level_3()
{
	local e
	await "$1: runlevel 3" 60 h_runlevel_is 3 || return
	await "$1: r2 stopped in level 3" 60 h_not_running "${CMD[r2]}"
	await "$1: r3 started in level 3" 60 h_running "${CMD[r3]}"
	await "$1: w3 ran" 60 grep -qx 'w3 2' "$H_ROOT/tmp/ran"
	for e in r1 rp; do
		[ "$(h_pids_of "${CMD[$e]}")" = "${PID[$e]}" ] ||
			h_error "$1: $e (levels 23) was restarted by telinit 3: $(h_pids_of "${CMD[$e]}" | tr '\n' ' ')"
	done
	return 0
}

###########################################################################
# 1. sysvinit -> ours, by sysvinit's `telinit u`
###########################################################################
sysvinit_to_ours()
{
	local S="sysvinit -> ours" e p rc
	h_log "---- $S ----"
	boot_with "$SV_INIT"
	settled_in_2
	# The hand-over happens from a machine sysvinit runs in level 2.
	pid1_is "$SV_INIT" || h_fail "$S: PID 1 is not sysvinit before the hand-over"
	snapshot
	install_as_init "$OURS"
	h_exec $sv/telinit u || h_error "$S: sysvinit's telinit u failed"
	await "$S: ours as PID 1" 60 pid1_is "$OURS" || return
	reloaded "version $VERSION reloading[[:space:]]*\$" ours || return
	h_alive || { h_error "$S: PID 1 died"; return; }
	# `telinit status` answered: ours serves its FIFO, and whatever it was
	# to start at the hand-over is started (a barrier for the checks below).
	await "$S: ours answers telinit status" 60 status_ok || return
	h_ok "$S: PID 1 is ours ($(readlink "/proc/$H_PID/exe"))"
	same_children "$S"
	grep -q '^runlevel=2 previous=N ' <<<"$STATUS" ||
		h_error "$S: status says '$(head -n1 <<<"$STATUS")', not level 2 after N"
	for e in r1 r2 rp; do
		p=$(inner_pid "${PID[$e]}")
		grep -Eq "^$e +[^ ]+ +respawn +running +$p( |\$)" <<<"$STATUS" ||
			h_error "$S: telinit status does not list $e running as pid $p:"$'\n'"$STATUS"
	done
	utmp_unchanged "$S"
	cmp -s "$H_T/utmp.raw.before" "$(h_utmp)" || h_error "$S: utmp's bytes changed (a record rewritten: times?)"
	nothing_reran "$S"
	# sysvinit's state pipe was read and closed, not kept.
	p=$(new_pipes "$H_PID")
	[ -z "$p" ] || h_error "$S: PID 1 kept the hand-over's pipe open: $p"

	# telinit 3, sent by ours run as a user through Debian's /sbin/telinit,
	# a link to init: ours must send it itself, not exec /sbin/telinit.
	ln -sf init "$H_ROOT$H_SBINDIR/telinit"
	h_exec timeout 60 "$H_SBINDIR/telinit" 3
	rc=$?
	cp "$H_ROOT$ours/telinit" "$H_ROOT$H_SBINDIR/telinit.new" &&
		mv -f "$H_ROOT$H_SBINDIR/telinit.new" "$H_ROOT$H_SBINDIR/telinit"
	if [ $rc -ne 0 ]; then
		h_error "$S: init run as telinit 3 (through /sbin/telinit -> init) exited $rc$([ $rc = 124 ] && echo ': still running after 60 s, an exec loop?')"
		h_telinit 3 || h_error "$S: our telinit 3 failed too"
	fi
	in_level_3 "$S" || return
	[ "$(h_exec "$H_SBINDIR/runlevel")" = "2 3" ] ||
		h_error "$S: runlevel says '$(h_exec "$H_SBINDIR/runlevel")' after telinit 3"
	p=$(new_pipes "$(h_pids_of "${CMD[r3]}")")
	[ -z "$p" ] || h_error "$S: r3, started after the hand-over, inherited the hand-over's pipe: $p"
	h_ok "$S: telinit 3 stopped r2, started r3 and w3, kept r1 and rp"

	# A killed inherited child comes back once.
	killed_comes_back_once r1 "$S" status_ok
	nothing_reran "$S (end)" "$BOOT_RAN w3 2"
	h_ok "$S: done"
}

# Our telinit u against sysvinit, which never answers U: the status file
# ours left in /run (its answer to `init u` in it) must not make telinit
# wait; it exits 0 at once, silent, and sysvinit re-executes itself.
reloads() { grep -c 'reloading' "$H_CONSOLE_LOG"; }
reloaded_again() { [ "$(reloads)" -gt "$1" ]; }
ours_u_to_sysvinit()
{
	local before err rc t0 ms e
	before=$(reloads)
	grep -q '^nonce=.' "$H_ROOT$H_RUNSTATEDIR/initctl.status" ||
		h_error "$S: no answer of ours left in the status file: the check below proves less"
	t0=$(date +%s%N)
	err=$(h_exec "$ours/telinit" u 2>&1)
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	[ $rc -eq 0 ] && [ -z "$err" ] || h_error "$S: our telinit u against sysvinit exited $rc: $err"
	[ $ms -lt 2000 ] || h_error "$S: our telinit u against sysvinit took $ms ms: it waited for an answer"
	await "$S: sysvinit's re-exec of itself" 60 reloaded_again "$before" || return
	h_alive || { h_error "$S: PID 1 died"; return 1; }
	pid1_is "$SV_INIT" || h_error "$S: PID 1 is no longer sysvinit"
	for e in r1 rp; do
		[ "$(h_pids_of "${CMD[$e]}")" = "${PID[$e]}" ] ||
			h_error "$S: $e was restarted by sysvinit's re-exec: $(h_pids_of "${CMD[$e]}" | tr '\n' ' ')"
	done
	h_ok "$S: our telinit u: exit 0 after $ms ms, sysvinit re-executed itself"
}

###########################################################################
# 2. ours -> sysvinit, as Debian's postinst does it: `init u`
###########################################################################
ours_to_sysvinit()
{
	local S="ours -> sysvinit" e rc
	h_log "---- $S ----"
	boot_with "$OURS"
	settled_in_2
	pid1_is "$OURS" || h_fail "$S: PID 1 is not ours before the hand-over"
	snapshot
	install_as_init "$SV_INIT"
	# `init u` by ours, run as a user: it must send the request itself.
	h_exec timeout 60 "$ours/init" u
	rc=$?
	[ $rc -eq 0 ] || h_error "$S: ours run as a user, init u, exited $rc$([ $rc = 124 ] && echo ': still running after 60 s')"
	await "$S: sysvinit as PID 1" 60 pid1_is "$SV_INIT" || return
	reloaded "version [0-9.]* reloading[[:space:]]*\$" sysvinit || return
	h_alive || { h_error "$S: PID 1 died"; return; }
	h_ok "$S: PID 1 is sysvinit ($(grep 'reloading' "$H_CONSOLE_LOG" | tail -n1 | tr -d '\r'))"
	same_children "$S"
	utmp_unchanged "$S"

	# sysvinit's telinit 3; by the time sysvinit has acted on it, it has
	# gone through its loop since the hand-over, so whatever it would have
	# started again, it has.
	h_exec $sv/telinit 3 || h_error "$S: sysvinit's telinit 3 failed"
	in_level_3 "$S" || return
	[ "$(h_exec $sv/runlevel)" = "2 3" ] ||
		h_error "$S: sysvinit's runlevel says '$(h_exec $sv/runlevel)' after telinit 3"
	h_ok "$S: sysvinit obeyed telinit 3"
	ours_u_to_sysvinit || return

	killed_comes_back_once r1 "$S"
	killed_comes_back_once rp "$S"
	nothing_reran "$S (end)" "$BOOT_RAN w3 2"
	for e in r1 r2 r3 rp; do
		[ "$(count_of $e)" -le 1 ] || h_error "$S: $e runs $(count_of $e) processes at the end"
	done
	h_ok "$S: done"
}

sysvinit_to_ours
ours_to_sysvinit
h_pass
