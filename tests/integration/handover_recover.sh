#!/bin/bash
# Re-executing PID 1 into a machine that is up (issue 14), ours -> ours,
# with no sysvinit (so this test never skips; handover.sh has the hand-
# over with Debian's sysvinit):
#
#  3. from a state ours can read:
#     a. today's --reexec STATEFD FIFOFD with the "initsuite-state 1"
#        text (an upgrade from the previous release, accepted once):
#        tests/integration/data/handover-state-v1;
#     b. `--init` with a sysvinit-format state on descriptor 11 holding
#        tags ours does not know ('+QQ', '-QQ', 'ABC', 'ZZZ', a flag ZZ):
#        tests/integration/data/handover-state-unknown-tags.
#     Both fixtures carry values the running init does not have (restart
#     counts, a last exit, an INIT_* variable): seeing them proves the
#     state was read, not guessed.
#  4. from no usable state: `--init` with no descriptor 11, with garbage
#     on it, with a sysvinit state cut short, and --reexec with a state
#     that is no state.  init must not boot again: it recovers the level
#     from utmp and the live processes of its entries from utmp and /proc,
#     runs nothing that ran, starts no second process for an entry, and
#     says in one console line what it recovered.
#
# Every case boots a fresh sandbox into level 2 (the boot, wait and once
# entries done, respawn entries running) and then makes PID 1 re-execute
# through a stand-in /sbin/init, a bash script that puts the descriptors
# and arguments of the case in place, renames the real init back over
# itself and execs it.  After the hand-over: same children, nothing re-ran,
# utmp and wtmp untouched, `telinit status` lists the processes with their
# pids, `telinit 3` stops and starts the right entries, a killed respawn
# child comes back once.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"
. "$H_HARNESS/handover.sh"

h_timeout 900
UTMPREAD=$H_BUILDDIR/tests/tools/utmpread
OURS=$H_BUILDDIR/init/init
DATA=$H_SRCDIR/tests/integration/data
h_built "$UTMPREAD" "$OURS"
command -v python3 >/dev/null || h_fail "no python3 (apt-get install python3): it passes the FIFO as 0.1 did"
VERSION=$("$OURS" --version | awk '{ print $NF }')
[ -n "$VERSION" ] || h_fail "init --version printed no version"
# The one line init logs when it recovered without a state:
# "version X reloading without a usable state (WHY): runlevel L (from
# ...); adopted N processes (ID=PID ...); not recovered: ...".
RECOVER_RE='reloading without a usable state'

h_setup
h_inittab <<'TAB'
id:2:initdefault:
si::sysinit:/bin/sh -c 'echo si >>/tmp/ran'
bt::boot:/bin/sh -c 'echo bt >>/tmp/ran'
bw::bootwait:/bin/sh -c 'echo bw >>/tmp/ran'
w2:2:wait:/bin/sh -c 'echo w2 >>/tmp/ran'
o2:2:once:/bin/sh -c 'echo o2 >>/tmp/ran'
w3:3:wait:/bin/sh -c 'echo "w3 $PREVLEVEL ${INIT_HANDOVER:-none}" >>/tmp/ran'
r1:23:respawn:/bin/sleep 7301
r2:2:respawn:/bin/sleep 7302
r3:3:respawn:/bin/sleep 7303
rp:23:respawn:+/bin/sleep 7304
TAB
declare -A CMD=([r1]="sleep 7301" [r2]="sleep 7302" [r3]="sleep 7303" [rp]="sleep 7304")
BOOT_RAN="bt bw o2 si w2"   # sorted

# ---- helpers ----
# What the console got since the hand-over began.
console_since() { tail -n +$((CONSOLE_LINES + 1)) "$H_CONSOLE_LOG"; }

declare -A PID   # host pids of the respawn entries before the hand-over
# A fresh sandbox with ours as PID 1, settled in level 2.
boot_settled()
{
	local e
	h_kill_init
	rm -rf "${H_ROOT:?}$H_RUNSTATEDIR"/* "$H_ROOT"/tmp/ran "$H_ROOT"/tmp/handover.*
	: >"$H_ROOT/var/log/wtmp"
	: >"$H_CONSOLE_LOG"
	cp "$OURS" "$H_ROOT$H_SBINDIR/init" || h_fail "cannot install init"
	h_start
	h_wait "runlevel 2" 30 h_runlevel_is 2
	h_wait "the sysinit, boot, bootwait, wait and once entries" 30 ran_is "$BOOT_RAN"
	for e in r1 r2 rp; do
		h_wait "$e running" 30 h_running "${CMD[$e]}"
		[ "$(count_of $e)" -eq 1 ] || h_fail "$e runs $(count_of $e) processes before the hand-over"
		PID[$e]=$(h_pids_of "${CMD[$e]}")
	done
	h_not_running "${CMD[r3]}" || h_fail "r3 runs in level 2"
}

# fill FIXTURE: the fixture with the pids of this sandbox's r1, r2 and rp
# (as init knows them) and the time now (CLOCK_MONOTONIC, ms) put in,
# into /tmp/handover.state of the sysroot.
fill()
{
	local now
	now=$(awk '{ printf "%d", $1 * 1000 }' /proc/uptime)
	sed -e "s/@r1@/$(inner_pid "${PID[r1]}")/" -e "s/@r2@/$(inner_pid "${PID[r2]}")/" \
		-e "s/@rp@/$(inner_pid "${PID[rp]}")/" -e "s/@now@/$now/g" \
		"$1" >"$H_ROOT/tmp/handover.state" || h_fail "cannot fill $1"
}

# The stand-in /sbin/init, run by PID 1 as it re-executes.  How it hands
# over is in /tmp/handover.how:
#   none          `init --init` with no descriptor 11
#   pipe:FILE     `init --init` with FILE's bytes in a pipe on descriptor 11
#   reexec:FILE   `init --reexec 12 13`, FILE on 12 and the FIFO on 13, as
#                 0.1 passed them: its state in a file read from the start,
#                 its FIFO open read-write and non-blocking (python3 opens
#                 it: the shell cannot open a file O_NONBLOCK)
#   blocking:FILE the same with the FIFO blocking, which init must not
#                 keep so (a blocking read would hang PID 1)
# It drops whatever the running init handed it on 11, records the case in
# /tmp/handover.used, renames the real init back over itself and execs it
# with the path the running init had, so the next re-exec finds it.
# bash, since dash redirects only descriptors 0-9.
install_standin()
{
	printf '%s\n' "$1" >"$H_ROOT/tmp/handover.how"
	cp "$OURS" "$H_ROOT$H_SBINDIR/init.real" || h_fail "cannot copy init"
	{
		echo '#!/bin/bash'
		echo "sbin=$H_SBINDIR"
		cat <<'EOF'
how=$(cat /tmp/handover.how)
exec 11<&-
args=(--init)
case $how in
none) ;;
pipe:*)
	# The bytes are all in the pipe, its write end closed, before the exec.
	mkfifo -m 600 /tmp/handover.fifo
	exec 12<>/tmp/handover.fifo 11</tmp/handover.fifo
	rm -f /tmp/handover.fifo
	cat "${how#pipe:}" >&12
	exec 12>&-
	;;
reexec:* | blocking:*)
	exec 12<"${how#*:}"
	args=(--reexec 12 13)
	;;
esac
echo "$how" >/tmp/handover.used
mv -f "$sbin/init.real" "$sbin/init"
[ "${args[0]}" = --init ] && exec "$sbin/init" "${args[@]}"
# The FIFO on 13 as 0.1 held and passed it: read-write, non-blocking.
case $how in blocking:*) nonblock=0 ;; *) nonblock=1 ;; esac
exec python3 -c '
import os, sys
fd = os.open("/run/initctl", os.O_RDWR | (os.O_NONBLOCK if sys.argv[1] == "1" else 0))
os.dup2(fd, 13)
os.close(fd)
os.execv(sys.argv[2], sys.argv[2:])' "$nonblock" "$sbin/init" "${args[@]}"
EOF
	} >"$H_ROOT$H_SBINDIR/init.new" && chmod 0755 "$H_ROOT$H_SBINDIR/init.new" &&
		mv -f "$H_ROOT$H_SBINDIR/init.new" "$H_ROOT$H_SBINDIR/init" || h_fail "cannot install the stand-in"
}
# The stand-in ran and PID 1 is the real init again, at /sbin/init.
handed_over()
{
	h_exists /tmp/handover.used && h_alive &&
		[ "$(readlink "/proc/$H_PID/exe")" = "$H_ROOT$H_SBINDIR/init" ] &&
		cmp -s "/proc/$H_PID/exe" "$OURS"
}

# handover CASE HOW KIND: one case, from a fresh sandbox to the end.
# KIND: v1 or tags (a state that must be read), recover (none).
handover()
{
	local S=$1 how=$2 kind=$3 e p n line
	h_log "---- $S ----"
	boot_settled
	# HOW's FILE is a host path: "fill:FILE" is filled in (fill), "file:FILE"
	# copied as it is, to the sysroot's /tmp/handover.state.
	case $how in
	*:fill:*)
		fill "${how##*:fill:}"
		how="${how%%:fill:*}:/tmp/handover.state" ;;
	*:file:*)
		cp "${how##*:file:}" "$H_ROOT/tmp/handover.state"
		how="${how%%:file:*}:/tmp/handover.state" ;;
	esac
	install_standin "$how"
	utmp_dump >"$H_T/utmp.before"
	cp "$(h_utmp)" "$H_T/utmp.raw.before"
	wtmp_dump >"$H_T/wtmp.before"
	local runlevel_before
	runlevel_before=$(h_exec "$H_SBINDIR/runlevel")
	CONSOLE_LINES=$(wc -l <"$H_CONSOLE_LOG")
	PIPES_BEFORE=$(pipes_of "$H_PID" | cut -d' ' -f2-)

	h_telinit u || h_error "$S: telinit u failed"
	await "$S: PID 1 re-executed through the stand-in" 60 handed_over || return
	# `telinit status` answered: init serves its FIFO, and whatever it
	# was to start at the hand-over is started (a barrier for the checks).
	await "$S: init answers telinit status" 60 status_ok || return
	h_ok "$S: PID 1 is init again ($(cat "$H_ROOT/tmp/handover.used"))"

	# Not a boot.
	if console_since | grep -q 'booting'; then
		h_error "$S: init booted again: $(console_since | grep booting | head -n1)"
	fi
	# Same level, same children, listed with their pids.
	grep -q '^runlevel=2 previous=N ' <<<"$STATUS" ||
		h_error "$S: status says '$(head -n1 <<<"$STATUS")', not level 2 after N"
	for e in r1 r2 rp; do
		[ "$(h_pids_of "${CMD[$e]}" | tr '\n' ' ')" = "${PID[$e]} " ] ||
			h_error "$S: $e runs pid(s) $(h_pids_of "${CMD[$e]}" | tr '\n' ' ')instead of ${PID[$e]} alone"
		p=$(inner_pid "${PID[$e]}")
		grep -Eq "^$e +[^ ]+ +respawn +running +$p( |\$)" <<<"$STATUS" ||
			h_error "$S: telinit status does not list $e running as pid $p:"$'\n'"$STATUS"
	done
	h_not_running "${CMD[r3]}" || h_error "$S: r3 (level 3) runs in level 2"
	# Nothing that runs once was started again (wtmp gets an INIT_PROCESS
	# record as each starts), utmp and wtmp are as they were.
	for e in si bt bw w2 o2; do
		[ "$(wtmp_count INIT_PROCESS $e)" = "$(grep -c "^INIT_PROCESS $e " "$H_T/wtmp.before")" ] ||
			h_error "$S: $e started again"
	done
	utmp_dump >"$H_T/utmp.after"
	diff -u "$H_T/utmp.before" "$H_T/utmp.after" >&2 || h_error "$S: utmp records changed (diff above)"
	cmp -s "$H_T/utmp.raw.before" "$(h_utmp)" || h_error "$S: utmp's bytes changed (a record rewritten: times?)"
	wtmp_dump >"$H_T/wtmp.after"
	diff -u "$H_T/wtmp.before" "$H_T/wtmp.after" >&2 || h_error "$S: records were added to wtmp (diff above)"
	[ "$(h_exec "$H_SBINDIR/runlevel")" = "$runlevel_before" ] ||
		h_error "$S: runlevel said '$runlevel_before', now '$(h_exec "$H_SBINDIR/runlevel")'"
	p=$(new_pipes "$H_PID")
	[ -z "$p" ] || h_error "$S: PID 1 kept the hand-over's pipe open: $p"

	# What the state said, or the one line about what was recovered.
	local env_expected=none
	case $kind in
	v1)
		env_expected=v1
		console_since | grep -q "version $VERSION reloading[[:space:]]*\$" ||
			h_error "$S: no \"version $VERSION reloading\" on the console"
		grep -Eq '^r2 +2 +respawn +running +[0-9]+ +1 +signal 15' <<<"$STATUS" ||
			h_error "$S: r2's restarts and last exit (1, signal 15 in the state) were not restored:"$'\n'"$STATUS"
		;;
	tags)
		env_expected=tags
		console_since | grep -q "version $VERSION reloading[[:space:]]*\$" ||
			h_error "$S: no \"version $VERSION reloading\" on the console"
		grep -Eq '^r2 +2 +respawn +running +[0-9]+ +2 +signal 9' <<<"$STATUS" ||
			h_error "$S: r2's restarts and last exit (+NS3 +XS9 in the state) were not restored:"$'\n'"$STATUS"
		;;
	recover)
		n=$(console_since | grep -c -- "$RECOVER_RE")
		line=$(console_since | grep -- "$RECOVER_RE" | tr -d '\r' | tr '\n' '|')
		if [ "$n" -ne 1 ]; then
			h_error "$S: $n console lines about the recovery, not one: '$line'; the console since the hand-over:"$'\n'"$(console_since)"
		else
			h_ok "$S: init said: $line"
			# What it recovered: the level, the three processes.
			for p in "runlevel 2 " "adopted 3 processes" "r1=$(inner_pid "${PID[r1]}")" \
				"r2=$(inner_pid "${PID[r2]}")" "rp=$(inner_pid "${PID[rp]}")" "not recovered: "; do
				grep -qF -- "$p" <<<"$line" || h_error "$S: the recovery line does not say '$p'"
			done
		fi
		;;
	esac
	if [ "$kind" != recover ] && console_since | grep -q -- "$RECOVER_RE"; then
		h_error "$S: init recovered although the state was readable: $(console_since | grep -- "$RECOVER_RE")"
	fi

	# Level 3: r2 (adopted) stops, r3 and w3 start, r1 and rp stay.
	h_telinit 3 || h_error "$S: telinit 3 failed"
	await "$S: runlevel 3" 60 h_runlevel_is 3 || return
	await "$S: r2 stopped in level 3" 60 h_not_running "${CMD[r2]}"
	await "$S: r3 started in level 3" 60 h_running "${CMD[r3]}"
	await "$S: w3 ran" 60 grep -q '^w3 ' "$H_ROOT/tmp/ran"
	grep -qx "w3 2 $env_expected" "$H_ROOT/tmp/ran" ||
		h_error "$S: w3 ran with '$(grep '^w3' "$H_ROOT/tmp/ran")', not 'w3 2 $env_expected' (PREVLEVEL, INIT_HANDOVER)"
	for e in r1 rp; do
		[ "$(h_pids_of "${CMD[$e]}")" = "${PID[$e]}" ] ||
			h_error "$S: $e (levels 23) was restarted by telinit 3: $(h_pids_of "${CMD[$e]}" | tr '\n' ' ')"
	done
	[ "$(h_exec "$H_SBINDIR/runlevel")" = "2 3" ] ||
		h_error "$S: runlevel says '$(h_exec "$H_SBINDIR/runlevel")' after telinit 3"

	# A killed adopted child comes back once, and is reaped.
	local old=${PID[r1]} new
	kill "$old"
	respawned() { new=$(h_pids_of "${CMD[r1]}"); [ -n "$new" ] && [ "$new" != "$old" ]; }
	await "$S: r1 respawned after its process was killed" 60 respawned || return
	reaped() { [ ! -e "/proc/$old" ]; }
	await "$S: r1's killed process $old reaped" 60 reaped
	await "$S: init answers telinit status" 60 status_ok
	[ "$(count_of r1)" -eq 1 ] ||
		h_error "$S: r1 runs $(count_of r1) processes after one kill: $(h_pids_of "${CMD[r1]}" | tr '\n' ' ')"
	for e in r1 r2 r3 rp; do
		[ "$(count_of $e)" -le 1 ] || h_error "$S: $e runs $(count_of $e) processes at the end"
	done
	ran_is "$BOOT_RAN w3 2 $env_expected" ||
		h_error "$S: /tmp/ran holds '$(ran)', not '$BOOT_RAN w3 2 $env_expected'"
	h_ok "$S: done"
}

###########################################################################
# 3. ours -> ours from a state ours reads
###########################################################################
# a. 0.1's --reexec STATEFD FIFOFD with an "initsuite-state 1" text.
handover "3a. --reexec with today's state (initsuite-state 1)" \
	"reexec:fill:$DATA/handover-state-v1" v1
# b. --init, a sysvinit-format state with tags ours does not know.
handover "3b. --init, a state with unknown tags" \
	"pipe:fill:$DATA/handover-state-unknown-tags" tags

###########################################################################
# 4. no usable state: recover, never boot again
###########################################################################
handover "4a. --init, no descriptor 11" none recover
printf 'INIT: this is no state\n\0\377 garbage\nREC\nEND\n' >"$H_T/garbage"
handover "4b. --init, garbage on descriptor 11" "pipe:file:$H_T/garbage" recover
# The unknown-tags fixture cut short inside r2's record: no END.
sed -n '1,/^RECr2$/p' "$DATA/handover-state-unknown-tags" >"$H_T/truncated"
handover "4c. --init, a state cut short" "pipe:fill:$H_T/truncated" recover
printf 'initsuite-state 1\nnonsense\n' >"$H_T/bad-v1"
# (And the FIFO passed blocking: init must make it non-blocking.)
handover "4d. --reexec with a state that is no state" "blocking:file:$H_T/bad-v1" recover
h_pass
