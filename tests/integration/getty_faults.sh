#!/bin/bash
# getty on a hostile line (tests/tools/ptyfault plays the line):
#  - the line hangs up: getty ends at once, or after its error delay when
#    SIGHUP is ignored, without spinning;
#  - a storm of BREAKs: getty hunts around the gettydefs chain, survives,
#    and the entry it stopped at logs a name in with its own modes;
#  - 1 MB without a newline: memory and echo stay bounded, the over-long
#    name is refused with a message, a real name logs in afterwards;
#  - under init as PID 1: after a flood and after a hangup, init's
#    respawned getty serves the line again.
. "$abs_top_srcdir/tests/integration/getty/lib.sh"
PTYFAULT=$abs_top_builddir/tests/tools/ptyfault
[ -x "$PTYFAULT" ] || { echo "missing $PTYFAULT: build it first" >&2; exit 99; }

# A generous deadline for every wait: other tests share the machine.
WAIT=60
FLOOD=1048576

# With --enable-sanitizers, getty's reports would go to the line (gone
# after a hangup) and its exit status could pass for a normal one: send
# them to files, checked at the end.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$TMP/sanitizer:exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$TMP/sanitizer:exitcode=86:print_stacktrace=1"
sanitizer_quiet() {
	local f
	for f in "$TMP"/sanitizer.*; do
		[ -e "$f" ] || continue
		fail "sanitizer report:"
		cat "$f" >&2
	done
}

cat > "$TMP/defs" <<'D'
fast# B115200 CS8 # B115200 CS8 SANE #@B login: #mid

mid# B38400 CS8 # B38400 CS8 CSTOPB SANE #@B login: #slow

slow# B9600 CS8 # B9600 CS8 SANE #@B login: #fast
D
"$GETTY" -c "$TMP/defs" > /dev/null || fail "test gettydefs is not clean"
printf 'issue for \\l\n' > "$TMP/issue"

# pass_if_clean SINCE MESSAGE: pass unless a failure came after SINCE.
pass_if_clean() {
	local since=$1
	shift
	[ "$failures" -ne "$since" ] || pass "$*"
}

# value KEY FILE: what ptyfault reported for KEY.
value() { sed -n "s/^$1=//p" "$2" | tail -n 1; }

# fault NAME ARGS...: run ptyfault, findings in $TMP/NAME.out, its
# complaints in $TMP/NAME.err, the line's output in $TMP/NAME.transcript.
fault() {
	local name=$1
	shift
	"$PTYFAULT" -t "$WAIT" -o "$TMP/$name.transcript" "$@" > "$TMP/$name.out" 2> "$TMP/$name.err"
}

# ended_sanely NAME WANT MAX_MS: the command ended as WANT (a regex) within
# MAX_MS of the hangup, using little CPU on the way (no busy loop).
ended_sanely() {
	local name=$1 want=$2 max_ms=$3 ended ms cpu
	ended=$(value ended "$TMP/$name.out")
	ms=$(value ended_ms "$TMP/$name.out")
	cpu=$(value cpu_ms "$TMP/$name.out")
	[[ $ended =~ ^($want)$ ]] || { fail "$name: getty ended as '$ended', not $want"; return 1; }
	[ "${ms:-999999}" -le "$max_ms" ] || { fail "$name: getty took ${ms} ms to end"; return 1; }
	[ "${cpu:-999999}" -lt 1000 ] || { fail "$name: getty used ${cpu} ms of CPU"; return 1; }
	echo "   $name: ended=$ended after ${ms} ms, ${cpu} ms CPU"
}

# 1. The line hangs up (the pty's master closes) at the prompt: the
#    session's SIGHUP ends getty at once.
if fault hangup hangup -- "$GETTY" --gettydefs "$TMP/defs" -f "$TMP/issue" \
	-l "$TMP/fake-login" @PTY@ fast; then
	ended_sanely hangup 'signal:1' 10000 && pass "hangup: getty ends at once"
else
	fail "hangup scenario: $(cat "$TMP/hangup.err")"
fi

# 2. The same with SIGHUP ignored (inherited from whoever started getty):
#    the dead line reads as end of file, getty waits out its error delay
#    asleep and exits with a failure.  (Its message goes to syslog and to
#    the line, which is gone.)
if GETTY_ERROR_DELAY=2 fault hangup-ign hangup -- /bin/bash -c 'trap "" HUP; exec "$@"' getty \
	"$GETTY" --gettydefs "$TMP/defs" -f "$TMP/issue" -l "$TMP/fake-login" @PTY@ fast; then
	if ended_sanely hangup-ign 'exit:1' 20000; then
		ms=$(value ended_ms "$TMP/hangup-ign.out")
		if [ "$ms" -ge 2000 ]; then
			pass "hangup with SIGHUP ignored: error delay spent asleep, exit 1"
		else
			fail "hangup-ign: exited after ${ms} ms, before the error delay"
		fi
	fi
else
	fail "hangup-ign scenario: $(cat "$TMP/hangup-ign.err")"
fi

# 3. A hangup from outside (carrier lost, TIOCVHANGUP; root only) leaves
#    the line in place; getty ends at once.
if [ "$(id -u)" = 0 ]; then
	if fault vhangup vhangup -- "$GETTY" --gettydefs "$TMP/defs" -f "$TMP/issue" \
		-l "$TMP/fake-login" @PTY@ fast; then
		ended_sanely vhangup 'signal:1' 10000 && pass "carrier lost: getty ends at once"
	else
		fail "vhangup scenario: $(cat "$TMP/vhangup.err")"
	fi
else
	echo "   not run: TIOCVHANGUP needs root (the init part below also leaves it out)"
fi

# 4. A BREAK storm: getty hunts around the chain, each entry's prompt
#    shows, and afterwards a name logs in at the entry the storm left it
#    on, with that entry's modes.
rm -f "$GETTY_TEST_OUT"
f0=$failures
if fault breaks breaks 5000 erin -- "$GETTY" --gettydefs "$TMP/defs" -f "$TMP/issue" \
	-l "$TMP/fake-login" @PTY@ fast; then
	for p in 115200 38400 9600; do
		grep -aqF "$p login: " "$TMP/breaks.transcript" || fail "breaks: the $p entry's prompt never showed"
	done
	last=$(grep -aoE '[0-9]+ login: ' "$TMP/breaks.transcript" | tail -n 1)
	last=${last%% *}
	login_has 'argv[2]=erin'
	stty_has "speed $last baud"
	if [ "$last" = 38400 ]; then stty_has cstopb; else stty_has -cstopb; fi
	prompts=$(grep -aoE '[0-9]+ login: ' "$TMP/breaks.transcript" | wc -l)
	pass_if_clean "$f0" "BREAK storm: hunted ($prompts prompts), then logged in at $last baud" \
		"(attempts: $(value login_attempts "$TMP/breaks.out"))"
else
	fail "BREAK storm scenario: $(cat "$TMP/breaks.err")"
fi

# 5. 1 MB without a newline: getty keeps no more than a name's worth, its
#    echo stays small, the over-long name is refused with a message and a
#    real name logs in afterwards.
rm -f "$GETTY_TEST_OUT"
f0=$failures
if fault flood flood "$FLOOD" frank -- "$GETTY" --gettydefs "$TMP/defs" -i \
	-l "$TMP/fake-login" @PTY@ fast; then
	start=$(value hwm_start_kb "$TMP/flood.out")
	peak=$(value hwm_flood_kb "$TMP/flood.out")
	out=$(value output_bytes "$TMP/flood.out")
	[ "$start" -gt 0 ] && [ "$peak" -gt 0 ] || fail "flood: no memory figures ($start, $peak)"
	[ $((peak - start)) -lt 512 ] || fail "flood: getty's peak memory grew from $start kB to $peak kB"
	[ "$(value flood_answer "$TMP/flood.out")" = prompt ] ||
		fail "flood: the over-long name was not refused (answer: $(value flood_answer "$TMP/flood.out"))"
	grep -aq 'too long' "$TMP/flood.transcript" || fail "flood: no message about the name's length"
	[ "$out" -lt 65536 ] || fail "flood: getty wrote $out bytes back for $FLOOD bytes of input"
	login_has 'argv[2]=frank'
	pass_if_clean "$f0" "1 MB flood: refused ($((peak - start)) kB more memory, $out bytes echoed), then logged in"
else
	fail "flood scenario: $(cat "$TMP/flood.err")"
fi

sanitizer_quiet

# 6. Under init as PID 1: after a flood, and after a hangup from outside,
#    init respawns getty and the line serves again.  Runs only when the
#    parts above passed, so that a machine without namespaces (SKIP)
#    cannot hide a failure.
[ "$failures" -eq 0 ] || finish
. "$abs_top_srcdir/tests/harness/lib.sh"
h_setup
trap 'h_teardown; rm -rf "$TMP"' EXIT
cp "$TMP/defs" "$H_ROOT$H_SYSCONFDIR/gettydefs" || h_fail "copy gettydefs"
printf 'issue for \\l\n' | h_write "$H_SYSCONFDIR/issue"
cp "$PTYFAULT" "$H_ROOT/tmp/ptyfault" || h_fail "copy ptyfault"
cp "$abs_top_srcdir/tests/tools/fake-login" "$H_ROOT/tmp/fake-login" || h_fail "copy fake-login"
h_write /tmp/login <<'EOF2'
#!/bin/sh
echo "$$ $*" >>/tmp/logins
GETTY_TEST_OUT=/tmp/login.$$ exec /tmp/fake-login "$@"
EOF2
chmod +x "$H_ROOT/tmp/fake-login" "$H_ROOT/tmp/login"
h_inittab <<'TAB'
id:2:initdefault:
TAB
h_start

scenarios=(flood)
[ "$(id -u)" = 0 ] && scenarios+=(vhangup)
declare -A runner
for s in "${scenarios[@]}"; do
	case $s in
	flood) args=(flood "$FLOOD" first-flood) ;;
	vhangup) args=(vhangup) ;;
	esac
	h_exec /tmp/ptyfault -t "$WAIT" -o "/tmp/$s.transcript" -a "again-$s" -p "/tmp/pty.$s" "${args[@]}" \
		>"$H_T/$s.out" 2>"$H_T/$s.err" &
	runner[$s]=$!
done
tab=$'id:2:initdefault:\n'
for s in "${scenarios[@]}"; do
	h_wait "the $s pty" "$WAIT" h_exists "/tmp/pty.$s"
	pty=$(h_cat "/tmp/pty.$s")
	tab+="${s:0:2}:2:respawn:$H_SBINDIR/getty -l /tmp/login ${pty#/dev/} fast"$'\n'
done
printf '%s' "$tab" | h_inittab
h_telinit q || h_fail "telinit q"

for s in "${scenarios[@]}"; do
	wait "${runner[$s]}" || h_fail "the $s line under init: $(cat "$H_T/$s.err")"
	before=$(value prompt_pid "$H_T/$s.out")
	after=$(value after_pid "$H_T/$s.out")
	[ -n "$after" ] && [ "$after" != "$before" ] || h_fail "$s: the same getty ($before, $after) answered twice"
	# The stand-in login runs in the respawned getty's process.
	grep -qx -- "$after -- again-$s" "$H_ROOT/tmp/logins" ||
		h_fail "$s: no login by the respawned getty $after: $(h_cat /tmp/logins)"
	pass "under init: $s, then getty $before respawned as $after and logged in again-$s"
done
grep -qx -- "[0-9]* -- first-flood" "$H_ROOT/tmp/logins" || h_fail "flood: first login missing: $(h_cat /tmp/logins)"
[ "$(value flood_answer "$H_T/flood.out")" = prompt ] && grep -aq 'too long' "$H_ROOT/tmp/flood.transcript" ||
	h_fail "flood under init: the over-long name was not refused with a message"
h_assert h_alive
finish
