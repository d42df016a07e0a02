#!/usr/bin/env python3
"""The boots of make check-distro (tests/distro/check-distro.sh).

  distro.py --work DIR --append CMDLINE [--timeout S] -- QEMU ARGS...

QEMU ARGS boot DIR/disk.img, a Debian 12 with our build installed over
sysvinit-core, with its serial port on our stdin/stdout; CMDLINE is the
kernel's command line.  This works the serial console as a person would,
in two machines:

  sysvinit  the same image with sysvinit's own init (init=/sbin/init.sysvinit,
            kept there by check-distro.sh), writes going to a throw-away
            overlay (-snapshot): boot, log in, shutdown -h now.  Only for
            the times to compare with ours.
  ours      the image as installed: boot, the rc scripts, log in with
            Debian's /bin/login, PID 1, runlevel, who, telinit 3, last -x,
            kill -9 of the login shell and last, shutdown -r now, the
            second boot's last -x, shutdown -h now.

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


def sv_poweroff(m):
    m.t["halt-typed"] = m.con.elapsed()
    m.con.send("shutdown -h now\n")
    m.con.expect(POWER_DOWN, 120, "the kernel's power-down message")
    status = m.con.wait_exit(30, "shutdown -h now")
    m.t["off"] = m.con.elapsed()
    if status != 0:
        raise Wrong(f"qemu exited with status {status}")
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
            (r"Mounting local filesystems\.\.\.done\.", "mountall.sh")]:
        m.con.expect(pattern, 120, f"{what}'s message")
    m.con.expect(r"INIT: Entering runlevel: 2", 120, "init entering runlevel 2")
    m.t["level2"] = m.con.elapsed()
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


def poweroff(m):
    m.t["halt-typed"] = m.con.elapsed()
    m.con.send("shutdown -h now\n")
    m.con.expect(POWER_DOWN, 120, "the kernel's power-down message")
    status = m.con.wait_exit(30, "shutdown -h now")
    m.t["off"] = m.con.elapsed()
    if status != 0:
        raise Wrong(f"qemu exited with status {status}")
    return f"powered off {m.t['off'] - m.t['halt-typed']:.1f} s after shutdown -h now"


# The steps on our init's machine, in order.  The upgrade path (dpkg -i of
# Debian's sysvinit-core in the guest: its postinst's `init u` must make
# sysvinit PID 1 with every process kept, and our init put back with
# `telinit u` must take over again) belongs between the kill -9 steps and
# the reboot, as steps of this list, once init hands its state over.
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
    ("telinit 3 gives 2 3, cron the same process", telinit_3),
    ("last -x shows the boot and the runlevel records", last_x_boot),
    ("kill -9 of the login shell, then a new login", kill_login_shell),
    ("last shows the killed session ending when it was killed", last_killed_session),
    ("init's DEAD_PROCESS record of the killed session keeps its line ttyS0", dead_record_line),
    ("shutdown -r now reboots", reboot),
    ("second boot: login prompt and login", second_login),
    ("second boot: last -x shows both boots and the shutdown", last_x_both_boots),
    ("shutdown -h now powers off", poweroff),
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
    sv = run_machine("sysvinit", SYSVINIT,
                     qemu + ["-snapshot", "-append", args.append + " init=/sbin/init.sysvinit"],
                     os.path.join(args.work, "serial-sysvinit.log"), deadline, results)
    ours = run_machine("ours", OURS, qemu + ["-append", args.append],
                       os.path.join(args.work, "serial-ours.log"), deadline, results)
    sv.t.update(zero)
    ours.t.update(zero)

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
        ("shutdown -h now to power-off", figure(ours, "halt-typed", "off"),
         figure(sv, "halt-typed", "off")),
        ("shutdown -r now to the kernel's restart", figure(ours, "reboot-typed", "restart"), "-"),
        ("restart to the login prompt (second boot)", figure(ours, "restart", "login2"), "-"),
    ]
    print(f"  {'':44} {'ours':>10} {'sysvinit':>10}")
    for what, a, b in rows:
        print(f"  {what:44} {a:>10} {b:>10}")
    if "ldd" in ours.st:
        say("ldd /sbin/init in the guest:\n  " + ours.st["ldd"])
    failed = [n for n, ok in results if not ok]
    say(f"{len(results) - len(failed)} of {len(results)} steps passed"
        + (f"; FAILED: {'; '.join(failed)}" if failed else ""))
    if failed:
        say(f"serial logs: {ours.con.log_path}, {sv.con.log_path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
