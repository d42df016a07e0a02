#!/bin/bash
# The console as controlling terminal, on a real (pseudo-)terminal: a
# sysinit script has it, and what the script leaves in the background
# survives the script's exit (init runs it under a keeper that takes the
# terminal back first, as sysvinit does); a wait entry of a normal level
# has no controlling terminal; an entry that cannot be executed is still
# reported by name.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
# Taking a terminal from a session (TIOCSCTTY with force) needs
# CAP_SYS_ADMIN in the first user namespace: real root, as init has.
[ ${#H_USERNS[@]} -eq 0 ] || h_skip "the keeper needs CAP_SYS_ADMIN over the terminal (run as root)"
h_pty_console

# tty_nr, the 7th field of /proc/PID/stat: 0 without a controlling
# terminal (the script's own: it shares its caller's session).
h_write /tmp/ttynr <<'EOF2'
#!/bin/sh
set -- "$1" $(sed 's/^.*) //' /proc/$$/stat)
echo "$6" >"$1.tmp"
mv "$1.tmp" "$1"
EOF2
chmod +x "$H_ROOT/tmp/ttynr"
h_inittab <<'TAB'
id:2:initdefault:
si::sysinit:/bin/sh -c '/tmp/ttynr /tmp/si-tty; /bin/sleep 4441 & exit 0'
bw::bootwait:/bin/sh -c '/bin/sleep 4442 & exit 3'
w2:2:wait:/bin/sh -c '/tmp/ttynr /tmp/w2-tty'
nx:2:wait:/nonexistent/program
TAB
h_start
h_wait "runlevel 2" 20 h_runlevel_is 2
h_wait "the level 2 wait entry" 10 h_exists /tmp/w2-tty

[ "$(h_cat /tmp/si-tty)" != 0 ] || h_fail "the sysinit script had no controlling terminal"
[ "$(h_cat /tmp/w2-tty)" = 0 ] || h_fail "a level 2 wait entry has a controlling terminal ($(h_cat /tmp/w2-tty))"
# The terminal's hang-up comes as the script exits, before init reaps it:
# both sleepers would be gone by now.
h_assert h_running "sleep 4441"
h_assert h_running "sleep 4442"
# The keeper exits as its command did.
h_telinit status | grep -Eq '^bw .* exit 3' || h_fail "bootwait's exit status: $(h_telinit status)"
h_wait_console 'cannot execute "/nonexistent/program"'
h_wait_syslog 'Id "nx": cannot execute "/nonexistent/program"'
h_pass
