#!/bin/bash
# Orphans: thousands of processes re-parented to PID 1 exit at the same
# moment; init reaps them all promptly and keeps serving.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

N=${ORPHANS:-10000}
# Forking them is the slow part, on a loaded machine most of all.
h_timeout $((120 + N / 25))
h_setup
mkfifo "$H_ROOT/tmp/gate"
# Each orphan is a forked subshell blocked opening the gate; the shell
# that made them exits, so they become init's children.
h_inittab <<TAB
id:2:initdefault:
st:2:once:/bin/sh -c 'i=0; while [ \$i -lt $N ]; do (read x </tmp/gate) & i=\$((i+1)); done; echo started >/tmp/started'
TAB
h_start
h_wait "$N orphans started" $((60 + N / 50)) h_exists /tmp/started

children() { ps -o pid= --ppid "$H_PID" | wc -l; }
all_adopted() { [ "$(children)" -ge "$N" ]; }
no_children() { [ "$(children)" -eq 0 ]; }
h_wait "all $N orphans re-parented to init" $((20 + N / 500)) all_adopted

# Open the gate: every orphan exits at once.
: >"$H_ROOT/tmp/gate"
h_wait "every orphan reaped" $((20 + N / 500)) no_children
h_assert h_alive

h_telinit -W 3 || h_fail "telinit -W 3 failed after the orphan storm"
h_assert h_runlevel_is 3
h_pass
