#!/bin/bash
# The differential test: one scenario (tests/differential/*.scn) runs
# twice, once with Debian's sysvinit 3.06 as PID 1 of the harness's
# sandbox and once with ours, each entry's process being a traced probe
# (tests/tools/probe.c); what every process lived through, the runlevel,
# what runs, utmp and wtmp (and, where a scenario asks, the console and
# PID 1's title) are recorded and must be equal.
#
#   differential.sh [-k] SCENARIO.scn...   run and compare; exit 0 equal,
#                                           1 different, 77 no sysvinit or
#                                           no namespaces, 99 the sysvinit
#                                           run did not do what the
#                                           scenario waits for
#   differential.sh --pending [-k]         every scenario of
#                                           tests/differential/pending/,
#                                           one line each
#   -k (or DIFF_KEEP=1): keep both runs' records and print where.
#   DIFF_COMPARE="all" (or a list of sections) overrides what a scenario
#   compares.  make check runs the active scenarios (SCN_LOG_COMPILER);
#   `make check TESTS=tests/differential/pending/NAME.scn` runs one
#   pending scenario the same way.
#
# A scenario is a bash fragment sourced in each run; tests/differential/
# README describes its commands.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

D_SELF=$H_SRCDIR/tests/integration/differential.sh
D_DIR=$H_SRCDIR/tests/differential
D_TOOLS=$H_BUILDDIR/tests/tools
D_WAIT=${DIFF_WAIT:-20}            # seconds a wait gives the reference
D_SETTLE=${DIFF_SETTLE:-1.5}       # seconds of no change that mean "done"
D_SECTIONS="trace env seq running runlevel runlevel-file utmp wtmp console syslog title files checks"

# ---- fetching sysvinit ---------------------------------------------------

# Prints the path of sysvinit-core's .deb, fetching it once into the
# build tree's cache (as compat.sh and bench do); exits 77 without it.
d_deb()
{
	local cache=$H_BUILDDIR/tests/cache deb tmp
	if [ -n "${DIFF_SYSVINIT_DEB-}" ]; then
		[ -f "$DIFF_SYSVINIT_DEB" ] || h_skip "DIFF_SYSVINIT_DEB=$DIFF_SYSVINIT_DEB: no such file"
		echo "$DIFF_SYSVINIT_DEB"
		return
	fi
	mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ] || h_skip "cannot write the cache $cache"
	command -v dpkg-deb >/dev/null || h_skip "no dpkg-deb to unpack sysvinit-core"
	(
		# make -j runs scenarios side by side: one download.
		flock 9
		ls "$cache"/sysvinit-core_*.deb >/dev/null 2>&1 && exit 0
		command -v apt-get >/dev/null || exit 1
		tmp=$(mktemp -d "$cache/dl.XXXXXX") || exit 1
		( cd "$tmp" && apt-get download sysvinit-core ) >/dev/null 2>&1
		for deb in "$tmp"/sysvinit-core_*.deb; do
			[ -f "$deb" ] && mv "$deb" "$cache/"
		done
		rm -rf "$tmp"
	) 9>"$cache/.sysvinit-core.lock"
	deb=$(ls "$cache"/sysvinit-core_*.deb 2>/dev/null | head -n1)
	[ -n "$deb" ] || h_skip "cannot fetch sysvinit-core with apt-get download"
	# compat.sh may be writing the same file this moment.
	local tries=0
	until dpkg-deb -I "$deb" >/dev/null 2>&1; do
		tries=$((tries + 1))
		[ $tries -le 120 ] || h_fail "$deb is not a Debian package"
		sleep 0.5
	done
	echo "$deb"
}

# ---- one run (a process of its own: the harness's watchdog and EXIT
# trap belong to it) --------------------------------------------------------

d_note() { printf '%s\n' "$*" >>"$D_OUT/checks"; }

# The reference must reach every state a scenario waits for; ours, once
# it missed one, gets less time for the next (the run already differs).
d_timeout()
{
	d_note "TIMEOUT $*"
	[ "$D_IMPL" = sysvinit ] || D_WAIT=5
}

# d_ns SECONDS: SECONDS (with a fraction or not) in nanoseconds.
d_ns() { awk -v s="$1" 'BEGIN { printf "%.0f", s * 1000000000 }'; }

# d_poll SECONDS COMMAND...: true when COMMAND succeeds within SECONDS.
d_poll()
{
	local deadline=$(($(date +%s%N) + $(d_ns "$1")))
	shift
	until "$@"; do
		[ "$(date +%s%N)" -lt "$deadline" ] || return 1
		sleep 0.05
	done
}

d_trace() { cat "$H_ROOT/tmp/probe/trace" 2>/dev/null; }

# The instance names (ID#N) of ID that are alive now.
d_alive() { cat "$H_ROOT"/tmp/probe/run/* 2>/dev/null | grep -E "^$(d_re "$1")#[0-9]+\$"; }
d_re() { printf '%s' "$1" | sed 's/[][\.*^$+?(){}|/]/\\&/g'; }
d_starts() { d_trace | grep -cE "^[0-9]+ $(d_re "$1")#[0-9]+ start "; }
d_has_event() { d_trace | grep -qE "^[0-9]+ $(d_re "$1") $2( |\$)"; }

d_runlevel_of_utmp()
{
	local rl
	rl=$("$D_TOOLS/utmpfields" "$H_ROOT/run/utmp" 2>/dev/null | sed -n 's/^RUN_LVL .* pid=\([0-9]*\)$/\1/p' | head -n1)
	if [ -n "$rl" ]; then
		local prev=$((rl / 256)) cur=$((rl % 256))
		if [ $prev -eq 0 ]; then prev=N; else prev=$(printf "\\$(printf '%03o' $prev)"); fi
		printf '%s %s\n' "$prev" "$(printf "\\$(printf '%03o' $cur)")"
	elif [ -s "$H_ROOT/run/runlevel" ]; then
		printf 'N %s\n' "$(head -c1 "$H_ROOT/run/runlevel")"
	else
		echo unknown
	fi
}
d_level_is() { [ "$(d_runlevel_of_utmp | cut -d' ' -f2)" = "$1" ]; }

# ---- scenario commands ----------------------------------------------------

# inittab <<EOF: the inittab (both inits read it; it is rewritten, not
# appended to); inittab_append <<EOF adds lines.
inittab()
{
	cat >"$H_ROOT/etc/inittab"
	[ "$H_ROOT$H_SYSCONFDIR/inittab" -ef "$H_ROOT/etc/inittab" ] ||
		cp "$H_ROOT/etc/inittab" "$H_ROOT$H_SYSCONFDIR/inittab"
	d_note "step: inittab written"
}
inittab_append()
{
	cat >>"$H_ROOT/etc/inittab"
	[ "$H_ROOT$H_SYSCONFDIR/inittab" -ef "$H_ROOT/etc/inittab" ] ||
		cp "$H_ROOT/etc/inittab" "$H_ROOT$H_SYSCONFDIR/inittab"
	d_note "step: inittab appended to"
}
# file PATH [MODE] <<EOF: a file in the sandbox (rc scripts, initscript).
file()
{
	mkdir -p "$(dirname "$H_ROOT$1")"
	# Over whatever is there: a link the harness made (to our getty, when
	# configured elsewhere) would lead out of the sandbox.
	rm -f "$H_ROOT$1"
	cat >"$H_ROOT$1"
	chmod "${2:-644}" "$H_ROOT$1"
	# sysvinit reads /etc; ours, configured elsewhere (make distcheck),
	# its own sysconfdir.
	case $1 in
	/etc/*)
		if [ "$H_SYSCONFDIR" != /etc ]; then
			mkdir -p "$(dirname "$H_ROOT$H_SYSCONFDIR/${1#/etc/}")"
			cp -p "$H_ROOT$1" "$H_ROOT$H_SYSCONFDIR/${1#/etc/}"
		fi ;;
	esac
}
# remove PATH: a file of the sandbox goes.
remove() { rm -rf "${H_ROOT:?}$1"; d_note "step: rm $1"; }
# touch_file PATH: a file appears (a probe's -w or -g file).
touch_file() { : >"$H_ROOT$1"; d_note "step: touch $1"; }

# boot [ARG...]: start init with the kernel's words ARG.
boot()
{
	d_note "step: boot $*"
	h_start "$@"
	D_BOOTED=1
}
# tl ARG...: sysvinit's telinit (both inits get the same client).
tl()
{
	d_note "step: telinit $*"
	h_exec /opt/sysvinit/telinit "$@" >/dev/null 2>&1 </dev/null ||
		d_note "telinit $* failed"
}
# req ARG...: tests/tools/initreq (power requests as UPS daemons send).
req()
{
	d_note "step: initreq $*"
	h_exec /t/initreq "$@" || d_note "initreq $* failed"
}
# sig1 SIGNAL: a signal to PID 1 (INT: Ctrl-Alt-Del, WINCH: KeyboardSignal,
# PWR: power, with /run/powerstatus).
sig1()
{
	d_note "step: kill -$1 1"
	h_exec kill -"$1" 1 || d_note "kill -$1 1 failed"
}
# send ID SIGNAL: a signal to the living instance(s) of probe ID (USR1:
# end; USR2: log in (-L); TERM; KILL).
send()
{
	local id=$1 sig=$2 f pids=
	d_note "step: kill -$sig $id"
	for f in "$H_ROOT"/tmp/probe/run/*; do
		[ -f "$f" ] || continue
		grep -qE "^$(d_re "$id")#[0-9]+\$" "$f" 2>/dev/null && pids="$pids ${f##*/}"
	done
	if [ -z "$pids" ]; then
		d_note "send $sig $id: $id is not running"
		[ "$D_IMPL" != sysvinit ] || d_note "TIMEOUT $id running (to send $sig)"
		return
	fi
	# shellcheck disable=SC2086
	h_exec kill -"$sig" $pids 2>/dev/null
}
# run_in COMMAND...: a command inside the sandbox, as root.
run_in() { d_note "step: $*"; h_exec "$@" >/dev/null 2>&1; }
# sysvinit_cmd NAME ARG... / our_cmd NAME ARG...: sysvinit's program NAME
# (shutdown...) or ours (shutdown, halt, reboot, poweroff), the same one
# for both inits: each drives the other's init as its own.
sysvinit_cmd() { local p=$1; shift; run_in "/opt/sysvinit/$p" "$@" </dev/null; }
our_cmd() { local p=$1; shift; run_in "$H_SBINDIR/$p" "$@" </dev/null; }
# crossed OURS ARG... -- SYSVINITS ARG...: each init driven by the other
# one's program: sysvinit's init by ours, our init by sysvinit's.  What
# comes of it must be the same, so neither may differ from sysvinit.
crossed()
{
	local ours=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do ours+=("$1"); shift; done
	shift
	if [ "$D_IMPL" = sysvinit ]; then our_cmd "${ours[@]}"; else sysvinit_cmd "$@"; fi
}

# Waits: each polls with a deadline; a deadline passed is recorded (and
# is an error when the reference misses it).
wait_level() { d_poll "$D_WAIT" d_level_is "$1" || d_timeout "runlevel $1"; }
# wait_started ID [N]: ID has been started N times (default 1).
wait_started() { d_poll "$D_WAIT" d_started_n "$1" "${2:-1}" || d_timeout "$1 started ${2:-1} times"; }
d_started_n() { [ "$(d_starts "$1")" -ge "$2" ]; }
# wait_ended ID#N: that instance has exited or was killed.
wait_ended() { d_poll "$D_WAIT" d_ended "$1" || d_timeout "$1 ended"; }
d_ended() { d_has_event "$1" exit || d_has_event "$1" killed; }
# wait_event ID#N EVENT: that instance logged EVENT (ready, login, term...).
wait_event() { d_poll "$D_WAIT" d_has_event "$1" "$2" || d_timeout "$1 $2"; }
wait_running() { d_poll "$D_WAIT" d_running "$1" || d_timeout "$1 running"; }
wait_gone() { d_poll "$D_WAIT" d_gone "$1" || d_timeout "$1 gone"; }
d_running() { [ -n "$(d_alive "$1")" ]; }
d_gone() { [ -z "$(d_alive "$1")" ]; }
# wait_for DESCRIPTION COMMAND...: any condition.
wait_for() { local w=$1; shift; d_poll "$D_WAIT" "$@" || d_timeout "$w"; }

# settle [SECONDS]: until nothing (trace, processes, utmp, console)
# changed for SECONDS.  What must NOT happen can only be waited for so.
d_fingerprint()
{
	{
		d_trace
		ls "$H_ROOT/tmp/probe/run" 2>/dev/null
		cat "$H_ROOT/run/utmp" "$H_ROOT/var/log/wtmp" 2>/dev/null
		h_console 2>/dev/null | wc -c
	} | md5sum
}
# shellcheck disable=SC2120 # scenarios pass the seconds
settle()
{
	local quiet=${1:-$D_SETTLE} last now since deadline
	deadline=$(($(date +%s) + 30))
	last=$(d_fingerprint)
	since=$(date +%s%N)
	while :; do
		sleep 0.1
		now=$(d_fingerprint)
		if [ "$now" != "$last" ]; then
			last=$now
			since=$(date +%s%N)
		elif [ $(($(date +%s%N) - since)) -ge "$(d_ns "$quiet")" ]; then
			return 0
		fi
		[ "$(date +%s)" -lt $deadline ] || { d_note "settle: still changing after 30 s"; return 0; }
	done
}
# within SECONDS LABEL COMMAND...: record whether COMMAND came true in
# time ("LABEL: yes" / "LABEL: no"); for timing that matters (-t 0).
within()
{
	local secs=$1 label=$2
	shift 2
	if d_poll "$secs" "$@"; then d_note "$label: yes"; else d_note "$label: no"; fi
}
# check LABEL COMMAND...: record whether COMMAND is true now.
check() { local label=$1; shift; if "$@"; then d_note "$label: yes"; else d_note "$label: no"; fi; }

# Conditions for check/within/wait_for.
exists() { [ -e "$H_ROOT$1" ]; }
utmp_has() { "$D_TOOLS/utmpfields" "$H_ROOT/run/utmp" | grep -q " id=$1 "; }
wtmp_has() { "$D_TOOLS/utmpfields" "$H_ROOT/var/log/wtmp" | grep -q " id=$1 "; }
ended() { d_ended "$1"; }
running() { d_running "$1"; }
level_is() { d_level_is "$1"; }

# compare SECTION...: what must be equal (default: trace running runlevel).
compare() { echo "$*" >"$D_OUT/compare"; }
# order ID...: also record the global order of these IDs' events (only
# for IDs whose order init decides, e.g. a wait entry and the next one).
order() { D_SEQS+=("$*"); }
# collect_file PATH: record a file of the sandbox (its lines sorted: what
# concurrent processes append comes in any order) at every snapshot.
collect_file() { D_FILES+=("$1"); }

# ---- snapshots ----------------------------------------------------------

# The pid map: a probe's pid is ID#N, its parent (a shell or init's own
# intermediate process) ID#N^.
d_pidmap()
{
	d_trace | awk '$3 == "start" {
		inst = $2; pid = ""; ppid = ""
		for (i = 4; i <= NF; i++) {
			if ($i ~ /^pid=/) pid = substr($i, 5)
			if ($i ~ /^ppid=/) ppid = substr($i, 6)
		}
		if (pid != "") self[pid] = inst
		if (ppid != "" && ppid != 1) parent[ppid] = inst "^"
	}
	END {
		for (p in parent) if (!(p in self)) print p, parent[p]
		for (p in self) print p, self[p]
	}'
}

# Normalize utmpfields output: pids named, RUN_LVL decoded, the kernel
# release in ut_host shown as <release>.
d_norm_utmp()
{
	awk -v rel="$(uname -r)" -v mapfile="$D_OUT/.pidmap" '
	BEGIN { while ((getline l < mapfile) > 0) { split(l, a, " "); name[a[1]] = a[2] } }
	{
		pid = $NF; sub(/^pid=/, "", pid)
		if ($1 == "RUN_LVL") {
			p = int(pid / 256); c = pid % 256
			v = sprintf("%c,%c", p ? p : 78, c)
			if (!p) v = "N," sprintf("%c", c)
		} else if (pid == 0) v = "0"
		else if (pid in name) v = name[pid]
		else v = "?"
		$NF = "pid=" v
		if (rel != "") gsub("host=" rel, "host=<release>")
		print
	}'
}

# The console, normalized.  Left out: sysvinit's "Pid N [id X] seems to
# hang", which it prints when a process it sent KILL was not reaped 10 ms
# later (read_inittab), a race with the machine's load; and the leak
# check a sanitizer build of ours reports before a re-exec.
d_console()
{
	h_console 2>/dev/null | tr -d '\r' | sed -e 's/[[:space:]]*$//' -e '/^$/d' \
		-e 's/^INIT: version [^ ]* \(booting\|reloading\)/INIT: version <version> \1/' \
		-e '/^INIT: Pid [0-9]* \[id .*\] seems to hang$/d' \
		-e '/^INIT: leak check before re-exec: /d' |
		awk -v mapfile="$D_OUT/.pidmap" '
		BEGIN { while ((getline l < mapfile) > 0) { split(l, a, " "); name[a[1]] = a[2] } }
		{
			out = ""; s = $0
			while (match(s, /[Pp]id [0-9]+/)) {
				n = substr(s, RSTART + 4, RLENGTH - 4)
				out = out substr(s, 1, RSTART + 3) ((n in name) ? name[n] : "?")
				s = substr(s, RSTART + RLENGTH)
			}
			print out s
		}'
}

snapshot()
{
	local name=$1 s f
	d_pidmap >"$D_OUT/.pidmap"
	{
		echo "## $name trace"
		d_trace | awk '{
			inst = $2; ev = $3
			if (ev == "start") {
				d = $0; sub(/.* args=/, "args=", d); sub(/ RUNLEVEL=.*/, "", d)
				ev = "start " d
			} else if (NF > 3) ev = ev " " $4
			if (!(inst in seen)) { seen[inst] = 1; order[++n] = inst; ev_of[inst] = ev }
			else ev_of[inst] = ev_of[inst] " | " ev
		}
		END { for (i = 1; i <= n; i++) print order[i] ": " ev_of[order[i]] }' |
			sort -t'#' -k1,1 -k2,2n
		echo "## $name env"
		d_trace | awk '$3 == "start" { d = $0; sub(/.* RUNLEVEL=/, "RUNLEVEL=", d); print $2 " " d }' |
			sort -t'#' -k1,1 -k2,2n
		for s in "${D_SEQS[@]}"; do
			echo "## $name seq ${s// /,}"
			d_trace | awk -v ids=" $s " '{
				id = $2; sub(/#[0-9]+$/, "", id)
				if (index(ids, " " id " ")) print $2, $3 (($3 == "exit") ? " " $4 : "")
			}'
		done
		echo "## $name running"
		cat "$H_ROOT"/tmp/probe/run/* 2>/dev/null | sort -t'#' -k1,1 -k2,2n
		echo "## $name runlevel"
		d_runlevel_of_utmp
		echo "## $name runlevel-file"
		if [ -e "$H_ROOT/run/runlevel" ]; then cat "$H_ROOT/run/runlevel"; echo; else echo "(none)"; fi
		echo "## $name utmp"
		"$D_TOOLS/utmpfields" "$H_ROOT/run/utmp" 2>&1 | d_norm_utmp | sort
		echo "## $name wtmp"
		# Concurrent entries write in any order: wtmp is shown as the
		# boot and runlevel records in order, then each id's records
		# in order.
		"$D_TOOLS/utmpfields" "$H_ROOT/var/log/wtmp" 2>&1 | d_norm_utmp |
			awk '{ k = ($1 ~ /^(BOOT_TIME|RUN_LVL|NEW_TIME|OLD_TIME)$/) ? "" : $2; printf "%s\t%06d\t%s\n", k, NR, $0 }' |
			sort -t"$(printf '\t')" -k1,1 -k2,2n | cut -f3
		echo "## $name console"
		d_console
		echo "## $name syslog"
		# Without the time stamp; the priority and the words stay.
		sed -e 's/^\(<[0-9]*>\)[A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]\{8\} /\1/' \
			-e 's/\(\[\)[0-9]*\(\]: \)/\1pid\2/' "$H_T/syslog" 2>/dev/null | d_our_additions
		echo "## $name title"
		if [ -n "$H_PID" ] && [ -r "/proc/$H_PID/cmdline" ]; then
			printf "'%s'\n" "$(tr '\0' ' ' <"/proc/$H_PID/cmdline" | sed 's/ *$//')"
		else
			echo "(init is not running)"
		fi
		echo "## $name files"
		for f in "${D_FILES[@]}"; do
			echo "-- $f"
			if [ -e "$H_ROOT$f" ]; then LC_ALL=C sort "$H_ROOT$f"; else echo "(none)"; fi
		done
		echo "## $name checks"
		cat "$D_OUT/checks" 2>/dev/null | grep -v '^step: '
	} >>"$D_OUT/state"
}

# The console is a FIFO that a reader drains into a file.  Not a plain
# file: sysvinit writes it without O_APPEND, each message over the last.
# Not a pseudo-terminal: sysvinit's console_stty() (on a change to S, 0,
# 1 or 6, and in each process it starts for sysinit, boot or single user)
# ends in tcflush(TCIOFLUSH), which drops what the reader has not read
# yet, so its messages would be lost at random.
d_fifo_console()
{
	mkfifo "$H_T/console.fifo" || h_fail "mkfifo"
	: >"$H_T/console.log"
	# Opened read-write: the reader never sees end-of-file between the
	# writers' opens.
	( exec 8<>"$H_T/console.fifo"; exec cat <&8 >>"$H_T/console.log" ) &
	h_helper $!
	rm -f "$H_T/console"
	ln -s console.fifo "$H_T/console"
	H_CONSOLE_LOG=$H_T/console.log
}

# What init sends to syslog: the harness's (tests/harness/syslog.py),
# started now, before either init's first message.
d_syslog()
{
	: >"$H_T/syslog"
	python3 "$H_HARNESS/syslog.py" "$H_ROOT/dev/log" "$H_T/syslog" </dev/null &
	H_SYSLOGD=$!
	h_wait "the syslog socket" 10 test -S "$H_ROOT/dev/log"
}

# What ours adds of its own, to syslog alone (README, init(8)): left out
# of the comparison, since sysvinit has nothing like it.
d_our_additions()
{
	[ "$D_IMPL" = ours ] || { cat; return; }
	sed -e '/init: re-read inittab: /d' \
		-e '/init: Id "[^"]*" (pid [0-9]*) \(exited with status\|killed by signal\)/d' \
		-e '/init: Id "[^"]*": cannot execute /d'
}

d_one()
{
	local impl=$1 scn=$2 sv=$3
	D_IMPL=$impl D_OUT=$4 D_BOOTED='' D_SEQS=() D_FILES=()
	mkdir -p "$D_OUT"
	: >"$D_OUT/state"
	: >"$D_OUT/checks"
	echo "trace running runlevel" >"$D_OUT/compare"
	h_timeout "${DIFF_TIMEOUT:-400}"
	h_setup
	# What both runs share: the probe and its tools, sysvinit's telinit
	# and runlevel, an empty wtmp and /etc/inittab.d (without it
	# sysvinit says "No inittab.d directory found" at every read).
	mkdir -p "$H_ROOT/t" "$H_ROOT/opt/sysvinit" "$H_ROOT/tmp/probe/n" \
		"$H_ROOT/tmp/probe/run" "$H_ROOT/etc/inittab.d"
	chmod -R 1777 "$H_ROOT/tmp/probe"
	cp "$D_TOOLS/probe" "$D_TOOLS/initreq" "$D_TOOLS/utmpfields" "$H_ROOT/t/"
	cp -a "$sv/sbin/." "$H_ROOT/opt/sysvinit/"
	# Our shutdown and halt where they are installed, in both runs.
	cp "$H_BUILDDIR/shutdown/shutdown" "$H_BUILDDIR/shutdown/halt" "$H_ROOT$H_SBINDIR/"
	ln -s halt "$H_ROOT$H_SBINDIR/reboot"
	ln -s halt "$H_ROOT$H_SBINDIR/poweroff"
	: >"$H_ROOT/var/log/wtmp"
	if [ "$impl" = sysvinit ]; then
		cp "$sv/sbin/init" "$H_ROOT$H_SBINDIR/init"
	fi
	d_fifo_console
	d_syslog
	# shellcheck disable=SC1090
	. "$scn"
	[ -n "$D_BOOTED" ] || d_note "the scenario never booted"
	settle
	snapshot final
	h_kill_init
	# The console as it was, for whoever reads the kept records.
	h_console >"$D_OUT/console.raw" 2>/dev/null
	cp "$H_ROOT/tmp/probe/trace" "$D_OUT/trace.raw" 2>/dev/null
	"$D_TOOLS/utmpfields" "$H_ROOT/run/utmp" >"$D_OUT/utmp.raw" 2>&1
	"$D_TOOLS/utmpfields" "$H_ROOT/var/log/wtmp" >"$D_OUT/wtmp.raw" 2>&1
	exit 0
}

# ---- comparing -------------------------------------------------------------

# d_sections STATE SECTION...: only those sections of every snapshot.
d_sections()
{
	local state=$1
	shift
	awk -v want=" $* " '
		/^## / { keep = index(want, " " $3 " ") || ($3 == "seq" && index(want, " seq ")); if (!keep) next }
		keep' "$state"
}

# d_scenario SCENARIO [quiet]: run both, compare; returns 0/1/77/99.
d_scenario()
{
	local scn=$1 quiet=${2-} name out rc impl cmp differ=
	name=$(basename "$scn" .scn)
	[ -f "$scn" ] || { h_log "no scenario $scn"; return 99; }
	out=$D_RESULTS/$name
	rm -rf "$out"
	mkdir -p "$out"
	for impl in sysvinit ours; do
		bash "$D_SELF" --one "$impl" "$scn" "$D_SV" "$out/$impl" >"$out/$impl.log" 2>&1
		rc=$?
		[ $rc -ne 77 ] || { cat "$out/$impl.log" >&2; return 77; }
		if [ $rc -ne 0 ]; then
			h_log "$name: the $impl run failed ($rc):"
			sed 's/^/    /' "$out/$impl.log" >&2
			# Ours failing (a hang at boot, a crash) is a difference;
			# the reference failing is the scenario's fault.
			[ "$impl" = ours ] && [ -z "$quiet" ] && echo "== $name: our run failed (see above)"
			[ "$impl" = ours ] && return 1
			return 99
		fi
	done
	if grep -q '^TIMEOUT' "$out/sysvinit/checks"; then
		h_log "$name: the sysvinit run never reached what the scenario waits for:"
		grep '^TIMEOUT' "$out/sysvinit/checks" | sed 's/^/    /' >&2
		return 99
	fi
	cmp=$(cat "$out/sysvinit/compare")
	[ -z "${DIFF_COMPARE-}" ] || cmp=$DIFF_COMPARE
	[ "$cmp" != all ] || cmp=$D_SECTIONS
	d_sections "$out/sysvinit/state" $cmp checks >"$out/sysvinit.cmp"
	d_sections "$out/ours/state" $cmp checks >"$out/ours.cmp"
	if ! diff -q "$out/sysvinit.cmp" "$out/ours.cmp" >/dev/null; then
		differ=1
	fi
	if [ -z "$quiet" ]; then
		echo "== $name (compares: $cmp)"
		if [ -n "$differ" ]; then
			diff -u --label "sysvinit 3.06" --label "ours" "$out/sysvinit.cmp" "$out/ours.cmp"
		fi
		local also=
		for s in $D_SECTIONS; do
			case " $cmp checks " in *" $s "*) continue ;; esac
			[ "$(d_sections "$out/sysvinit/state" "$s")" = "$(d_sections "$out/ours/state" "$s")" ] || also="$also $s"
		done
		[ -z "$also" ] || echo "   (not compared here, also different:$also)"
	fi
	[ -z "$differ" ] || return 1
	return 0
}

# Which sections differ, for --pending's one line.
d_diff_sections()
{
	local out=$D_RESULTS/$1 s list=
	for s in $D_SECTIONS; do
		[ "$(d_sections "$out/sysvinit.cmp" "$s")" = "$(d_sections "$out/ours.cmp" "$s")" ] || list="$list $s"
	done
	echo "${list# }"
}

# ---- main -------------------------------------------------------------------

if [ "${1-}" = --one ]; then
	shift
	d_one "$@"
fi

keep=${DIFF_KEEP-} pending='' scns=()
while [ $# -gt 0 ]; do
	case $1 in
	-k | --keep) keep=1 ;;
	--pending) pending=1 ;;
	-*) echo "usage: $0 [-k] [--pending] [SCENARIO.scn...]" >&2; exit 2 ;;
	*) scns+=("$1") ;;
	esac
	shift
done
if [ -n "$pending" ]; then
	scns+=("$D_DIR"/pending/*.scn)
fi
[ ${#scns[@]} -gt 0 ] || { echo "usage: $0 [-k] [--pending] [SCENARIO.scn...]" >&2; exit 2; }

h_require_namespaces
h_built "$H_BUILDDIR/shutdown/shutdown" "$H_BUILDDIR/shutdown/halt"
for t in probe initreq utmpfields; do
	[ -x "$D_TOOLS/$t" ] || h_fail "no $D_TOOLS/$t: run 'make check' (or make tests/tools/$t) first"
done
deb=$(d_deb) || exit $?
D_RESULTS=$(mktemp -d "${TMPDIR:-/tmp}/initsuite-diff.XXXXXX") || h_fail "mktemp"
[ -n "$keep" ] || trap 'rm -rf "$D_RESULTS"' EXIT
D_SV=$D_RESULTS/sysvinit-core
dpkg-deb -x "$deb" "$D_SV" || h_fail "cannot unpack $deb"
[ -x "$D_SV/sbin/init" ] || h_fail "$deb holds no sbin/init"

worst=0
for scn in "${scns[@]}"; do
	if [ -n "$pending" ]; then
		d_scenario "$scn" quiet
		rc=$?
		name=$(basename "$scn" .scn)
		case $rc in
		0) printf 'PASS    %s\n' "$name" ;;
		1) if [ -f "$D_RESULTS/$name/ours.cmp" ]; then
			printf 'DIFFERS %s: %s\n' "$name" "$(d_diff_sections "$name")"
		   else
			printf 'DIFFERS %s: our run failed\n' "$name"
		   fi ;;
		77) printf 'SKIP    %s\n' "$name" ;;
		*) printf 'ERROR   %s (the sysvinit run)\n' "$name" ;;
		esac
	else
		d_scenario "$scn"
		rc=$?
	fi
	case $rc in
	0) ;;
	77) [ $worst -ne 0 ] || worst=77 ;;
	99) worst=99 ;;
	*) [ $worst -eq 99 ] || worst=1 ;;
	esac
done
[ -z "$keep" ] || h_log "records kept in $D_RESULTS"
exit $worst
