#!/bin/bash
# capture-sysvinit-state.sh [SCENARIO] OUT: what Debian's sysvinit 3.x
# hands over to the next init on `telinit u`, byte for byte (its 8-byte
# signature, then the state text), for the hand-over codec's unit-test
# fixture and fuzz corpus (lib/handover.h).
#
# sysvinit-core is fetched with apt-get download (never installed) and its
# /sbin/init boots as PID 1 of a throwaway PID + mount namespace, as in
# tests/integration/compat.sh.  Once it has settled, /sbin/init in the
# sysroot is replaced (renamed into place, as dpkg does) by a stand-in
# that copies descriptor 11 into /tmp/handover and then sleeps, and
# sysvinit's own telinit sends `u`.  SCENARIO:
#   settled  (default) runlevel 2, sysinit, wait and once entries done,
#            respawn entries running (one with '+', no utmp), an ondemand
#            entry switched on by `telinit a`, entries of other levels idle
#   waiting  runlevel 2 while its wait entry still runs (flag WT)
#
# Run it from a configured build tree (it needs the harness's built init
# only to set the sysroot up):
#   abs_top_builddir=$PWD ../tests/tools/capture-sysvinit-state.sh settled out
# Needs root (or user namespaces), unshare/nsenter and apt-get.
set -u
if [ $# -eq 1 ]; then scenario=settled out=$1
elif [ $# -eq 2 ]; then scenario=$1 out=$2
else echo "usage: $0 [settled|waiting] OUT" >&2; exit 2
fi
case $scenario in settled | waiting) ;; *) echo "$0: unknown scenario $scenario" >&2; exit 2 ;; esac
case $out in /*) ;; *) out=$PWD/$out ;; esac
abs_top_srcdir=${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
abs_top_builddir=${abs_top_builddir:-$PWD}
export abs_top_srcdir abs_top_builddir
. "$abs_top_srcdir/tests/harness/lib.sh"

h_setup
h_sysvinit
sv=$H_SYSVINIT
cp "$H_ROOT$sv/init" "$H_ROOT$H_SBINDIR/init"

if [ "$scenario" = settled ]; then
	h_write /etc/inittab <<'TAB'
id:2:initdefault:
si::sysinit:/bin/sh -c 'echo sysinit >>/tmp/ran'
w2:2:wait:/bin/sh -c 'echo wait >>/tmp/ran'
o2:2:once:/bin/sh -c 'echo once >>/tmp/ran'
r1:2345:respawn:/bin/sleep 7001
r2:23:respawn:+/bin/sleep 7002
r3:3:respawn:/bin/sleep 7003
oa:a:ondemand:/bin/sleep 7004
of:2:off:/bin/sleep 7005
ca::ctrlaltdel:/bin/echo ctrlaltdel
TAB
else
	h_write /etc/inittab <<'TAB'
id:2:initdefault:
si::sysinit:/bin/sh -c 'echo sysinit >>/tmp/ran'
w2:2:wait:/bin/sleep 7010
r1:2:respawn:/bin/sleep 7011
TAB
fi
h_start
if [ "$scenario" = settled ]; then
	h_wait "runlevel 2" 15 h_runlevel_is 2
	h_wait "sysinit, wait and once done" 10 \
		test "$(sort "$H_ROOT/tmp/ran" 2>/dev/null | tr '\n' ' ')" = "once sysinit wait "
	h_wait "respawn entries" 10 h_running "sleep 7002"
	h_assert h_running "sleep 7001"
	h_exec $sv/telinit a || h_fail "telinit a"
	h_wait "the ondemand entry" 10 h_running "sleep 7004"
else
	h_wait "the wait entry" 15 h_running "sleep 7010"
fi

# The stand-in for the next init: PID 1 must not exit, or the namespace
# goes down with everything in it.  bash, since dash redirects only
# descriptors 0-9.
cat >"$H_ROOT$H_SBINDIR/init.new" <<'EOF'
#!/bin/bash
cat <&11 >/tmp/handover.part && mv /tmp/handover.part /tmp/handover
exec sleep 100000
EOF
chmod 0755 "$H_ROOT$H_SBINDIR/init.new"
mv "$H_ROOT$H_SBINDIR/init.new" "$H_ROOT$H_SBINDIR/init"
h_exec $sv/telinit u || h_fail "telinit u"
h_wait "the state on descriptor 11" 15 h_exists /tmp/handover
cp "$H_ROOT/tmp/handover" "$out" || h_fail "cannot write $out"
h_log "captured $(wc -c <"$out") bytes into $out"
exit 0
