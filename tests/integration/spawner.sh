#!/bin/bash
# init's spawner (init/spawner.c): the process that makes init's
# children.  Its children are init's own; it leaves a second after the
# last start, and init makes another at the next; killed, stopped or
# gone with an order, it costs a start nothing but time: the entry comes
# back all the same, once.  A re-exec leaves no spawner of the old init.
# What it makes looks like init until its exec (a keeper, for good).
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
h_inittab <<'TAB'
id:2:initdefault:
si::sysinit:/bin/sh -c 'while [ ! -e /tmp/go ]; do sleep 0.05; done'
rs:2:respawn:/bin/sleep 3001
w:2:wait:/bin/sh -c 'echo "ppid=$PPID" >/tmp/w-parent'
TAB
h_start

# sysinit's command runs under a keeper (it has the console): named and
# titled as init, as a fork of init would be, not as the spawner.
h_wait "the sysinit entry" 10 h_running "while \[ ! -e /tmp/go"
keeper=$(ps -o ppid= -p "$(h_pids_of "while \[ ! -e /tmp/go" | head -n 1)" | tr -d ' ')
[ "$(ps -o comm= -p "$keeper")" = "init" ] ||
	h_fail "the keeper is named '$(ps -o comm= -p "$keeper")', not init"
ps -o args= -p "$keeper" | grep -q spaw && h_fail "the keeper is titled '$(ps -o args= -p "$keeper")'"
h_exec touch /tmp/go
h_wait "rs running" 10 h_running "sleep 3001"

spawner_pid() { ps --ppid "$H_PID" -o pid=,comm= | awk '$2 == "init-spawner" { print $1 }'; }
spawner_there() { [ -n "$(spawner_pid)" ]; }
rs_pid() { h_pids_of "sleep 3001"; }
rs_back() { local p; p=$(rs_pid); [ -n "$p" ] && [ "$p" != "$1" ]; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# A start through the spawner: rs killed and back, one of it.
restart_rs()
{
	local what=$1 old
	old=$(rs_pid)
	kill -KILL "$old"
	h_wait "rs back ($what)" 10 rs_back "$old"
	sleep 0.3   # a second start, were there one, would show by now
	[ "$(rs_pid | wc -l)" -eq 1 ] || h_fail "rs runs $(rs_pid | wc -l) times ($what)"
}

# The made processes are init's children.
h_wait "w ran" 10 h_exists /tmp/w-parent
[ "$(h_cat /tmp/w-parent)" = "ppid=1" ] ||
	h_fail "a child of the spawner is not init's: $(h_cat /tmp/w-parent)"
grep -q '^PPid:[[:space:]]*'"$H_PID"'$' "/proc/$(rs_pid)/status" ||
	h_fail "rs is not init's child"

# Idle: the spawner leaves (and init reaps it: no zombie stays).
h_wait "the spawner gone" 10 h_spawner_gone
ps --ppid "$H_PID" -o stat= | grep -q Z && h_fail "a zombie child of init stays"

# Gone: init makes another at the next start.
restart_rs "after the spawner left"
h_assert spawner_there

# Killed between starts: the next start still happens.
kill -KILL "$(spawner_pid)"
restart_rs "spawner killed"

# Stopped: init waits for it two seconds at most, then starts the entry
# itself and ends the stopped spawner.
h_wait "a spawner" 5 spawner_there
stopped=$(spawner_pid)
kill -STOP "$stopped"
t0=$(now_ms)
restart_rs "spawner stopped"
t1=$(now_ms)
[ $((t1 - t0)) -le 5000 ] || h_fail "rs came back after $((t1 - t0)) ms with the spawner stopped"
h_wait "the stopped spawner ended" 5 h_gone "$stopped"
out=$(h_telinit status 2>&1) || h_fail "telinit status after a stopped spawner: $out"

# A re-exec: the old init's spawner leaves with it.
restart_rs "before the re-exec"
old=$(spawner_pid)
[ -n "$old" ] || h_fail "no spawner right after a start"
h_telinit u || h_fail "telinit u failed"
h_wait "the old init's spawner gone" 10 h_gone "$old"
restart_rs "after the re-exec"
h_assert h_alive
h_pass
