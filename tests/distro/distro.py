#!/usr/bin/env python3
"""The boots of make check-distro (tests/distro/check-distro.sh).

  distro.py --work DIR --append CMDLINE [--timeout S] -- QEMU ARGS...

QEMU ARGS boot DIR/disk.img, a Debian 12 with our build installed over
sysvinit-core, with its serial port on our stdin/stdout; CMDLINE is the
kernel's command line.  This works the serial console as a person would,
in three machines:

  sysvinit  the same image with sysvinit's own init (init=/sbin/init.sysvinit,
            kept there by check-distro.sh), writes going to a throw-away
            overlay (-snapshot): boot, log in, shutdown -h now.  Only for
            the times to compare with ours.
  ours      the image as installed: boot, the rc scripts, log in with
            Debian's /bin/login, PID 1, runlevel, who, telinit 3, last -x,
            kill -9 of the login shell and last; the upgrade path: dpkg -i
            of sysvinit-core's .deb (its postinst's `init u` hands over to
            sysvinit, every process kept), sysvinit respawning a killed
            getty, our init put back as dpkg would and `telinit u` (ours
            again, every process kept), telinit status, our init
            respawning an inherited getty; shutdown -r now, the second
            boot's /tmp and last -x, halt.  Before the upgrade path, our
            shutdown, halt, reboot and poweroff are there (make install),
            and shutdown -r +1 then shutdown -c wall on ttyS0; after it,
            ours are put back over those dpkg -i brought.
  third     ours again, the same disk: boot, log in, poweroff.

Each step prints PASS or FAIL; a failed step shows what the serial line
printed during it.  A step that finds something wrong lets the next ones
run; one that cannot get an answer from the machine (a wait that timed
out, qemu gone) ends that machine, and its remaining steps are FAILs that
say they did not run.  At the end, the boot-to-login and shutdown times
of both inits side by side.  Exit status 0 when every step passed, else 1.
"""

import argparse
import os
import re
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vm"))
from vmconsole import Console, Fail  # noqa: E402  (tests/vm is shared)

# package.py (the package machine) takes its helpers from this module
# under the name distro: the same module, so that its Wrong is this Wrong.
sys.modules.setdefault("distro", sys.modules[__name__])

NAME = "check-distro"
HOST = "initsuite-deb"
PASSWORD = "initsuite"
LOGIN_PROMPT = HOST + r" login: "
SHELL_PROMPT = r"root@" + HOST + r":~# "
PANIC = r"Kernel panic - not syncing[^\n]*"
# The kernel's own last words: emergency level, printed even with `quiet`.
RESTART = r"reboot: Restarting system"
POWER_DOWN = r"reboot: Power down"
# Under TCG emulation a Debian boot takes a minute or more.
BOOT_TIMEOUT = 240


class Wrong(Exception):
    """The machine answered, and the answer is wrong: later steps can run."""


def say(msg):
    print(f"{NAME}: {msg}", flush=True)


class Machine:
    """One qemu run and its steps' results."""

    def __init__(self, label, argv, log, deadline, results):
        self.label = label
        self.con = Console(argv, log, deadline, name="distro.py", fatal=PANIC)
        self.results = results
        self.dead = None  # why the remaining steps cannot run
        self.t = {}  # named times (seconds since qemu started)
        self.st = {}  # what one step learnt for a later one

    def step(self, name, fn):
        name = f"{self.label}: {name}"
        if self.dead:
            self.results.append((name, False))
            say(f"FAIL: {name} (not run: {self.dead})")
            return None
        mark = len(self.con.text)
        try:
            detail = fn(self)
        except (Wrong, Fail) as e:
            self.results.append((name, False))
            say(f"FAIL: {name} ({self.con.elapsed():.1f} s): {e}")
            lines = self.con.text[mark:].rstrip("\n").splitlines()
            if len(lines) > 120:
                lines = ["[...]"] + lines[-120:]
            print(f"---- serial log during this step ({self.con.log_path}) ----")
            print("\n".join(lines))
            print("---- end of this step's serial log ----", flush=True)
            if isinstance(e, Fail):
                self.dead = f"the machine stopped answering: {e}".splitlines()[0]
            return None
        self.results.append((name, True))
        say(f"PASS: {name} ({self.con.elapsed():.1f} s)" + (f": {detail}" if detail else ""))
        return detail

    def run(self, command, timeout=20):
        return self.con.run(command, timeout)

    def stop(self):
        self.con.kill()


# ---------------------------------------------------------------- helpers


def login(m, what):
    """Log in as root at the login prompt just seen; the shell prompt."""
    con = m.con
    con.send("root\n")
    con.expect(r"Password: ", 20, f"login's password prompt ({what})")
    # login prints the prompt, then turns the echo off: a typist as quick
    # as this script would see the password echoed.
    time.sleep(0.5)
    con.send(PASSWORD + "\n")
    con.expect(SHELL_PROMPT, 30, f"the shell's prompt after logging in ({what})")


def expect_login_prompt(m, what, key):
    m.con.expect(r"Debian GNU/Linux 12 " + HOST + r" ttyS0", BOOT_TIMEOUT,
                 f"getty's issue text on ttyS0 ({what})")
    m.con.expect(LOGIN_PROMPT, 15, f"getty's login prompt ({what})")
    m.t[key] = m.con.elapsed()


def field(out, name):
    """The value a command printed as NAME=VALUE on a line of its own.
    The serial line is also the console, where init and the rc scripts
    write whenever they like: answers are tagged, not taken by position."""
    m = re.search(rf"(?m)^{name}=(.*)$", out)
    return m.group(1).strip() if m else None


def show(out, n=40):
    lines = out.rstrip("\n").splitlines()
    return "\n  ".join(lines[-n:])


def utmp_tail(m):
    """wtmp's last records as utmpdump prints them, for a failure."""
    out, _ = m.run("utmpdump /var/log/wtmp 2>/dev/null | tail -n 12")
    return "wtmp's last records (utmpdump):\n  " + show(out)


# ---------------------------------------------------------------- sysvinit


def sv_boot(m):
    m.con.expect(r"INIT: version [0-9.]+ booting", BOOT_TIMEOUT, "sysvinit's banner")
    m.t["banner"] = m.con.elapsed()
    m.con.expect(r"INIT: Entering runlevel: 2", BOOT_TIMEOUT, "sysvinit entering runlevel 2")
    m.t["level2"] = m.con.elapsed()
    expect_login_prompt(m, "sysvinit's boot", "login")
    return f"login prompt {m.t['login']:.1f} s after qemu started"


def sv_login(m):
    login(m, "sysvinit's boot")
    out, rc = m.run("readlink /proc/1/exe")
    if rc != 0 or not out.strip().endswith("/sbin/init.sysvinit"):
        raise Wrong(f"PID 1 is not sysvinit's init: /proc/1/exe is {out.strip()!r}")
    return "PID 1 is sysvinit's init"


def power_off_by(m, command):
    """COMMAND typed at the shell powers the machine off: the kernel's
    power-down message, then qemu exits 0.  Returns the console's clock
    when it was typed and when qemu had exited."""
    typed = m.con.elapsed()
    m.con.send(command + "\n")
    m.con.expect(POWER_DOWN, 120, f"the kernel's power-down message after {command}")
    status = m.con.wait_exit(30, command)
    if status != 0:
        raise Wrong(f"qemu exited with status {status}")
    return typed, m.con.elapsed()


def sv_poweroff(m):
    m.t["halt-typed"], m.t["off"] = power_off_by(m, "shutdown -h now")
    return f"powered off {m.t['off'] - m.t['halt-typed']:.1f} s after shutdown -h now"


# ---------------------------------------------------------------- ours


def boot_banner(m):
    m.con.expect(r"INIT: version [0-9.]+ booting", BOOT_TIMEOUT, "our init's banner")
    m.t["banner"] = m.con.elapsed()
    return None


def rcS_ran(m):
    # sysv-rc's rc, then what some rcS.d scripts say on the console.
    for pattern, what in [
            (r"Using makefile-style concurrent boot in runlevel S\.", "rc running rcS.d"),
            (r"Checking root file system\.\.\.", "checkroot.sh"),
            # The console sometimes puts a line break and a NUL between
            # the two halves, under sysvinit too.
            (r"Mounting local filesystems\.\.\.[\s\x00]*done\.", "mountall.sh")]:
        m.con.expect(pattern, 120, f"{what}'s message")
    m.con.expect(r"INIT: Entering runlevel: 2", 120, "init entering runlevel 2")
    m.t["level2"] = m.con.elapsed()
    # The root is read-only until checkroot: as with sysvinit, no record
    # to write then is nothing to complain about.
    said = re.search(r"INIT: cannot write .*", m.con.text)
    if said:
        raise Wrong(f"init complained at boot: {said.group(0)!r}")
    return "rc ran rcS.d: checkroot.sh, mountall.sh said so on the console"


def rc2_ran(m):
    m.con.expect(r"Using makefile-style concurrent boot in runlevel 2\.", 60, "rc running rc2.d")
    m.con.expect(r"Starting periodic command scheduler: cron\.", 60, "cron's init script")
    return "rc ran rc2.d; /etc/init.d/cron started cron"


def first_login_prompt(m):
    expect_login_prompt(m, "first boot", "login1")
    return f"login prompt {m.t['login1']:.1f} s after qemu started"


def first_login(m):
    login(m, "first boot")
    out, _ = m.run('echo "tty=$(tty)"; echo "parent=$(readlink /proc/$PPID/exe)"; '
                   'echo "args=$(ps -o args= -p $PPID)"')
    tty, parent, args = field(out, "tty"), field(out, "parent") or "", field(out, "args")
    if tty != "/dev/ttyS0" or not parent.endswith("/bin/login"):
        raise Wrong(f"the shell is not on ttyS0 under /bin/login:\n  {show(out)}")
    return f"the shell on {tty}, its parent {parent} ({args})"


def rc_work(m):
    out, _ = m.run('echo "host=$(hostname)"; echo "root=$(findmnt -no OPTIONS /)"; '
                   '/etc/init.d/cron status; echo "cronstatus=$?"; '
                   'echo "cron=$(ps -o ppid=,pid= -C cron | xargs)"; '
                   'echo "nologin=$(test -e /run/nologin && echo there || echo gone)"')
    host, root, cron = field(out, "host"), field(out, "root") or "", (field(out, "cron") or "").split()
    problems = []
    if host != HOST:
        problems.append(f"hostname is not {HOST} (rcS.d's hostname.sh)")
    if not root.startswith("rw"):
        problems.append("/ is not mounted read-write (rcS.d's checkroot.sh)")
    if field(out, "cronstatus") != "0":
        problems.append("/etc/init.d/cron status does not say it runs")
    if len(cron) != 2:
        problems.append("not one cron process")
    elif cron[0] != "1":
        problems.append(f"cron's parent is {cron[0]}, not init")
    if field(out, "nologin") != "gone":
        problems.append("/run/nologin is there (rc2.d's rmnologin)")
    if problems:
        raise Wrong("; ".join(problems) + f":\n  {show(out)}")
    m.st["cron"] = cron[1]
    return f"hostname {host}, / {root.split(',')[0]}, cron PID {cron[1]} (parent init), " \
           "/run/nologin removed"


def pid1_ours(m):
    out, _ = m.run('echo "version=$(/sbin/init --version)"; echo "exe=$(readlink /proc/1/exe)"; '
                   'echo "same=$(cmp /proc/1/exe /sbin/init && echo yes)"; echo "ps=$(ps -o args= -p 1)"')
    version = field(out, "version") or ""
    if "initsuite" not in version or field(out, "same") != "yes":
        raise Wrong(f"PID 1 is not our /sbin/init:\n  {show(out)}")
    return f"{version}; /proc/1/exe {field(out, 'exe')}, the same file as /sbin/init; " \
           f"ps: {field(out, 'ps')}"


def libc_alone(m):
    out, _ = m.run("ldd /sbin/init | sed 's/^/ldd: /'; "
                   "echo \"libbsd0=$(dpkg-query -W -f='${db:Status-Status}' libbsd0 2>/dev/null)\"")
    ldd = [l[len("ldd: "):].strip() for l in out.splitlines() if l.startswith("ldd: ")]
    libs = [l.split()[0] for l in ldd]
    extra = [l for l in libs if not re.match(r"(linux-vdso\.so\.1|libc\.so\.6|/lib64/ld-linux-x86-64\.so\.2)$", l)]
    m.st["ldd"] = "\n  ".join(ldd)
    problems = []
    if not libs or extra:
        problems.append(f"ldd /sbin/init lists {' '.join(extra) or 'nothing'} besides libc")
    if field(out, "libbsd0") == "installed":
        problems.append("libbsd0 is installed in the guest")
    if problems:
        raise Wrong("; ".join(problems) + f":\n  {show(out)}")
    return "ldd /sbin/init: " + ", ".join(libs) + "; libbsd0 is not installed"


def runlevel_n2(m):
    out, _ = m.run('echo "runlevel=$(runlevel)"')
    if field(out, "runlevel") != "N 2":
        raise Wrong(f"runlevel printed {field(out, 'runlevel')!r}, want 'N 2':\n  {show(out)}")
    return "runlevel: N 2"


def who_root(m):
    out, rc = m.run("who")
    if rc != 0 or not re.search(r"(?m)^root\s+ttyS0\s", out):
        raise Wrong(f"who lists no root on ttyS0:\n  {show(out)}")
    return "who: " + [l for l in out.splitlines() if l.startswith("root")][0].strip()


def telinit_3(m):
    out, rc = m.run("telinit 3")
    if rc != 0:
        raise Wrong(f"telinit 3 failed (status {rc}):\n  {show(out)}")
    until = time.monotonic() + 30
    while True:
        out, _ = m.run('echo "runlevel=$(runlevel)"; echo "cron=$(pidof cron)"')
        if field(out, "runlevel") == "2 3":
            break
        if time.monotonic() >= until:
            raise Wrong(f"runlevel is not '2 3' 30 s after telinit 3:\n  {show(out)}")
        time.sleep(1)
    cron = field(out, "cron") or "none"
    if "cron" in m.st and cron != m.st["cron"]:
        raise Wrong(f"cron was PID {m.st['cron']}, after telinit 3 it is {cron}")
    return f"runlevel: 2 3; cron still PID {cron}"


def last_x_boot(m):
    out, rc = m.run("last -x --time-format iso")
    problems = []
    if not re.search(r"(?m)^reboot\s+system boot\s", out):
        problems.append("no boot record")
    for lvl in "23":
        if not re.search(rf"(?m)^runlevel\s+\(to lvl {lvl}\)", out):
            problems.append(f"no 'runlevel (to lvl {lvl})' record")
    if rc != 0 or problems:
        raise Wrong("; ".join(problems) + f":\n  {show(out)}")
    return "last -x: reboot, runlevel (to lvl 2), runlevel (to lvl 3)"


def kill_login_shell(m):
    out, _ = m.run('echo "now=$(date +%s)"; echo "shell=$$"; echo "login=$PPID"')
    m.st["killed_at"], shell = int(field(out, "now")), field(out, "shell")
    # getty exec'd login: the process init started for T0.
    m.st["killed_login"] = field(out, "login")
    m.con.send("kill -9 $$\n")
    m.con.expect(LOGIN_PROMPT, 30, "a new login prompt after kill -9 of the login shell")
    login(m, "after the kill")
    return f"killed the login shell (PID {shell}); init started a new getty; logged in again"


ISO = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"


def last_killed_session(m):
    out, rc = m.run("last --time-format iso root")
    sessions = [l for l in out.splitlines() if re.match(r"root\s+ttyS0\s", l)]
    if len(sessions) < 2:
        raise Wrong(f"last shows {len(sessions)} sessions of root on ttyS0, want 2:\n  {show(out)}")
    newest, killed = sessions[0], sessions[1]
    if "still logged in" not in newest:
        raise Wrong(f"the current session is not 'still logged in':\n  {show(out)}\n{utmp_tail(m)}")
    end = re.search(rf"{ISO} - ({ISO})", killed)
    if not end:
        raise Wrong("the killed session does not end: last says\n  "
                    f"{killed.strip()}\n  (the whole output:\n  {show(out)})\n{utmp_tail(m)}")
    out2, _ = m.run(f"echo \"t=$(date -d '{end.group(1)}' +%s)\"")
    ended = int(field(out2, "t") or 0)
    killed_at = m.st.get("killed_at", 0)
    if not killed_at - 1 <= ended <= killed_at + 15:
        raise Wrong(f"the killed session ends at {end.group(1)}, but it was killed at "
                    f"{time.strftime('%H:%M:%S', time.gmtime(killed_at))} UTC:\n  {killed.strip()}")
    # For the record in the serial log: the records last read.
    m.run("utmpdump /var/log/wtmp 2>/dev/null | tail -n 6")
    return f"last: {killed.strip()}"


def dead_record_line(m):
    pid = m.st.get("killed_login")
    if not pid:
        raise Wrong("the kill step did not learn the session's login PID")
    out, _ = m.run(f"utmpdump /var/log/wtmp 2>/dev/null | grep '^\\[8\\] \\[0*{pid}\\]'")
    recs = re.findall(r"(?m)^\[8\] \[0*(\d+)\s*\] \[([^\]]*)\] \[[^\]]*\] \[([^\]]*)\]", out)
    mine = [(i.strip(), line.strip()) for p, i, line in recs if p == pid and i.strip() == "T0"]
    if not mine:
        raise Wrong(f"no DEAD_PROCESS record with id T0 for PID {pid} in wtmp:\n  {show(out)}")
    if mine[-1][1] != "ttyS0":
        raise Wrong(f"init's DEAD_PROCESS record for T0 (PID {pid}) has line {mine[-1][1]!r}, not "
                    f"'ttyS0' (the line of the utmp slot it closes, as sysvinit writes it); "
                    f"last finds the session's end only through login's own record:\n  {show(out)}")
    return f"DEAD_PROCESS, id T0, PID {pid}, line ttyS0"


# ---------------------------------------------------------------- the upgrade path
#
# apt upgrading sysvinit-core on a machine that runs our init: dpkg puts
# sysvinit's /sbin/init over ours and the postinst sends PID 1 SIGUSR1 and
# runs `init u`, so ours re-executes /sbin/init (sysvinit's now) as
# `/sbin/init --init` with its state on descriptor 11.  Then the way back:
# our init copied to a temporary name in /sbin and renamed over
# /sbin/init, as dpkg installs a file, and `telinit u` (/sbin/telinit is
# sysvinit-core's link to init, so ours).  Each time every process stays:
# the same PIDs of cron, of the login on ttyS0 (whose shell this script
# types into) and of the gettys; runlevel, utmp and /tmp as they were;
# nothing of boot runs again.

SV_DEB = "/root/sysvinit-core_*_amd64.deb"
OURS_COPY = "/usr/local/sbin/init.ours"
MARKER = "/tmp/check-distro-handover"
# What the console shows when boot runs (again): init's banner, rc running
# rcS.d, mountall.sh and bootclean (which would also empty /tmp).
BOOT_AGAIN = (r"INIT: version [0-9.]+ booting|Using makefile-style concurrent boot in runlevel S"
              r"|Mounting local filesystems|Cleaning up temporary files|INIT: Entering runlevel")
SNAPSHOT = ('echo "runlevel=$(runlevel)"; echo "shell=$$"; echo "login=$PPID"; '
            'echo "cron=$(pidof cron)"; echo "exe=$(readlink /proc/1/exe)"; '
            'echo "version=$(/sbin/init --version 2>&1 | head -n1)"; '
            'echo "title=$(ps -o args= -p 1)"; '
            f'echo "marker=$(cat {MARKER} 2>/dev/null || echo gone)"; '
            'echo "who=$(who | grep -c \'^root  *ttyS0 \')"; '
            'echo "whor=$(who -r)"; '
            "ps --ppid 1 -o pid=,args= | sed 's/^ */child=/'")


def snapshot(m, extra=""):
    out, _ = m.run(SNAPSHOT + extra)
    kids = {}
    for pid, args in re.findall(r"(?m)^child=(\d+) (.*)$", out):
        kids[pid] = args.strip()
    return out, kids


def pids_text(kids):
    return ", ".join(f"{p} {a}" for p, a in sorted(kids.items(), key=lambda kv: int(kv[0])))


def wait_pid1(m, same_as, version_rx, what):
    """Poll until PID 1 runs the file `same_as` and /sbin/init --version
    matches; the snapshot then."""
    until = time.monotonic() + 60
    while True:
        out, kids = snapshot(m, f'; echo "same=$(cmp -s /proc/1/exe {same_as} && echo yes || echo no)"')
        if field(out, "same") == "yes" and re.search(version_rx, field(out, "version") or ""):
            return out, kids
        if time.monotonic() >= until:
            raise Wrong(f"PID 1 is not {what} 60 s later:\n  {show(out)}")
        time.sleep(2)


def compare_kept(m, out, kids, banner_rx, want_title):
    """What must not have changed since m.st["before"]."""
    bout, bkids = m.st["before"]
    problems = []
    for key in ("runlevel", "whor", "shell", "login", "cron"):
        if field(out, key) != field(bout, key):
            problems.append(f"{key} was {field(bout, key)!r}, now {field(out, key)!r}")
    gone = {p: a for p, a in bkids.items() if kids.get(p) != a}
    new = {p: a for p, a in kids.items() if bkids.get(p) != a}
    if gone or new:
        problems.append(f"PID 1's children changed: gone {pids_text(gone) or 'none'}; "
                        f"new {pids_text(new) or 'none'}")
    if field(out, "marker") != "kept":
        problems.append(f"{MARKER} is gone (rcS.d's bootclean ran again?)")
    if field(out, "who") != "1":
        problems.append("who no longer lists root on ttyS0")
    if field(out, "title") != want_title:
        problems.append(f"PID 1's title is {field(out, 'title')!r}, not {want_title!r}")
    text = m.con.text[m.st["mark"]:]
    again = re.search(BOOT_AGAIN, text)
    if again:
        problems.append(f"the console shows boot running again: {again.group(0)!r}")
    banner = re.search(banner_rx, text)
    if not banner:
        problems.append(f"no {banner_rx!r} on the console")
    if problems:
        raise Wrong("; ".join(problems) + f":\n  {show(out)}")
    return banner.group(0)


def to_sysvinit(m):
    m.run(f"echo kept >{MARKER}")
    before = snapshot(m)
    m.st["before"] = before
    bout, bkids = before
    if "initsuite" not in (field(bout, "version") or ""):
        raise Wrong(f"/sbin/init is not ours before the upgrade:\n  {show(bout)}")
    if len(bkids) < 2 or field(bout, "login") not in bkids or field(bout, "cron") not in bkids:
        raise Wrong(f"PID 1's children are not cron and the login on ttyS0 and more:\n  {show(bout)}")
    m.st["mark"] = len(m.con.text)
    out, rc = m.run(f"ls {SV_DEB}; DEBIAN_FRONTEND=noninteractive dpkg -i {SV_DEB}", timeout=240)
    if rc != 0 or not re.search(r"sysvinit: restarting\.*\s*done\.", out):
        raise Wrong(f"dpkg -i failed (status {rc}) or its postinst's init u did not say done:\n"
                    f"  {show(out)}")
    deb = out.strip().splitlines()[0].rsplit("/", 1)[-1]
    out, kids = wait_pid1(m, "/sbin/init", r"^SysV init version", "sysvinit's /sbin/init")
    m.st["sv_kids"] = kids
    banner = compare_kept(m, out, kids, r"INIT: version [0-9.]+ reloading", "init [3]")
    return (f"dpkg -i {deb}: PID 1 is /sbin/init again, which says {field(out, 'version')!r}; "
            f"console: {banner!r}; title {field(out, 'title')!r}; runlevel {field(out, 'runlevel')}; "
            f"the same PIDs: {pids_text(kids)}; the shell ({field(out, 'shell')}) answers; "
            f"{MARKER} kept; nothing of boot on the console")


def getty_on(kids, avoid=()):
    """A getty of PID 1's on a virtual console: (pid, tty)."""
    for pid, args in sorted(kids.items(), key=lambda kv: int(kv[0])):
        g = re.search(r"getty\b.*\b(tty[1-9])\b", args)
        if g and g.group(1) not in avoid:
            return pid, g.group(1)
    return None, None


def respawn_once(m, kids, avoid=()):
    """Kill a getty of PID 1's; it must come back, once."""
    pid, tty = getty_on(kids, avoid)
    if not pid:
        raise Wrong(f"no getty on a virtual console among PID 1's children: {pids_text(kids)}")
    find = (f"ps --ppid 1 -o pid=,args= | awk '/getty/ {{ for (i = 2; i <= NF; i++) "
            f"if ($i == \"{tty}\") print $1 }}' | xargs")
    m.run(f"kill {pid}")
    until = time.monotonic() + 30
    while True:
        out, _ = m.run(f'echo "now=$({find})"')
        now = (field(out, "now") or "").split()
        if now and now != [pid]:
            break
        if time.monotonic() >= until:
            raise Wrong(f"the getty on {tty} (PID {pid}) was killed and is not back 30 s later:\n"
                        f"  {show(out)}")
        time.sleep(1)
    time.sleep(3)
    out, _ = m.run(f'echo "now=$({find})"')
    later = (field(out, "now") or "").split()
    if len(now) != 1 or later != now:
        raise Wrong(f"after the kill of the getty on {tty} (PID {pid}): {now}, 3 s later {later} "
                    f"(want one new getty that stays):\n  {show(out)}")
    return pid, tty, now[0]


def sv_respawns(m):
    pid, tty, new = respawn_once(m, m.st.get("sv_kids") or {})
    m.st["respawned_tty"] = tty
    return f"killed the getty on {tty} (PID {pid}); sysvinit started one new getty (PID {new})"


def back_to_ours(m):
    out, _ = m.run(f'echo "ours=$({OURS_COPY} --version)"')
    if "initsuite" not in (field(out, "ours") or ""):
        raise Wrong(f"{OURS_COPY} is not our init:\n  {show(out)}")
    before = snapshot(m)
    m.st["before"] = before
    m.st["mark"] = len(m.con.text)
    out, rc = m.run(f"cp {OURS_COPY} /sbin/init.check-distro-new && mv /sbin/init.check-distro-new /sbin/init "
                    "&& ls -l /sbin/telinit && telinit u", timeout=30)
    if rc != 0:
        raise Wrong(f"putting our init back or telinit u failed (status {rc}):\n  {show(out)}")
    out, kids = wait_pid1(m, OURS_COPY, r"initsuite", "our init")
    m.st["ours_kids"] = kids
    banner = compare_kept(m, out, kids, r"INIT: version [0-9.]+ reloading", "init [3]")
    return (f"PID 1 is ours again ({field(out, 'version')!r}); console: {banner!r}; "
            f"runlevel {field(out, 'runlevel')}; the same PIDs: {pids_text(kids)}; "
            f"the shell answers; {MARKER} kept; nothing of boot on the console")


def status_inherited(m):
    # The processes of inittab's entries: the gettys and the login on
    # ttyS0 (not cron or udevd, daemons that init only reaps).
    kids = m.st.get("ours_kids") or {}
    want = {p: a for p, a in kids.items() if re.search(r"/s?bin/(getty|login)\b", a)}
    out, rc = m.run("telinit status")
    rows = re.findall(r"(?m)^(\S+)\s+\S+\s+(\S+)\s+(\S+)\s+(\d+)\s", out)
    listed = {pid: (ident, action, state) for ident, action, state, pid in rows}
    problems = []
    if rc != 0 or not re.search(r"(?m)^runlevel=3 previous=2 ", out):
        problems.append("no 'runlevel=3 previous=2' heading")
    missing = [f"{p} {a}" for p, a in want.items()
               if p not in listed or listed[p][2] != "running"]
    if missing:
        problems.append("not listed as running: " + ", ".join(missing))
    if problems or not want:
        raise Wrong("; ".join(problems or ["no inherited process to look for"]) + f":\n  {show(out)}")
    return "telinit status: " + ", ".join(f"{listed[p][0]} running {p}" for p in
                                          sorted(want, key=int))


def ours_respawns(m):
    pid, tty, new = respawn_once(m, m.st.get("ours_kids") or {}, (m.st.get("respawned_tty"),))
    out, _ = m.run("telinit status")
    row = re.search(rf"(?m)^(\S+)\s.*\srunning\s+{new}\s+(\d+)\s", out)
    if not row:
        raise Wrong(f"telinit status does not show the new getty {new} running:\n  {show(out)}")
    return f"killed the inherited getty on {tty} (PID {pid}); our init started one new getty " \
           f"(PID {new}; telinit status: {row.group(1)} running, {row.group(2)} restarts)"


def reboot(m):
    m.t["reboot-typed"] = m.con.elapsed()
    m.con.send("shutdown -r now\n")
    m.con.expect(RESTART, 120, "the kernel's restart message after shutdown -r now")
    m.t["restart"] = m.con.elapsed()
    # `quiet` keeps the kernel's banner off the console: init's is the
    # first word of the second boot.
    m.con.expect(r"INIT: version [0-9.]+ booting", BOOT_TIMEOUT, "our init's banner, second boot")
    return f"the kernel restarted {m.t['restart'] - m.t['reboot-typed']:.1f} s after " \
           "shutdown -r now; our init boots again"


def second_login(m):
    expect_login_prompt(m, "second boot", "login2")
    login(m, "second boot")
    return f"login prompt {m.t['login2'] - m.t['restart']:.1f} s after the restart; logged in"


def tmp_cleaned(m):
    out, _ = m.run(f'echo "marker=$(cat {MARKER} 2>/dev/null || echo gone)"')
    if field(out, "marker") != "gone":
        raise Wrong(f"{MARKER} survived the reboot, so its survival across the hand-overs "
                    f"proves nothing:\n  {show(out)}")
    return f"{MARKER} is gone: rcS.d's bootclean empties /tmp at boot"


def last_x_both_boots(m):
    out, rc = m.run("last -x --time-format iso")
    boots = re.findall(r"(?m)^reboot\s+system boot\s", out)
    problems = []
    if len(boots) < 2:
        problems.append(f"{len(boots)} boot records, want 2")
    if not re.search(r"(?m)^shutdown\s+system down\s", out):
        problems.append("no shutdown record")
    if rc != 0 or problems:
        raise Wrong("; ".join(problems) + f":\n  {show(out)}\n{utmp_tail(m)}")
    return "last -x: two 'reboot system boot' records and a 'shutdown system down'"


# ---------------------------------------------------------------- our shutdown, halt, poweroff

# check-distro.sh keeps a copy of each of our programs here, for telling
# them from sysvinit-core's and for putting them back after its dpkg -i.
DOWN_COPY = "/usr/local/sbin/{}.ours"
WALL_FROM = r"Broadcast message from root@" + HOST + r" "
HALTED = r"reboot: System halted"


def down_tools_state(m):
    out, _ = m.run("; ".join(
        f'echo "{p}=$(cmp -s /sbin/{p} {DOWN_COPY.format(p)} && echo ours || echo other)"'
        for p in ("shutdown", "halt")) +
        '; echo "links=$(readlink /sbin/reboot) $(readlink /sbin/poweroff)"')
    return out


def down_tools_ours(m):
    out = down_tools_state(m)
    if field(out, "shutdown") != "ours" or field(out, "halt") != "ours" or \
            field(out, "links") != "halt halt":
        raise Wrong(f"/sbin/shutdown, halt, reboot and poweroff are not ours:\n  {show(out)}")
    return "/sbin/shutdown and /sbin/halt are ours; reboot and poweroff are links to halt"


def expect_both(con, patterns, timeout, what):
    """Each pattern after where we are, in any order."""
    start, end = con.pos, con.pos
    for p in patterns:
        con.pos = start
        con.expect(p, timeout, what)
        end = max(end, con.pos)
    con.pos = end


def shutdown_cancel(m):
    con = m.con
    con.send('shutdown -r +1 "check-distro: a wall to cancel" &\n')
    expect_both(con, [WALL_FROM + r"[^\n]*\n\s*check-distro: a wall to cancel\s*"
                      r"The system is going DOWN for reboot in 1 minute!"],
                20, "shutdown -r +1's wall on ttyS0")
    out, _ = m.run('echo "nologin=$(test -e /run/nologin && echo there || echo gone)"; '
                   'echo "pid=$(cat /run/shutdown.pid 2>/dev/null)"')
    problems = []
    if field(out, "nologin") != "there":
        problems.append("no /run/nologin 1 minute before the reboot")
    if not (field(out, "pid") or "").isdigit():
        problems.append("no /run/shutdown.pid")
    con.send('shutdown -c "check-distro: cancelled"\n')
    # The shell's next prompt may come between the wall's head and its
    # text (both write to ttyS0; seen under TCG).
    expect_both(con, [r"Shutdown cancelled\.",
                      WALL_FROM + r"[^\n]*\n\s*(?:\S*root@\S+# )?check-distro: cancelled"],
                20, "shutdown -c: the cancel on ttyS0 and its wall")
    out, _ = m.run('sleep 1; echo "nologin=$(test -e /run/nologin && echo there || echo gone)"; '
                   'echo "pidfile=$(test -e /run/shutdown.pid && echo there || echo gone)"; '
                   'echo "runlevel=$(runlevel)"')
    if field(out, "nologin") != "gone" or field(out, "pidfile") != "gone":
        problems.append("/run/nologin or /run/shutdown.pid outlived the cancel")
    if field(out, "runlevel") != "N 2":
        problems.append(f"runlevel says {field(out, 'runlevel')!r}, not 'N 2'")
    if problems:
        raise Wrong("; ".join(problems) + f":\n  {show(out)}")
    return "shutdown -r +1 walled 'going DOWN for reboot in 1 minute' on ttyS0 and made " \
           "/run/nologin; shutdown -c: 'Shutdown cancelled.', its wall, nologin and the pid file gone"


def down_tools_back(m):
    out, rc = m.run("; ".join(
        f"cp {DOWN_COPY.format(p)} /sbin/{p}.check-distro-new && mv /sbin/{p}.check-distro-new /sbin/{p}"
        for p in ("shutdown", "halt")) + " && ln -sf halt /sbin/reboot && ln -sf halt /sbin/poweroff")
    out = down_tools_state(m)
    if rc != 0 or field(out, "shutdown") != "ours" or field(out, "halt") != "ours":
        raise Wrong(f"our shutdown and halt could not be put back (status {rc}):\n  {show(out)}")
    return "dpkg -i had put sysvinit-core's back: ours copied over them as dpkg would"


def halt_ends(m):
    m.con.send("halt\n")
    end = m.con.expect(f"({HALTED}|{POWER_DOWN})", 120, "the kernel's halt or power-down message")
    if end.group(0) == POWER_DOWN:
        status = m.con.wait_exit(30, "halt")
        if status != 0:
            raise Wrong(f"qemu exited with status {status}")
        return "halt powered the machine off (/etc/default/halt says HALT=poweroff); qemu exited"
    return "halt halted the machine (the kernel said 'System halted'); qemu stopped"


def third_boot(m):
    m.con.expect(r"INIT: version [0-9.]+ booting", BOOT_TIMEOUT, "our init's banner, third boot")
    expect_login_prompt(m, "third boot", "login3")
    login(m, "third boot")
    return "the machine boots again after halt; logged in"


def poweroff_ends(m):
    m.t["halt-typed"], m.t["off"] = power_off_by(m, "poweroff")
    return f"powered off {m.t['off'] - m.t['halt-typed']:.1f} s after poweroff"


# The steps on our init's machine, in order.
OURS = [
    ("the kernel starts our /sbin/init", boot_banner),
    ("rcS.d scripts ran", rcS_ran),
    ("rc2.d scripts ran, cron among them", rc2_ran),
    ("getty's login prompt on ttyS0", first_login_prompt),
    ("root logs in with a password through Debian's /bin/login", first_login),
    ("the rc scripts' work is there; cron runs", rc_work),
    ("PID 1 is ours", pid1_ours),
    ("/sbin/init needs libc alone; no libbsd0 on the system", libc_alone),
    ("runlevel is N 2", runlevel_n2),
    ("who lists root on ttyS0", who_root),
    ("our shutdown, halt, reboot and poweroff are installed", down_tools_ours),
    ("shutdown -r +1 msg, then shutdown -c: the walls on ttyS0", shutdown_cancel),
    ("telinit 3 gives 2 3, cron the same process", telinit_3),
    ("last -x shows the boot and the runlevel records", last_x_boot),
    ("kill -9 of the login shell, then a new login", kill_login_shell),
    ("last shows the killed session ending when it was killed", last_killed_session),
    ("init's DEAD_PROCESS record of the killed session keeps its line ttyS0", dead_record_line),
    ("dpkg -i sysvinit-core: its init u makes sysvinit PID 1, every process kept",
     to_sysvinit),
    ("sysvinit respawns a killed getty once", sv_respawns),
    ("our init put back as dpkg would, telinit u: ours is PID 1, every process kept",
     back_to_ours),
    ("telinit status lists the inherited processes with their PIDs", status_inherited),
    ("our init respawns a killed inherited getty once", ours_respawns),
    ("our shutdown and halt put back over sysvinit-core's", down_tools_back),
    ("shutdown -r now reboots", reboot),
    ("second boot: login prompt and login", second_login),
    ("second boot: bootclean emptied /tmp (the hand-overs' marker is gone)", tmp_cleaned),
    ("second boot: last -x shows both boots and the shutdown", last_x_both_boots),
    ("halt ends the machine", halt_ends),
]

# Ours again, a third boot of the same disk.
OURS_THIRD = [
    ("third boot: login prompt and login", third_boot),
    ("poweroff powers off", poweroff_ends),
]

SYSVINIT = [
    ("boot to getty's login prompt", sv_boot),
    ("log in; PID 1 is sysvinit's", sv_login),
    ("shutdown -h now powers off", sv_poweroff),
]


def run_machine(label, steps, argv, log, deadline, results):
    say(f"{label}: qemu " + " ".join(argv[1:]))
    m = Machine(label, argv, log, deadline, results)
    try:
        for name, fn in steps:
            m.step(name, fn)
    finally:
        m.stop()
    return m


def interrupted(signum, _frame):
    raise Fail(f"interrupted by signal {signum}")


def figure(m, a, b):
    if m is None or a not in m.t or b not in m.t:
        return "-"
    return f"{m.t[b] - m.t[a]:.1f} s"


def main():
    p = argparse.ArgumentParser(prog="distro.py")
    p.add_argument("--work", required=True)
    p.add_argument("--append", required=True)
    p.add_argument("--timeout", type=float, default=480)
    p.add_argument("--accel", default="tcg")
    p.add_argument("--deb-image", help="a stock root's image for package.py's machine")
    p.add_argument("--machines", default="sysvinit,ours,package",
                   help="which machines to run (DISTRO_MACHINES in check-distro.sh)")
    p.add_argument("qemu", nargs=argparse.REMAINDER)
    args = p.parse_args()
    qemu = args.qemu[1:] if args.qemu and args.qemu[0] == "--" else args.qemu
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, interrupted)
    deadline = time.monotonic() + args.timeout
    results = []
    zero = {"zero": 0.0}

    # sysvinit first, on a throw-away overlay: both inits' first boots
    # start from the same image.
    only = args.machines.split(",")
    sv = ours = pk = third = None
    if "sysvinit" in only:
        sv = run_machine("sysvinit", SYSVINIT,
                         qemu + ["-snapshot", "-append", args.append + " init=/sbin/init.sysvinit"],
                         os.path.join(args.work, "serial-sysvinit.log"), deadline, results)
    if "ours" in only:
        ours = run_machine("ours", OURS, qemu + ["-append", args.append],
                           os.path.join(args.work, "serial-ours.log"), deadline, results)
        third = run_machine("ours, third boot", OURS_THIRD, qemu + ["-append", args.append],
                            os.path.join(args.work, "serial-ours3.log"), deadline, results)
    # The package machine's writes are discarded too (they stay across
    # its reboot, which is the same qemu), so its image serves again.
    if args.deb_image and "package" in only:
        import package  # noqa: E402  (it imports this module as distro)
        disk = next(a for a in qemu if a.startswith("file=") and a.endswith("disk.img,format=raw,if=virtio"))
        pk = run_machine("package", package.STEPS,
                         [f"file={args.deb_image},format=raw,if=virtio" if a == disk else a for a in qemu]
                         + ["-snapshot", "-append", args.append],
                         os.path.join(args.work, "serial-package.log"), deadline, results)
    for m in (sv, ours):
        if m:
            m.t.update(zero)

    say("times: one boot of each, the same image and kernel"
        + ("" if args.accel == "kvm" else
           "; under TCG emulation on a shared machine one boot can differ from the next by tens of seconds"))
    rows = [
        ("qemu's start to init's banner", figure(ours, "zero", "banner"),
         figure(sv, "zero", "banner")),
        ("init's banner to runlevel 2 (rcS.d)", figure(ours, "banner", "level2"),
         figure(sv, "banner", "level2")),
        ("runlevel 2 to the login prompt (rc2.d)", figure(ours, "level2", "login1"),
         figure(sv, "level2", "login")),
        ("boot to the login prompt (first boot)", figure(ours, "zero", "login1"),
         figure(sv, "zero", "login")),
        ("poweroff | shutdown -h now to power-off", figure(third, "halt-typed", "off"),
         figure(sv, "halt-typed", "off")),
        ("shutdown -r now to the kernel's restart", figure(ours, "reboot-typed", "restart"), "-"),
        ("restart to the login prompt (second boot)", figure(ours, "restart", "login2"), "-"),
    ]
    print(f"  {'':44} {'ours':>10} {'sysvinit':>10}")
    for what, a, b in rows:
        print(f"  {what:44} {a:>10} {b:>10}")
    if ours and "ldd" in ours.st:
        say("ldd /sbin/init in the guest:\n  " + ours.st["ldd"])
    failed = [n for n, ok in results if not ok]
    say(f"{len(results) - len(failed)} of {len(results)} steps passed"
        + (f"; FAILED: {'; '.join(failed)}" if failed else ""))
    if failed:
        say("serial logs: " + ", ".join(m.con.log_path for m in (ours, third, sv, pk) if m))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
