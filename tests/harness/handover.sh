# shellcheck shell=bash
#
# Helpers the hand-over tests share (tests/integration/handover*.sh), on
# top of tests/harness/lib.sh.  They expect CMD (an entry's process, by
# id), UTMPREAD (tests/tools/utmpread) and, for new_pipes, PIPES_BEFORE.

# await WHAT SECONDS COMMAND...: as h_wait, but a timeout is recorded as a
# failure and returned, so that the next case still runs.
await()
{
	local what=$1 secs=$2
	shift 2
	local deadline=$(($(date +%s%N) + secs * 1000000000))
	until "$@"; do
		if [ "$(date +%s%N)" -ge $deadline ]; then
			h_error "timed out after ${secs}s waiting for $what"
			echo "---- console (last 20 lines) ----" >&2
			tail -n 20 "$H_CONSOLE_LOG" >&2
			echo "---------------------------------" >&2
			return 1
		fi
		sleep 0.02
	done
}

# The sorted ids (and words) in /tmp/ran, on one line.
ran() { sort "$H_ROOT/tmp/ran" 2>/dev/null | tr '\n' ' ' | sed 's/ $//'; }
ran_is() { [ "$(ran)" = "$1" ]; }
# The pid of a process (host pid) inside the sandbox, as init knows it.
inner_pid() { awk '/^NSpid:/ { print $NF }' "/proc/$1/status"; }
# How many processes an entry (by id) has.
count_of() { h_pids_of "${CMD[$1]}" | wc -l; }
# Records as getutxent reads them, and how many of one kind and id.
utmp_dump() { "$UTMPREAD" -H "$(h_utmp)"; }
wtmp_dump() { "$UTMPREAD" -H "$(h_wtmp)"; }
wtmp_count() { "$UTMPREAD" "$(h_wtmp)" | awk -v t="$1" -v i="$2" '$1 == t && $2 == i' | wc -l; }
status_ok() { STATUS=$(h_telinit status 2>&1); }

# The pipes (and FIFOs of a stand-in init) a process (host pid) holds,
# one "FD TARGET" a line; new_pipes PID: those PID 1 did not hold before
# the hand-over (PIPES_BEFORE).
pipes_of()
{
	local f t
	for f in /proc/"$1"/fd/*; do
		t=$(readlink "$f") || continue
		case $t in pipe:* | *handover.fifo*) echo "${f##*/} $t" ;; esac
	done
}

new_pipes()
{
	pipes_of "$1" | while read -r fd t; do
		grep -qxF -- "$t" <<<"$PIPES_BEFORE" || echo "fd $fd ($t)"
	done | tr '\n' ' '
}

