#!/bin/bash
# telinit u never hands PID 1 to a binary that cannot start: init first
# checks the new /sbin/init (an ELF file for this machine, its libraries
# and their versions found, and, for one of ours, that it reads the very
# state it is about to be handed).  A binary for another machine, one
# whose library is missing and one of ours that crashes before it reads
# its state are each refused in one line naming the file and why; init
# goes on with every process, and `telinit u` exits 3 with init's reason
# as its one line on stderr.  Then the good binary re-execs as usual and
# telinit u exits 0, its answer kept by the init it started (a status
# request right after does not drop it); in runlevel 8, where init
# ignores U as sysvinit does, telinit u exits 3 and says so.  (Against a
# PID 1 that never answers, sysvinit's, telinit u neither waits nor
# fails: handover.sh.)
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
h_inittab <<'TAB'
id:2:initdefault:
r:28:respawn:/bin/sleep 9101
TAB
h_start
h_wait "r" 10 h_running "sleep 9101"
r_pid=$(h_pids_of "sleep 9101")
good=$H_T/init.good
cp "$H_ROOT$H_SBINDIR/init" "$good"

install_init() { # FILE: renamed into place, as dpkg does
	cp "$1" "$H_ROOT$H_SBINDIR/init.new" && chmod 755 "$H_ROOT$H_SBINDIR/init.new" &&
		mv -f "$H_ROOT$H_SBINDIR/init.new" "$H_ROOT$H_SBINDIR/init" || h_fail "cannot install $1"
}
# telinit u exits 3 with one line: init's reason, matching PATTERN.
telinit_u_says() { # PATTERN
	local err rc
	err=$(h_telinit u 2>&1 >/dev/null)
	rc=$?
	[ $rc -eq 3 ] || h_fail "telinit u exited $rc, not 3 (stderr: $err)"
	[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || h_fail "telinit u said more than one line: $err"
	printf '%s\n' "$err" | grep -q "^telinit: $1" || h_fail "telinit u said '$err', not '$1'"
}
refused() { # WHY-PATTERN
	telinit_u_says "re-exec refused, init goes on: .*$H_SBINDIR/init.*$1"
	h_wait_console "re-exec refused, init goes on: .*$H_SBINDIR/init.*$1"
	h_assert h_alive
	[ "$(h_pids_of "sleep 9101")" = "$r_pid" ] || h_fail "r was restarted"
	h_telinit status >/dev/null || h_fail "init does not answer after a refused re-exec"
}

# 1. Another machine: our init with its ELF machine field changed.
cp "$good" "$H_T/init.arch"
printf '\x02\x00' | dd of="$H_T/init.arch" bs=1 seek=18 conv=notrunc status=none
install_init "$H_T/init.arch"
refused "another machine"

if command -v cc >/dev/null; then
	# 2. A library that is not there.
	echo 'int gone(void) { return 0; }' >"$H_T/gone.c"
	echo 'int gone(void); int main(void) { return gone(); }' >"$H_T/needs.c"
	cc -shared -fPIC -o "$H_T/libgone.so" "$H_T/gone.c" &&
		cc -o "$H_T/init.nolib" "$H_T/needs.c" -L"$H_T" -lgone ||
		h_fail "cannot build the test binaries"
	install_init "$H_T/init.nolib"
	refused "cannot be loaded: libgone\.so => not found"

	# 3. One of ours (it carries the mark) that crashes before it reads
	# its state.
	printf '%s\n' '#include <signal.h>' \
		'const char mark[] = "initsuite-probe-state-1";' \
		'int main(void) { volatile const char *m = mark; (void)m; raise(SIGSEGV); return 0; }' >"$H_T/crash.c"
	cc -o "$H_T/init.crash" "$H_T/crash.c" || h_fail "cannot build the crashing binary"
	install_init "$H_T/init.crash"
	refused "died of signal 11"
else
	h_log "note: no C compiler: the missing-library and crash cases need one (apt-get install gcc)"
fi

# The good binary: re-exec as ever, r kept; telinit u exits 0, silent.
answered() { sed -n '1s/^nonce=//p' "$H_ROOT$H_RUNSTATEDIR/initctl.status" | tr ' ' '\n' | sort; }
install_init "$good"
answered >"$H_T/before"
err=$(h_telinit u 2>&1) || h_fail "telinit u (good) exited $?: $err"
[ -z "$err" ] || h_fail "telinit u (good) said: $err"
h_wait_console "version [^ ]* reloading$" 10
h_assert h_alive
[ "$(h_pids_of "sleep 9101")" = "$r_pid" ] || h_fail "r was restarted by the good re-exec"
# The answer the old init gave before its exec outlives the file's next
# writing by the new init (telinit u may read it after that).
u_nonce=$(answered | comm -13 "$H_T/before" -)
[ "$(printf '%s\n' "$u_nonce" | grep -c .)" -eq 1 ] || h_fail "no single new answer for telinit u: '$u_nonce'"
h_telinit status >/dev/null || h_fail "the re-exec'd init does not answer"
answered | grep -qx "$u_nonce" || h_fail "the re-exec'd init dropped telinit u's answer ($u_nonce)"

# Runlevel 8: U ignored, as sysvinit does; telinit u says so.
h_telinit -W 8 || h_fail "telinit -W 8 failed"
telinit_u_says "re-exec ignored in runlevel 8, as sysvinit does"
h_assert h_alive
[ "$(h_pids_of "sleep 9101")" = "$r_pid" ] || h_fail "r was restarted in runlevel 8"
h_pass
