#!/bin/bash
# halt, reboot and poweroff against the real init as PID 1.  Outside
# runlevels 0 and 6 they ask shutdown (INIT_HALT tells rc 0 which);
# inside, or with -f, they call reboot(2), which in a PID namespace ends
# the namespace's init: killed by SIGHUP for a restart, SIGINT for a
# halt or power-off, as the sandbox's parent sees it.  Debian's
# /etc/init.d/halt and reboot calls run from rc 0 and 6 entries; the wtmp
# records are read back with `last -x`.  Also shutdown -n.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"
. "$H_HARNESS/downlib.sh"
h_timeout 300

d_setup
d_boot
back_to_2() { h_telinit 2; h_wait "runlevel 2" 15 h_runlevel_is 2; rm -f "$H_ROOT"/tmp/env.*; }
shutdowns() { d_last | grep -c '^shutdown *system down'; }
# The sandbox ended with this signal (HUP: restart; INT: halt/power-off).
ended_by()
{
	d_wait_end
	[ "$D_END_SIGNAL" = "$1" ] || h_error "$2: the sandbox ended with '${D_END_SIGNAL:-an exit}', want SIG$1"
}
# -i takes interfaces down: only ever in a network namespace of its own.
NONET="unshare --net"

# ---- refusals --------------------------------------------------------------
out=$(h_exec setpriv --reuid=65534 --regid=65534 --clear-groups "$H_SBINDIR/halt" -f 2>&1) &&
	h_error "a user could halt"
grep -q "halt: must be superuser." <<<"$out" || h_error "not-root message: $out"
for args in "-x" "now" "-k" "-m x"; do
	# shellcheck disable=SC2086
	out=$(d_sbin halt $args 2>&1) && h_error "halt $args succeeded"
	grep -q '^Usage: halt' <<<"$out" || h_error "halt $args: no usage: $out"
done
out=$(d_sbin reboot -k 2>&1) && h_error "reboot -k outside runlevel 6 succeeded"
grep -q "reboot: -k and -m act at the last step" <<<"$out" || h_error "reboot -k: $out"
h_assert h_runlevel_is 2
h_ok "refusals"

# ---- outside 0 and 6: through shutdown ----------------------------------------
d_sbin reboot || h_error "reboot"
h_wait "rc 6 after reboot" 10 test -f "$H_ROOT/tmp/env.6"
grep -q '^INIT_HALT' "$H_ROOT/tmp/env.6" && h_error "reboot set INIT_HALT"
back_to_2
check_halt() # WANT COMMAND...
{
	local want=$1
	shift
	d_sbin "$@" || h_error "$*"
	h_wait "rc 0 after $*" 10 test -f "$H_ROOT/tmp/env.0"
	d_env_has 0 "INIT_HALT=$want" || h_error "$*: rc 0 has $(grep INIT_HALT "$H_ROOT/tmp/env.0"), want $want"
	back_to_2
}
check_halt HALT halt                  # halt halts (upstream since 3.08)
check_halt POWEROFF poweroff
check_halt POWEROFF halt -p
echo 'HALT=poweroff' | h_write "$H_SYSCONFDIR/default/halt"
check_halt POWEROFF halt
check_halt POWEROFF halt -h           # -h is the disks, not a halt
echo 'HALT=halt' | h_write "$H_SYSCONFDIR/default/halt"
check_halt HALT halt
rm -f "$H_ROOT$H_SYSCONFDIR/default/halt"
h_ok "through shutdown"

# ---- in runlevel 0: -w, -k --------------------------------------------------
d_sbin shutdown -h now
h_wait "runlevel 0" 10 h_runlevel_is 0
n0=$(shutdowns)
d_sbin halt -w || h_error "halt -w"
h_assert h_alive
[ "$(shutdowns)" -eq $((n0 + 1)) ] || h_error "halt -w: no shutdown record: $(d_last)"
d_last | grep -q "^shutdown *system down *$(uname -r | cut -c1-16)" ||
	h_error "the record lacks the kernel release: $(d_last)"
out=$(d_sbin reboot -k 2>&1) && h_error "reboot -k without /sys/kernel/kexec_loaded succeeded"
grep -q "reboot: cannot tell whether a kernel is loaded for kexec: /sys/kernel/kexec_loaded" <<<"$out" ||
	h_error "reboot -k, no sysfs: $out"
mkdir -p "$H_ROOT/sys/kernel"
echo 0 >"$H_ROOT/sys/kernel/kexec_loaded"
out=$(d_sbin reboot -k 2>&1) && h_error "reboot -k with no kernel loaded succeeded"
grep -q "reboot: no kernel is loaded for kexec" <<<"$out" || h_error "reboot -k, none loaded: $out"
# A kernel "loaded": reboot -k asks for LINUX_REBOOT_CMD_KEXEC, which a PID
# namespace refuses (a restart would have ended the sandbox).
echo 1 >"$H_ROOT/sys/kernel/kexec_loaded"
out=$(d_sbin reboot -k -d 2>&1) && h_error "reboot -k in a PID namespace returned 0"
grep -q "reboot: Invalid argument" <<<"$out" || h_error "reboot -k, loaded: $out"
h_assert h_alive
h_ok "halt -w, reboot -k"

# ---- -i: every interface down but the loopback (-w: and nothing else) ----
# In a network namespace of the test's own, with a veth pair, up.
PATH=$PATH:/usr/sbin:/sbin command -v ip >/dev/null || h_fail "no ip (apt-get install iproute2)"
links=$(PATH=$PATH:/usr/sbin:/sbin unshare --net sh -c '
	ip link add v0 type veth peer name v1 && ip link set lo up &&
	ip link set v0 up && ip link set v1 up || exit 1
	nsenter -t "$1" -p -m -r -w -- env -i "$2/halt" -w -d -i || exit 1
	ip -o link show' sh "$H_PID" "$H_SBINDIR" 2>&1) || h_error "halt -w -d -i: $links"
for l in v0 v1; do
	grep -E "^[0-9]+: $l@" <<<"$links" | grep -q '[<,]UP[,>]' && h_error "-i left $l up: $links"
done
grep -E '^[0-9]+: lo:' <<<"$links" | grep -q '[<,]UP[,>]' || h_error "-i took lo down: $links"
h_assert h_alive
h_ok "halt -i"

# ---- the endings ----------------------------------------------------------------
# reboot -m: RESTART2 is a restart.
n0=$(shutdowns)
d_sbin reboot -m "0 tryboot"
ended_by HUP "reboot -m"
[ "$(shutdowns)" -eq $((n0 + 1)) ] || h_error "reboot -m wrote no record"

# The runlevel from init's environment: halt acts at once in "0".
d_boot
n0=$(shutdowns)
h_exec env INIT_VERSION=test RUNLEVEL=0 "$H_SBINDIR/halt" -d
ended_by INT "halt -d in runlevel 0 (RUNLEVEL)"
[ "$(shutdowns)" -eq "$n0" ] || h_error "halt -d wrote a record"

# Debian: shutdown -h -P, rc 0 runs /etc/init.d/halt's `halt -d -f -i -p -h`.
sed -i "s|^e0:.*|e0:0:wait:/bin/sh -c 'env >/tmp/env.0; exec $NONET $H_SBINDIR/halt -d -f -i -p -h'|" \
	"$H_ROOT$H_SYSCONFDIR/inittab"
d_boot
d_sbin shutdown -h -P now
ended_by INT "shutdown -h -P; halt -d -f -i -p -h"
d_env_has 0 INIT_HALT=POWEROFF || h_error "rc 0 lacked INIT_HALT=POWEROFF"

# Debian: shutdown -r, rc 6 runs /etc/init.d/reboot's `reboot -d -f -i`.
sed -i "s|^e6:.*|e6:6:wait:/bin/sh -c 'env >/tmp/env.6; exec $NONET $H_SBINDIR/reboot -d -f -i'|" \
	"$H_ROOT$H_SYSCONFDIR/inittab"
d_boot
n0=$(shutdowns)
d_sbin shutdown -r now
ended_by HUP "shutdown -r; reboot -d -f -i"
[ "$(shutdowns)" -eq "$n0" ] || h_error "reboot -d wrote a record"

# -f in runlevel 2; the record unless -d or -n.
d_boot
n0=$(shutdowns)
d_sbin reboot -f
ended_by HUP "reboot -f"
[ "$(shutdowns)" -eq $((n0 + 1)) ] || h_error "reboot -f wrote no record"
d_boot
d_sbin poweroff -f
ended_by INT "poweroff -f"
[ "$(shutdowns)" -eq $((n0 + 2)) ] || h_error "poweroff -f wrote no record"
d_boot
d_sbin halt -n -f
ended_by INT "halt -n -f"
[ "$(shutdowns)" -eq $((n0 + 2)) ] || h_error "halt -n wrote a record"

# shutdown -n: no init, its own TERM, KILL, record, reboot(2).  Its
# swapoff -a would act on the host's swap: stand-ins (in /sbin, which the
# sandbox's PATH reaches before the host's /usr/sbin, never bound there)
# record the calls instead.
for p in swapoff quotaoff accton; do
	printf '#!/bin/sh\necho "%s $*" >>/tmp/fastdown.log\n' "$p" >"$H_ROOT/sbin/$p"
	chmod +x "$H_ROOT/sbin/$p"
done
d_boot
d_sbin shutdown -n -t 1 -r now >"$H_T/n.out" 2>&1 || h_error "shutdown -n -r: $(cat "$H_T/n.out")"
ended_by HUP "shutdown -n -r"
[ "$(shutdowns)" -eq $((n0 + 3)) ] || h_error "shutdown -n wrote no record"
d_boot
d_sbin shutdown -n -t 1 -h now >"$H_T/n.out" 2>&1 || h_error "shutdown -n -h: $(cat "$H_T/n.out")"
ended_by INT "shutdown -n -h"
[ "$(cat "$H_ROOT/tmp/fastdown.log")" = "$(printf 'accton off\nquotaoff -a\nswapoff -a\n%.0s' 1 2)" ] ||
	h_error "shutdown -n's calls: $(cat "$H_ROOT/tmp/fastdown.log")"

# Every boot's record and every shutdown's, as `last -x` shows them.
# Nine boots; six records: halt -w, reboot -m, reboot -f, poweroff -f
# and shutdown -n twice (never with -d or -n).
boots=$(d_last | grep -c '^reboot *system boot')
[ "$boots" -eq 9 ] || h_error "last -x shows $boots boots: $(d_last)"
[ "$(shutdowns)" -eq 6 ] || h_error "last -x shows $(shutdowns) shutdowns: $(d_last)"
d_last | head -n 4 >&2
h_pass
