#!/bin/bash
# No accounting file is written through a symbolic link (issue 22, item
# 6): with /var/run/utmp a link to /etc/passwd and /var/log/wtmp a link
# to /etc/group (wtmp's directory is writable by a log group on some
# systems), init boots, changes level and reaps, both files stay as they
# were, and init says once for each path that it is a link.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"

h_setup
ln -s /etc/passwd "$H_ROOT/run/utmp" || h_fail "cannot make the utmp link"
ln -s /etc/group "$H_ROOT/var/log/wtmp" || h_fail "cannot make the wtmp link"
passwd=$(cksum <"$H_ROOT/etc/passwd")
group=$(cksum <"$H_ROOT/etc/group")
h_inittab <<'TAB'
id:2:initdefault:
si::sysinit:/bin/true
rs:23:respawn:/bin/sleep 3001
w3:3:wait:/bin/true
TAB
h_start
h_wait "rs to run" 10 h_running "sleep 3001"
h_telinit 3 || h_fail "telinit 3 failed"
h_wait "rs to run at level 3" 10 h_running "sleep 3001"
kill -KILL "$(h_pids_of "sleep 3001")"
h_wait "rs to come back" 10 h_running "sleep 3001"
sleep 0.5
[ "$(cksum <"$H_ROOT/etc/passwd")" = "$passwd" ] ||
	h_fail "init wrote through the utmp link into /etc/passwd"
[ "$(cksum <"$H_ROOT/etc/group")" = "$group" ] ||
	h_fail "init wrote through the wtmp link into /etc/group"
[ -L "$H_ROOT/run/utmp" ] && [ -L "$H_ROOT/var/log/wtmp" ] ||
	h_fail "a link was replaced"
h_wait_console "not writing /var/run/utmp: it is a symbolic link"
h_wait_console "not writing /var/log/wtmp: it is a symbolic link"
for f in /var/run/utmp /var/log/wtmp; do
	n=$(grep -c "$f" "$H_T/console")
	[ "$n" -eq 1 ] || h_fail "$f named $n times on the console, want once:"$'\n'"$(h_console)"
done
h_pass
