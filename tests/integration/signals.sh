#!/bin/bash
# Signals to PID 1, sent from inside the namespace and from the host:
# SIGINT runs ctrlaltdel, SIGWINCH kbrequest, SIGPWR the power entries
# chosen by /run/powerstatus (and the FIFO's power requests do the same),
# SIGHUP re-reads inittab, SIGUSR2 closes the FIFO until SIGUSR1 reopens
# it; everything else (and SIGSTOP/SIGCONT from the host) leaves init
# alive and still obeying telinit.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
h_inittab <<'TAB'
id:2:initdefault:
ca::ctrlaltdel:/bin/sh -c 'echo cad >>/tmp/ca'
kb::kbrequest:/bin/sh -c 'echo kb >>/tmp/kb'
pw::powerwait:/bin/sh -c 'echo pw >>/tmp/pw'
pf::powerfail:/bin/sh -c 'echo pf >>/tmp/pf'
po::powerokwait:/bin/sh -c 'echo po >>/tmp/po'
pn::powerfailnow:/bin/sh -c 'echo pn >>/tmp/pn'
TAB
h_start
h_wait "runlevel 2" 10 h_runlevel_is 2

# How many times each event entry has run (lines in its marker file).
runs() { if [ -f "$H_ROOT/tmp/$1" ]; then wc -l <"$H_ROOT/tmp/$1"; else echo 0; fi; }
runs_are() { [ "$(runs "$1")" -eq "$2" ]; }
ALL="ca kb pw pf po pn"
declare -A want
for e in $ALL; do want[$e]=0; done

# expect_runs WHAT E...: the entries E each ran once more, and no other
# event entry ran.
expect_runs()
{
	local what=$1 e
	shift
	for e in "$@"; do
		want[$e]=$((want[$e] + 1))
		h_wait "$what: entry $e to run (${want[$e]} times)" 10 runs_are "$e" "${want[$e]}"
	done
	for e in $ALL; do
		runs_are "$e" "${want[$e]}" ||
			h_fail "$what: entry $e ran $(runs "$e") times, want ${want[$e]}"
	done
}

# Send a signal to init from inside the namespace or from the host.
sig_inside() { h_exec kill -"$1" 1 || h_fail "kill -$1 1 inside the namespace failed"; }
sig_host() { kill -"$1" "$H_PID" || h_fail "kill -$1 $H_PID from the host failed"; }

level_change_works() { h_flip_level "$1"; }

# ---- ctrlaltdel and kbrequest ----
sig_inside INT;  expect_runs "SIGINT from inside" ca
sig_host INT;    expect_runs "SIGINT from the host" ca
sig_inside WINCH; expect_runs "SIGWINCH from inside" kb
sig_host WINCH;  expect_runs "SIGWINCH from the host" kb

# ---- SIGPWR and /run/powerstatus ----
status_gone() { ! h_exists /run/powerstatus; }
echo F >"$H_ROOT/run/powerstatus"
sig_inside PWR; expect_runs "SIGPWR, status F, from inside" pw pf
h_wait "init to delete the status file (F)" 5 status_gone
echo O >"$H_ROOT/run/powerstatus"
sig_host PWR;   expect_runs "SIGPWR, status O, from the host" po
h_wait "init to delete the status file (O)" 5 status_gone
echo L >"$H_ROOT/run/powerstatus"
sig_inside PWR; expect_runs "SIGPWR, status L, from inside" pn
h_wait "init to delete the status file (L)" 5 status_gone
printf 'O' >"$H_ROOT/run/powerstatus"      # no newline: the first byte counts
sig_host PWR;   expect_runs "SIGPWR, status O without newline" po
h_wait "init to delete the status file (O)" 5 status_gone
sig_host PWR;   expect_runs "SIGPWR with no status file (means F)" pw pf
sig_inside PWR; expect_runs "SIGPWR with no status file, from inside" pw pf
# The path sysvinit used before 2010: still read, with sysvinit's warning.
echo O >"$H_ROOT$H_SYSCONFDIR/powerstatus"
sig_host PWR;   expect_runs "SIGPWR, status O in the obsolete path" po
h_wait_console "warning: found obsolete path $H_SYSCONFDIR/powerstatus, use .*/run/powerstatus instead"
h_wait "init to delete the obsolete status file" 5 eval '! h_exists $H_SYSCONFDIR/powerstatus'

# ---- the FIFO's power requests ----
h_telinit powerfail || h_fail "telinit powerfail failed"
expect_runs "telinit powerfail" pw pf
h_telinit powerok || h_fail "telinit powerok failed"
expect_runs "telinit powerok" po
h_telinit powerfailnow || h_fail "telinit powerfailnow failed"
expect_runs "telinit powerfailnow" pn
level_change_works "the power events"

# ---- SIGHUP re-reads inittab ----
cat >>"$H_ROOT$H_SYSCONFDIR/inittab" <<'TAB'
nw:23:respawn:/bin/sleep 2001
TAB
h_assert h_not_running "sleep 2001"
sig_host HUP
h_wait "the entry added before SIGHUP (host)" 10 h_running "sleep 2001"
cat >>"$H_ROOT$H_SYSCONFDIR/inittab" <<'TAB'
n2:23:respawn:/bin/sleep 2002
TAB
sig_inside HUP
h_wait "the entry added before SIGHUP (inside)" 10 h_running "sleep 2002"
level_change_works "SIGHUP"

# ---- SIGUSR2 closes the FIFO, SIGUSR1 reopens it ----
# Whether init holds the FIFO open, seen from its descriptors.
fifo_open() { ls -l "/proc/$H_PID/fd" 2>/dev/null | grep -q '/run/initctl$'; }
fifo_closed() { ! fifo_open; }
h_assert fifo_open
for from in inside host; do
	before=$(h_runlevel)
	to=3; [ "$before" = 3 ] && to=2
	sig_$from USR2
	h_wait "init to close the FIFO after SIGUSR2 ($from)" 5 fifo_closed
	rc=0
	start=$(date +%s)
	h_telinit "$to" >"$H_T/telinit.out" 2>&1 || rc=$?
	took=$(($(date +%s) - start))
	[ $rc -eq 1 ] || h_fail "telinit with the FIFO closed exited $rc, want 1: $(cat "$H_T/telinit.out")"
	grep -q "not listening" "$H_T/telinit.out" ||
		h_fail "telinit with the FIFO closed said: $(cat "$H_T/telinit.out")"
	[ $took -le 10 ] || h_fail "telinit took ${took}s to give up"
	h_assert h_alive
	[ "$(h_runlevel)" = "$before" ] || h_fail "the runlevel changed while the FIFO was closed"
	sig_$from USR1
	h_wait "init to reopen the FIFO after SIGUSR1 ($from)" 5 fifo_open
	h_telinit "$to" || h_fail "telinit $to failed after SIGUSR1 ($from)"
	h_wait "runlevel $to after SIGUSR1 ($from)" 10 h_runlevel_is "$to"
done
# SIGUSR1 alone (FIFO open) closes and reopens: still works.
sig_host USR1
level_change_works "SIGUSR1 with the FIFO open"

# ---- what would kill an ordinary process leaves init alive ----
for s in TERM QUIT PIPE ALRM SEGV USR2 HUP; do
	sig_inside "$s"
	sig_host "$s"
	# USR2 closed the FIFO: that is its job, not a crash.  Pending
	# signals are taken lowest number first, so USR1 must wait until
	# the close has happened.
	if [ "$s" = USR2 ]; then
		h_wait "init to close the FIFO" 5 fifo_closed
		sig_host USR1
		h_wait "init to reopen the FIFO" 5 fifo_open
	fi
	level_change_works "signal $s"
done
# The rest of what kill can send, a batch at a time (each telinit costs
# time on a slow machine), real-time signals included.
for batch in "ABRT BUS FPE ILL TRAP SYS" "XCPU XFSZ VTALRM PROF STKFLT" \
	"TSTP TTIN TTOU CONT" "CHLD URG IO" "34 40 64"; do
	for s in $batch; do
		sig_inside "$s"
		sig_host "$s"
	done
	level_change_works "signals $batch"
done
# Signals must not have run any event entry.
for e in $ALL; do
	runs_are "$e" "${want[$e]}" || h_fail "entry $e ran $(runs "$e") times, want ${want[$e]}"
done

# ---- SIGSTOP/SIGCONT from the host (the kernel forces these on PID 1) ----
stopped() { grep -q '^State:[[:space:]]*T' "/proc/$H_PID/status"; }
sig_host STOP
h_wait "init to stop" 5 stopped
before=$(h_runlevel)
to=3; [ "$before" = 3 ] && to=2
# The FIFO buffers the request while init is stopped.
h_telinit "$to" || h_fail "telinit $to failed while init was stopped"
stopped || h_fail "init is no longer stopped"
h_runlevel_is "$before" || h_fail "the runlevel changed while init was stopped"
sig_host CONT
h_wait "runlevel $to after SIGCONT" 10 h_runlevel_is "$to"
level_change_works "SIGSTOP/SIGCONT"

h_assert h_alive
h_assert h_running "sleep 2001"
h_pass
