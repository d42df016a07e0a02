#!/bin/bash
# make bench: our init against Debian's sysvinit (sysvinit-core) and
# busybox's init (busybox-static), each booted as PID 1 of the same kind
# of namespace sandbox (tests/harness/lib.sh) on the same workloads,
# alternating run by run; prints one table of medians and our ratios.
#
# Environment:
#   BENCH_RUNS       runs per cell (default 5; the median is reported)
#   BENCH_IDLE       seconds of the idle window of workload 5 (default 30)
#   BENCH_WORKLOADS  which workloads (default "1 1+ 2 2+ 3 3+ 4 5 6 7";
#                    N+ is N with `+` entries, which keep no utmp record)
#   BENCH_BB_RELOADS how many SIGHUP reloads busybox gets in workload 6
#                    (default 20: it sleeps a second after each)
#   BENCH_CACHE      where the peers' .deb files are fetched and unpacked
#                    (default $abs_top_builddir/tests/bench/cache)
#   BENCH_OUT        where raw results and the table go
#                    (default $abs_top_builddir/tests/bench/out)
#   BENCH_REPORT_ONLY=1  no runs: the table from BENCH_OUT/raw.tsv as it is
#                    (say, from a run that was stopped part way)
#   BENCH_INITS      which inits (default "ours sysvinit busybox"; the
#                    peers' columns stay empty without them)
#   BENCH_BEFORE     an init built from other sources (say, main before a
#                    change): run as a fourth init, "before", whose
#                    column and ours/before go into the same table
#
# Exit status: 0 when every cell ran, 1 when one failed (the table still
# shows the rest), 77 when a peer cannot be fetched.
set -u
BUILD=${abs_top_builddir:?run me with make bench}
SRC=${abs_top_srcdir:?run me with make bench}
RUNS=${BENCH_RUNS:-5}
IDLE=${BENCH_IDLE:-30}
WORKLOADS=${BENCH_WORKLOADS:-1 1+ 2 2+ 3 3+ 4 5 6 7}
CACHE=${BENCH_CACHE:-$BUILD/tests/bench/cache}
OUT=${BENCH_OUT:-$BUILD/tests/bench/out}
INITS=(${BENCH_INITS:-ours sysvinit busybox})
BEFORE=${BENCH_BEFORE:-}
if [ -n "$BEFORE" ]; then
	[ -x "$BEFORE" ] || { printf 'bench: BENCH_BEFORE=%s is no program\n' "$BEFORE" >&2; exit 1; }
	INITS+=(before)
	export BENCH_BEFORE=$BEFORE
fi
BB_RELOADS=${BENCH_BB_RELOADS:-20}
export BENCH_IDLE=$IDLE BENCH_PEERS=$CACHE BENCH_BB_RELOADS=$BB_RELOADS
say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# The peers: fetched, never installed.
fetch()
{
	local pkg=$1 dir=$2 deb
	deb=$(ls "$CACHE/${pkg}"_*.deb 2>/dev/null | head -n1)
	if [ -z "$deb" ]; then
		say "fetching $pkg with apt-get download"
		(cd "$CACHE" && apt-get download "$pkg" >/dev/null 2>&1)
		deb=$(ls "$CACHE/${pkg}"_*.deb 2>/dev/null | head -n1)
		# 77: make's and test-it's "skipped", since no peer, no table.
		[ -n "$deb" ] || { say "cannot fetch $pkg (apt-get download $pkg)"; exit 77; }
	fi
	if [ ! -d "$CACHE/$dir" ] || [ "$deb" -nt "$CACHE/$dir" ]; then
		rm -rf "$CACHE/$dir"
		dpkg-deb -x "$deb" "$CACHE/$dir" || die "cannot unpack $deb"
	fi
	echo "${deb##*/}"
}
mkdir -p "$CACHE" "$OUT" || die "cannot make $CACHE and $OUT"
SYSVINIT_DEB=$(fetch sysvinit-core sysvinit) || exit $?
BUSYBOX_DEB=$(fetch busybox-static busybox) || exit $?
[ -x "$CACHE/sysvinit/sbin/init" ] || die "no sbin/init in $SYSVINIT_DEB"
[ -x "$CACHE/busybox/bin/busybox" ] || die "no bin/busybox in $BUSYBOX_DEB"

RAW=$OUT/raw.tsv
load() { cut -d' ' -f1-3 /proc/loadavg; }
START=$(date +%s)
if [ "${BENCH_REPORT_ONLY:-0}" = 1 ]; then
	[ -s "$RAW" ] || die "no $RAW to report"
	LOAD_START=$(cat "$OUT/load-start" 2>/dev/null) RUNS_NOTE="up to $RUNS"
	START=$(cat "$OUT/start" 2>/dev/null || echo "$START")
else
	: >"$RAW"
	LOAD_START=$(load)
	echo "$LOAD_START" >"$OUT/load-start"
	echo "$START" >"$OUT/start"
fi
say "peers: $SYSVINIT_DEB, $BUSYBOX_DEB; $RUNS runs; load $LOAD_START"

# One cell; its "KEY VALUE" lines go to the raw table with init and run.
cell()
{
	local init=$1 w=$2 run=$3 line
	local out
	out=$(bash "$SRC/tests/bench/cell.sh" "$init" "$w" 2>"$OUT/cell-$init-$w-$run.log")
	if [ $? -ne 0 ] || [ -z "$out" ]; then
		say "run $run: $init workload $w FAILED (see $OUT/cell-$init-$w-$run.log)"
		printf '%s\t%s\t%s\t%s\n' "w$w" "$init" "$run" "fail" >>"$RAW"
		return
	fi
	while read -r key value; do
		case $w in *+) key=$key+ ;; esac
		printf '%s\t%s\t%s\t%s\n' "$key" "$init" "$run" "$value" >>"$RAW"
		say "run $run: $init $key = $value"
	done <<<"$out"
}

# The floor runs beside workload 1, or 1+ when 1 is left out.
case " $WORKLOADS " in
*" 1 "*) FLOOR_WITH=1 ;;
*) FLOOR_WITH=1+ ;;
esac
for ((run = 1; run <= RUNS && ${BENCH_REPORT_ONLY:-0} != 1; run++)); do
	# Rotate who goes first so no init always runs on a warmer machine.
	order=()
	for ((i = 0; i < ${#INITS[@]}; i++)); do
		order+=("${INITS[(i + run - 1) % ${#INITS[@]}]}")
	done
	for w in $WORKLOADS; do
		for init in "${order[@]}"; do
			# busybox keeps no utmp: its N is its N+.
			[ "$init" = busybox ] && [ "${w%+}" != "$w" ] && continue
			cell "$init" "$w" "$run"
		done
		[ "$w" != "$FLOOR_WITH" ] || cell floor 1 "$run"
		[ "$w" != 2 ] || cell floor 2 "$run"
		[ "$w" != 6 ] || cell floor 6 "$run"
	done
done
LOAD_END=$(load)

# Medians and the table.
median()
{
	awk -F'\t' -v k="$1" -v i="$2" '$1 == k && $2 == i && $4 != "fail" && $4 != "n/a" { print $4 }' "$RAW" |
		sort -g | awk '{ v[NR] = $1 } END {
			if (NR == 0) { print "-"; exit }
			if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
na() { awk -F'\t' -v k="$1" -v i="$2" '$1 == k && $2 == i && $4 == "n/a" { f = 1 } END { exit !f }' "$RAW"; }
# value in the row's unit: ns -> ms
fmt()
{
	case $2 in
	- | n/a) echo "$2" ;;
	*) case $1 in
	   ms) awk -v v="$2" 'BEGIN { printf "%.1f", v / 1e6 }' ;;
	   µs) awk -v v="$2" 'BEGIN { printf "%.1f", v / 1e3 }' ;;
	   *) awk -v v="$2" 'BEGIN { printf "%g", v }' ;;
	   esac ;;
	esac
}
# The median of the runs' own ratios, KEY of INIT-A over KEY-B of INIT-B
# in the same run: the machine drifts over a long run, and the two
# numbers of one run were taken minutes apart at most.
pratio()
{
	awk -F'\t' -v ka="$1" -v ia="$2" -v kb="$3" -v ib="$4" '
		$4 == "fail" || $4 == "n/a" { next }
		$1 == ka && $2 == ia { a[$3] = $4 }
		$1 == kb && $2 == ib { b[$3] = $4 }
		END {
			n = 0
			for (r in a) if ((r in b) && b[r] != 0) v[++n] = a[r] / b[r]
			if (n == 0) { print "-"; exit }
			for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
			printf "%.2f", (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
		}' "$RAW"
}

TABLE=$OUT/table.md
{
	if [ -n "$BEFORE" ]; then
		echo "| # | workload | unit | ours | before | sysvinit | busybox | ours/before | ours/sysvinit | ours/busybox | target | met |"
		echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
	else
		echo "| # | workload | unit | ours | sysvinit | busybox | ours/sysvinit | ours/busybox | target | met |"
		echo "|---|---|---|---|---|---|---|---|---|---|"
	fi
	row() { # KEY NUM LABEL UNIT TARGET-CHECK
		local key=$1 num=$2 label=$3 unit=$4 check=$5 bkey=${1%+} o s b os ob met
		o=$(median "$key" ours) s=$(median "$key" sysvinit) b=$(median "$bkey" busybox)
		os=$(pratio "$key" ours "$key" sysvinit) ob=$(pratio "$key" ours "$bkey" busybox)
		na "$key" sysvinit && s=n/a os=n/a
		na "$bkey" busybox && b=n/a ob=n/a
		# A ratio of two growths, or of wake-up counts, says nothing.
		case $check in t_growth | t_idle)
			[ "$os" = n/a ] || os=-
			[ "$ob" = n/a ] || ob=- ;;
		esac
		KEY=$key OS=$os OB=$ob
		met=$($check "$o" "$s" "$b")
		if [ -n "$BEFORE" ]; then
			printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$num" "$label" "$unit" \
				"$(fmt "$unit" "$o")" "$(fmt "$unit" "$(median "$key" before)")" \
				"$(fmt "$unit" "$s")" "$(fmt "$unit" "$b")" "$(pratio "$key" ours "$key" before)" \
				"$os" "$ob" "$met"
			return
		fi
		printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$num" "$label" "$unit" \
			"$(fmt "$unit" "$o")" "$(fmt "$unit" "$s")" "$(fmt "$unit" "$b")" "$os" "$ob" "$met"
	}
	# Targets of issue 6.
	# The floor of workload FLOOR-KEY: sets FLOOR_RATIO (ours/floor, paired
	# by run) and FLOOR_NOTE for the row.
	floor_of()
	{
		FLOOR_RATIO=$(pratio "$KEY" ours "$1" floor)
		FLOOR_NOTE="floor $(fmt ms "$(median "$1" floor)") ms, ours/floor $FLOOR_RATIO"
	}
	# Issue 16: workload 1 within 1.10x of the floor and at or below
	# busybox; 1+ below busybox.
	t_w1()
	{
		floor_of w1
		local below=${1:-le}
		if awk -v r="$FLOOR_RATIO" -v ob="$OB" -v lt="$below" 'BEGIN { exit !(r != "-" && r <= 1.10 &&
			(ob == "n/a" || (ob != "-" && (lt == "lt" ? ob < 1 : ob <= 1)))) }'; then
			echo "≤1.10x floor, $2 busybox | yes ($FLOOR_NOTE)"
		else
			echo "≤1.10x floor, $2 busybox | **no** ($FLOOR_NOTE)"
		fi
	}
	t_w1_le() { t_w1 le "≤"; }
	t_w1_lt() { t_w1 lt "<"; }
	t_fast()
	{
		if awk -v o="$1" -v os="$OS" -v ob="$OB" 'BEGIN { exit !(o != "-" && (os == "n/a" || (os != "-" && os * 3 <= 1)) && (ob == "n/a" || (ob != "-" && ob <= 1))) }'; then
			echo "≥3x faster than sysvinit, ≤ busybox | yes"
		else
			echo "≥3x faster than sysvinit, ≤ busybox | **no**"
		fi
	}
	# Workload 2 has a floor too: starting the 1000 sleepers at all.
	t_w2()
	{
		floor_of w2
		echo "$(t_fast "$@") ($FLOOR_NOTE)"
	}
	t_idle()
	{
		if [ "$1" = 0 ]; then echo "0 wake-ups | yes"; else echo "0 wake-ups | **no**"; fi
	}
	t_rss()
	{
		if awk -v ob="$OB" 'BEGIN { exit !(ob != "-" && ob != "n/a" && ob <= 1) }'; then
			echo "≤ busybox | yes${RSS_NOTE:+ ($RSS_NOTE)}"
		else
			echo "≤ busybox | **no**${RSS_NOTE:+ ($RSS_NOTE)}"
		fi
	}
	# The least a program linked against the C library holds at all.
	t_anon() { RSS_NOTE="floor $(median w6anon floor) kB: a dynamic C program doing nothing" t_rss; }
	t_growth()
	{
		# Shrinking is no growth either.
		if awk -v v="$1" 'BEGIN { exit !(v != "-" && v <= 0) }'; then
			echo "no growth | yes"
		else
			echo "no growth | **no**"
		fi
	}
	t_none() { echo "- | -"; }
	for w in $WORKLOADS; do
		case $w in
		1) row w1 1 "1000 sequential wait entries of /bin/true N" ms t_w1_le
		   row w1cpu 1 "PID 1's CPU time per entry" µs t_none ;;
		1+) row w1+ 1+ "the same, entries with + (no utmp/wtmp)" ms t_w1_lt
		   row w1cpu+ 1+ "PID 1's CPU time per entry" µs t_none ;;
		2) row w2 2 "1000 respawn entries: boot until all run" ms t_w2
		   row w2cpu 2 "PID 1's CPU time per entry" µs t_none ;;
		2+) row w2+ 2+ "the same, entries with + (no utmp/wtmp)" ms t_w2
		   row w2cpu+ 2+ "PID 1's CPU time per entry" µs t_none ;;
		3) row w3 3 "runlevel change stopping 500, starting 500" ms t_fast
		   row w3cpu 3 "PID 1's CPU time per process stopped or started" µs t_none ;;
		3+) row w3+ 3+ "the same, entries with + (no utmp/wtmp)" ms t_fast
		   row w3cpu+ 3+ "PID 1's CPU time per process stopped or started" µs t_none ;;
		4) row w4 4 "10,000 orphaned zombies reaped" ms t_fast ;;
		5) row w5 5 "idle ${IDLE} s, one respawn entry: PID 1 wake-ups" count t_idle ;;
		6) row w6rss 6 "RSS with 100 entries (VmRSS)" kB t_rss
		   row w6anon 6 "same, anonymous only (RssAnon)" kB t_anon
		   row w6pss 6 "same, proportional set size (Pss)" kB t_rss
		   row w6rssgrowth 6 "VmRSS growth over 1000 reloads (busybox: $BB_RELOADS)" kB t_growth
		   row w6anongrowth 6 "RssAnon growth over the same reloads" kB t_growth
		   row w6datagrowth 6 "VmData growth over the same reloads" kB t_growth
		   row w6steady 6 "RssAnon growth from reload 10 to 1000 (busybox: 2 to $BB_RELOADS)" kB t_growth ;;
		7) row w7 7 "telinit round trip (median of 10 per run)" ms t_none ;;
		esac
	done
} >"$TABLE"

{
	echo
	echo "Machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), kernel $(uname -r)"
	echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); ${RUNS_NOTE:-$RUNS} runs per cell, medians; took $(($(date +%s) - START)) s"
	echo "Load average (1/5/15 min): $LOAD_START at the start, $LOAD_END at the end"
	echo "Peers: $SYSVINIT_DEB, $BUSYBOX_DEB"
} >>"$TABLE"
cat "$TABLE"
say "raw results in $RAW, table in $TABLE"
failed=$(awk -F'\t' '$4 == "fail" { n++ } END { print n + 0 }' "$RAW")
[ "$failed" -eq 0 ] || die "$failed cells failed (their logs: $OUT/cell-*.log)"
