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
set -u
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"
h_timeout 600   # the sum of the deadlines below, if it came to that
h_built "$H_PTYFAULT"
h_getty_setup

# A generous deadline for every wait: other tests share the machine.
WAIT=60
FLOOD=1048576

# With --enable-sanitizers, getty's reports would go to the line (gone
# after a hangup) and its exit status could pass for a normal one: send
# them to files, checked at the end.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$H_T/sanitizer:exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$H_T/sanitizer:exitcode=86:print_stacktrace=1"
sanitizer_quiet() {
	local f
	for f in "$H_T"/sanitizer.*; do
		[ -e "$f" ] || continue
		h_error "sanitizer report:"
		cat "$f" >&2
	done
}

cat > "$H_T/defs" <<'D'
fast# B115200 CS8 # B115200 CS8 SANE #@B login: #mid

mid# B38400 CS8 # B38400 CS8 CSTOPB SANE #@B login: #slow

slow# B9600 CS8 # B9600 CS8 SANE #@B login: #fast
D
"$H_GETTY" -c "$H_T/defs" > /dev/null || h_error "test gettydefs is not clean"
printf 'issue for \\l\n' > "$H_T/issue"

# pass_if_clean SINCE MESSAGE: pass unless a failure came after SINCE.
pass_if_clean() {
	local since=$1
	shift
	[ "$H_FAILURES" -ne "$since" ] || h_ok "$*"
}

# value KEY FILE: what ptyfault reported for KEY.
value() { sed -n "s/^$1=//p" "$2" | tail -n 1; }

# fault NAME ARGS...: run ptyfault, findings in $H_T/NAME.out, its
# complaints in $H_T/NAME.err, the line's output in $H_T/NAME.transcript.
fault() {
	local name=$1
	shift
	"$H_PTYFAULT" -t "$WAIT" -o "$H_T/$name.transcript" "$@" > "$H_T/$name.out" 2> "$H_T/$name.err"
}

# ended_sanely NAME WANT MAX_MS: the command ended as WANT (a regex) within
# MAX_MS of the hangup, using little CPU on the way (no busy loop).
ended_sanely() {
	local name=$1 want=$2 max_ms=$3 ended ms cpu
	ended=$(value ended "$H_T/$name.out")
	ms=$(value ended_ms "$H_T/$name.out")
	cpu=$(value cpu_ms "$H_T/$name.out")
	[[ $ended =~ ^($want)$ ]] || { h_error "$name: getty ended as '$ended', not $want"; return 1; }
	[ "${ms:-999999}" -le "$max_ms" ] || { h_error "$name: getty took ${ms} ms to end"; return 1; }
	[ "${cpu:-999999}" -lt 1000 ] || { h_error "$name: getty used ${cpu} ms of CPU"; return 1; }
	echo "   $name: ended=$ended after ${ms} ms, ${cpu} ms CPU"
}

# 1. The line hangs up (the pty's master closes) at the prompt: the
#    session's SIGHUP ends getty at once.
if fault hangup hangup -- "$H_GETTY" --gettydefs "$H_T/defs" -f "$H_T/issue" \
	-l "$H_T/fake-login" @PTY@ fast; then
	ended_sanely hangup 'signal:1' 10000 && h_ok "hangup: getty ends at once"
else
	h_error "hangup scenario: $(cat "$H_T/hangup.err")"
fi

# 2. The same with SIGHUP ignored (inherited from whoever started getty):
#    the dead line reads as end of file, getty waits out its error delay
#    asleep and exits with a failure.  (Its message goes to syslog and to
#    the line, which is gone.)
if GETTY_ERROR_DELAY=2 fault hangup-ign hangup -- /bin/bash -c 'trap "" HUP; exec "$@"' getty \
	"$H_GETTY" --gettydefs "$H_T/defs" -f "$H_T/issue" -l "$H_T/fake-login" @PTY@ fast; then
	if ended_sanely hangup-ign 'exit:1' 20000; then
		ms=$(value ended_ms "$H_T/hangup-ign.out")
		if [ "$ms" -ge 2000 ]; then
			h_ok "hangup with SIGHUP ignored: error delay spent asleep, exit 1"
		else
			h_error "hangup-ign: exited after ${ms} ms, before the error delay"
		fi
	fi
else
	h_error "hangup-ign scenario: $(cat "$H_T/hangup-ign.err")"
fi

# 3. A hangup from outside (carrier lost, TIOCVHANGUP; root only) leaves
#    the line in place; getty ends at once.
if [ "$(id -u)" = 0 ]; then
	if fault vhangup vhangup -- "$H_GETTY" --gettydefs "$H_T/defs" -f "$H_T/issue" \
		-l "$H_T/fake-login" @PTY@ fast; then
		ended_sanely vhangup 'signal:1' 10000 && h_ok "carrier lost: getty ends at once"
	else
		h_error "vhangup scenario: $(cat "$H_T/vhangup.err")"
	fi
else
	echo "   not run: TIOCVHANGUP needs root (the init part below also leaves it out)"
fi

# 4. A BREAK storm: getty hunts around the chain, each entry's prompt
#    shows, and afterwards a name logs in at the entry the storm left it
#    on, with that entry's modes.
rm -f "$GETTY_TEST_OUT"
f0=$H_FAILURES
if fault breaks breaks 5000 erin -- "$H_GETTY" --gettydefs "$H_T/defs" -f "$H_T/issue" \
	-l "$H_T/fake-login" @PTY@ fast; then
	for p in 115200 38400 9600; do
		grep -aqF "$p login: " "$H_T/breaks.transcript" || h_error "breaks: the $p entry's prompt never showed"
	done
	last=$(grep -aoE '[0-9]+ login: ' "$H_T/breaks.transcript" | tail -n 1)
	last=${last%% *}
	h_login_has 'argv[2]=erin'
	h_stty_has "speed $last baud"
	if [ "$last" = 38400 ]; then h_stty_has cstopb; else h_stty_has -cstopb; fi
	prompts=$(grep -aoE '[0-9]+ login: ' "$H_T/breaks.transcript" | wc -l)
	pass_if_clean "$f0" "BREAK storm: hunted ($prompts prompts), then logged in at $last baud" \
		"(attempts: $(value login_attempts "$H_T/breaks.out"))"
else
	h_error "BREAK storm scenario: $(cat "$H_T/breaks.err")"
fi

# 5. 1 MB without a newline: getty keeps no more than a name's worth, its
#    echo stays small, the over-long name is refused with a message and a
#    real name logs in afterwards.
rm -f "$GETTY_TEST_OUT"
f0=$H_FAILURES
if fault flood flood "$FLOOD" frank -- "$H_GETTY" --gettydefs "$H_T/defs" -i \
	-l "$H_T/fake-login" @PTY@ fast; then
	start=$(value hwm_start_kb "$H_T/flood.out")
	peak=$(value hwm_flood_kb "$H_T/flood.out")
	out=$(value output_bytes "$H_T/flood.out")
	[ "$start" -gt 0 ] && [ "$peak" -gt 0 ] || h_error "flood: no memory figures ($start, $peak)"
	[ $((peak - start)) -lt 512 ] || h_error "flood: getty's peak memory grew from $start kB to $peak kB"
	[ "$(value flood_answer "$H_T/flood.out")" = prompt ] ||
		h_error "flood: the over-long name was not refused (answer: $(value flood_answer "$H_T/flood.out"))"
	grep -aq 'too long' "$H_T/flood.transcript" || h_error "flood: no message about the name's length"
	[ "$out" -lt 65536 ] || h_error "flood: getty wrote $out bytes back for $FLOOD bytes of input"
	h_login_has 'argv[2]=frank'
	pass_if_clean "$f0" "1 MB flood: refused ($((peak - start)) kB more memory, $out bytes echoed), then logged in"
else
	h_error "flood scenario: $(cat "$H_T/flood.err")"
fi

sanitizer_quiet

# 6. Under init as PID 1: after a flood, and after a hangup from outside,
#    init respawns getty and the line serves again.  Runs only when the
#    parts above passed (else h_pass ends the test as FAIL here); on a
#    machine without namespaces, h_setup's SKIP would not hide a failure
#    either.
[ "$H_FAILURES" -eq 0 ] || h_pass
h_setup
cp "$H_T/defs" "$H_ROOT$H_SYSCONFDIR/gettydefs" || h_fail "copy gettydefs"
printf 'issue for \\l\n' | h_write "$H_SYSCONFDIR/issue"
cp "$H_PTYFAULT" "$H_ROOT/tmp/ptyfault" || h_fail "copy ptyfault"
cp "$H_FAKE_LOGIN" "$H_ROOT/tmp/fake-login" || h_fail "copy fake-login"
# The stand-in login, in the process getty exec'd it in ($$, what
# /tmp/logins names), ends only when ptyfault has read its
# FAKE-LOGIN-DONE and typed a line: init's next getty hangs the line up at
# once, and a hang-up on a pty throws away output not yet read.
h_write /tmp/login <<'EOF2'
#!/bin/sh
echo "$$ $*" >>/tmp/logins
GETTY_TEST_OUT=/tmp/login.$$ /tmp/fake-login "$@"
status=$?
read -r _
exit "$status"
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
		>"$H_T/init-$s.out" 2>"$H_T/init-$s.err" &
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
	# On a failure, what the line showed last and who logged in: a
	# timeout alone does not say which step never came.
	wait "${runner[$s]}" || h_fail "the $s line under init: $(cat "$H_T/init-$s.err")
  its transcript ended: $(tail -c 400 "$H_ROOT/tmp/$s.transcript" 2>/dev/null | tr -c '[:print:]\n' '.')
  /tmp/logins: $(h_cat /tmp/logins 2>/dev/null)"
	before=$(value prompt_pid "$H_T/init-$s.out")
	after=$(value after_pid "$H_T/init-$s.out")
	[ -n "$after" ] && [ "$after" != "$before" ] || h_fail "$s: the same getty ($before, $after) answered twice"
	# The stand-in login runs in the respawned getty's process.
	grep -qx -- "$after -- again-$s" "$H_ROOT/tmp/logins" ||
		h_fail "$s: no login by the respawned getty $after: $(h_cat /tmp/logins)"
	h_ok "under init: $s, then getty $before respawned as $after and logged in again-$s"
done
grep -qx -- "[0-9]* -- first-flood" "$H_ROOT/tmp/logins" || h_fail "flood: first login missing: $(h_cat /tmp/logins)"
[ "$(value flood_answer "$H_T/init-flood.out")" = prompt ] && grep -aq 'too long' "$H_ROOT/tmp/flood.transcript" ||
	h_fail "flood under init: the over-long name was not refused with a message"
h_assert h_alive
h_pass
