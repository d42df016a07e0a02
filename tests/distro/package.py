"""The package machine of make check-distro (distro.py runs it).

A stock Debian 12 root (sysvinit-core, no make install) boots with
sysvinit, root logs in on ttyS0, and apt works on the live machine with
our .deb files in /root (two builds of `make deb`, the second with a
higher version) and the rest from the root's own package lists and
/var/cache/apt/archives (the guest has no network):

  apt install ./initsuite_OLD.deb    our postinst's `telinit u`: ours is
                                     PID 1, every process kept, no boot
                                     again, runlevel and who -r as they
                                     were, the init metapackage installed
  apt install ./initsuite_NEW.deb    the upgrade: PID 1 re-executes the new
                                     /sbin/init, every process kept
  apt dist-upgrade, apt autoremove   ours stays, nothing removed
  /sbin/init needing a missing       `telinit u` exits 3 with init's reason
  library, telinit u                 (the library not found); PID 1 is
                                     still ours, every process kept; the
                                     good /sbin/init back, telinit u exits
                                     0: re-exec, every process kept
  apt install sysvinit-core          its postinst's `init u`: sysvinit is
                                     PID 1, every process kept, agetty back
  apt install ./initsuite_NEW.deb    ours again, the same
  shutdown -r now                    ours boots; last -x: both boots, the
                                     shutdown between them
  poweroff                           the machine is off

"Every process kept" is distro.py's compare_kept: the same PIDs of PID
1's children (cron, the gettys, the login whose shell this types into),
runlevel, who, who -r, a marker in /tmp that bootclean would remove,
nothing of boot on the console.
"""

import re
import time

from distro import (BOOT_TIMEOUT, MARKER, RESTART, Wrong, compare_kept,
                    expect_login_prompt, field, login, pids_text, power_off_by, show, snapshot,
                    sv_boot)

DEB_DIR = "/root"
# check-distro.sh's binary linked with a library left on the host.
NOLIB = "/root/init.nolib"
GOOD_COPY = "/root/init.good"
APT = "DEBIAN_FRONTEND=noninteractive apt -y -q -o Dpkg::Progress-Fancy=0"
# PID 1 runs the file now at /sbin/init: the same inode (an old, deleted
# /sbin/init with the same bytes would pass a cmp).
REEXEC = ('; echo "newinit=$([ "$(stat -L -c %i /proc/1/exe)" = "$(stat -c %i /sbin/init)" ] '
          '&& echo yes || echo no)"; echo "exe1=$(readlink /proc/1/exe)"')
# What the packages look like: dpkg's state of the packages that matter,
# where /sbin/getty leads, who -r.
STATE = ("; for p in init initsuite sysvinit-core orphan-sysvinit-scripts; do "
         "echo \"pkg_$p=$(dpkg-query -W -f='${db:Status-Abbrev}${Version}' $p 2>/dev/null)\"; done"
         '; echo "getty_true=$(dpkg-divert --truename /sbin/getty)"'
         '; echo "getty_link=$(readlink /sbin/getty)"'
         '; echo "agetty_link=$(readlink /sbin/getty.agetty)"')
OURS_RX = r"initsuite"
SYSV_RX = r"^SysV init version"


def pkg(out, name):
    """(dpkg's status letters, version) of a package, or ("", "")."""
    v = field(out, f"pkg_{name}") or ""
    return (v[:3].strip(), v[3:]) if v else ("", "")


def deb_files(m):
    out, _ = m.run(f'echo "debs=$(ls {DEB_DIR}/initsuite_*.deb | xargs)"')
    debs = (field(out, "debs") or "").split()
    if len(debs) != 2:
        raise Wrong(f"want two initsuite .deb files in {DEB_DIR}:\n  {show(out)}")
    vers = {}
    for d in debs:
        o, _ = m.run(f'echo "v=$(dpkg-deb -f {d} Version)"')
        vers[d] = field(o, "v")
    o, _ = m.run(f"dpkg --compare-versions '{vers[debs[0]]}' lt '{vers[debs[1]]}'")
    older, newer = (debs[0], debs[1]) if _ == 0 else (debs[1], debs[0])
    return (older, vers[older]), (newer, vers[newer])


def wait_reexec(m, version_rx, what):
    """Poll until PID 1 runs the inode now at /sbin/init and /sbin/init
    --version matches; the snapshot then (with STATE)."""
    until = time.monotonic() + 90
    while True:
        out, kids = snapshot(m, REEXEC + STATE)
        if field(out, "newinit") == "yes" and re.search(version_rx, field(out, "version") or ""):
            return out, kids
        if time.monotonic() >= until:
            raise Wrong(f"PID 1 is not {what} 90 s later:\n  {show(out)}")
        time.sleep(2)


def before(m, version_rx, what):
    """The snapshot before a package step, which compare_kept reads."""
    m.run(f"echo kept >{MARKER}")
    snap = snapshot(m, STATE)
    out, kids = snap
    if not re.search(version_rx, field(out, "version") or ""):
        raise Wrong(f"/sbin/init is not {what} before this step:\n  {show(out)}")
    if len(kids) < 2 or field(out, "login") not in kids or field(out, "cron") not in kids:
        raise Wrong(f"PID 1's children are not cron and the login on ttyS0 and more:\n  {show(out)}")
    m.st["before"] = snap
    m.st["mark"] = len(m.con.text)
    return snap


def apt_run(m, args, what, timeout=300, cd="/"):
    out, rc = m.run(f"(cd {cd} && {APT} {args} 2>&1)", timeout=timeout)
    if rc != 0:
        raise Wrong(f"{what}: apt {args} failed (status {rc}):\n  {show(out)}")
    return out


def check_state(out, problems, ours_version=None):
    """The init metapackage installed, and ours or sysvinit-core."""
    if pkg(out, "init")[0] != "ii":
        problems.append(f"the init metapackage is not installed: {field(out, 'pkg_init')!r}")
    if ours_version:
        if pkg(out, "initsuite") != ("ii", ours_version):
            problems.append(f"initsuite is not installed at {ours_version}: {field(out, 'pkg_initsuite')!r}")
        if pkg(out, "sysvinit-core")[0] == "ii":
            problems.append("sysvinit-core is still installed")
        if field(out, "getty_true") != "/sbin/getty.agetty" or field(out, "agetty_link") != "agetty" \
                or field(out, "getty_link"):
            problems.append("/sbin/getty is not ours with util-linux's diverted to /sbin/getty.agetty")
    else:
        if pkg(out, "sysvinit-core")[0] != "ii":
            problems.append(f"sysvinit-core is not installed: {field(out, 'pkg_sysvinit-core')!r}")
        if pkg(out, "initsuite")[0] == "ii":
            problems.append("initsuite is still installed")
        if field(out, "getty_true") != "/sbin/getty" or field(out, "getty_link") != "agetty":
            problems.append("/sbin/getty is not util-linux's link to agetty again")


def kept(m, out, kids, problems_extra, title_rx=r"INIT: version [0-9.]+ reloading"):
    problems = list(problems_extra)
    try:
        banner = compare_kept(m, out, kids, title_rx, m.st["title"])
    except Wrong as e:
        problems.insert(0, str(e))
        banner = None
    if problems:
        raise Wrong("; ".join(problems) + f":\n  {show(out)}")
    return banner


# ---------------------------------------------------------------- the steps


def stock_login(m):
    login(m, "the stock system")
    out, _ = m.run('echo "tty=$(tty)"' + STATE + '; echo "exe1=$(readlink /proc/1/exe)"'
                   '; echo "version=$(/sbin/init --version 2>&1 | head -n1)"'
                   '; echo "title=$(ps -o args= -p 1)"; echo "lists=$(ls /var/lib/apt/lists | wc -l)"')
    problems = []
    if field(out, "tty") != "/dev/ttyS0":
        problems.append("the shell is not on ttyS0")
    # /sbin is a link to usr/sbin on a merged-/usr Debian 12.
    if field(out, "exe1") not in ("/sbin/init", "/usr/sbin/init") \
            or not re.search(SYSV_RX, field(out, "version") or ""):
        problems.append("PID 1 is not sysvinit's /sbin/init")
    check_state(out, problems)
    m.st["title"] = field(out, "title")
    m.st["debs"] = deb_files(m)
    if problems:
        raise Wrong("; ".join(problems) + f":\n  {show(out)}")
    (old, vold), (new, vnew) = m.st["debs"]
    return (f"PID 1 is sysvinit ({field(out, 'version')}); sysvinit-core "
            f"{pkg(out, 'sysvinit-core')[1]} and init installed; our packages {vold} and {vnew} in {DEB_DIR}")


def install_ours(m, which, what):
    """apt install ./<our .deb>; ours must then be PID 1 with everything
    kept."""
    if "debs" not in m.st:
        raise Wrong("the login step did not find our packages in the guest")
    deb, version = m.st["debs"][which]
    out = apt_run(m, f"install ./{deb[len(DEB_DIR) + 1:]}", what, cd=DEB_DIR)
    # PID 1's own "INIT: ... reloading" may land inside the line.
    said = re.search(r"initsuite: handing the running system over[\s\S]{0,300}?"
                     r"( done\.|PID 1 still runs)", out)
    if not said or said.group(1) != " done.":
        raise Wrong(f"our postinst did not say it handed over:\n  {show(out)}")
    after, kids = wait_reexec(m, OURS_RX, "our init")
    problems = []
    check_state(after, problems, version)
    banner = kept(m, after, kids, problems)
    return version, banner, after, kids


def to_ours(m):
    before(m, SYSV_RX, "sysvinit's")
    version, banner, out, kids = install_ours(m, 0, "our package over sysvinit-core")
    return (f"apt install ./{m.st['debs'][0][0].rsplit('/', 1)[-1]}: PID 1 is ours ({field(out, 'version')}); console: "
            f"{banner!r}; runlevel {field(out, 'runlevel')}, who -r {field(out, 'whor')!r} as before; "
            f"the same PIDs: {pids_text(kids)}; init {pkg(out, 'init')[1]} installed, sysvinit-core "
            f"removed, orphan-sysvinit-scripts {pkg(out, 'orphan-sysvinit-scripts')[0]}; /sbin/getty ours, "
            "agetty diverted to /sbin/getty.agetty")


def upgrade_ours(m):
    before(m, OURS_RX, "ours")
    version, banner, out, kids = install_ours(m, 1, "the newer build of our package")
    return (f"apt install ./{m.st['debs'][1][0].rsplit('/', 1)[-1]} (version {version}): PID 1 re-executed the new "
            f"/sbin/init ({field(out, 'exe1')}); console: {banner!r}; the same PIDs: {pids_text(kids)}")


def installed_list(m):
    out, _ = m.run("dpkg-query -W -f='${db:Status-Abbrev} ${binary:Package} ${Version}\\n' "
                   "| sed -n 's/^ii  */pkglist=/p'")
    return set(re.findall(r"(?m)^pkglist=(.*\S)", out))


def upgrade_autoremove(m):
    pkgs = installed_list(m)
    out1 = apt_run(m, "dist-upgrade", "dist-upgrade")
    out2 = apt_run(m, "autoremove", "autoremove")
    after = installed_list(m)
    out, _ = snapshot(m, REEXEC + STATE)
    problems = []
    check_state(out, problems, m.st["debs"][1][1])
    if field(out, "newinit") != "yes" or OURS_RX not in (field(out, "version") or ""):
        problems.append("PID 1 is no longer our /sbin/init")
    gone, new = sorted(pkgs - after), sorted(after - pkgs)
    if gone or new:
        problems.append(f"packages changed: gone {gone or 'none'}, new {new or 'none'}")
    if problems or len(pkgs) < 50:
        raise Wrong("; ".join(problems or [f"only {len(pkgs)} packages listed"]) +
                    f":\n  {show(out1, 10)}\n  {show(out2, 10)}")
    summary = [re.search(r"\d+ upgraded, .*", o) for o in (out1, out2)]
    return (f"{len(pkgs)} packages installed before and after, none gone; apt dist-upgrade: "
            f"{summary[0].group(0) if summary[0] else '?'}; apt autoremove: "
            f"{summary[1].group(0) if summary[1] else '?'}; ours still PID 1 and installed")


def telinit_u(m, install):
    """Rename `install` over /sbin/init as dpkg does, then telinit u:
    (its exit status, its stderr)."""
    out, _ = m.run(f"cp {install} /sbin/init.new && chmod 755 /sbin/init.new && mv -f /sbin/init.new /sbin/init"
                   '; err=$(telinit u 2>&1); echo "urc=$?"; echo "uerr=$err"', timeout=60)
    return field(out, "urc"), field(out, "uerr"), out


def refused_broken(m):
    """/sbin/init replaced by NOLIB, telinit u: exit 3, the library named,
    PID 1 the same program with every process kept.  telinit's line."""
    rc, err, out = telinit_u(m, NOLIB)
    problems = []
    why_rx = r"re-exec refused, init goes on: \S*/sbin/init cannot be loaded: .*libgone\.so.*not found"
    if rc != "3" or not re.fullmatch(r"telinit: " + why_rx, err or ""):
        problems.append(f"telinit u exited {rc!r} saying {err!r}, not 3 and the missing library")
    # /sbin/init is the broken one now: PID 1's own file is asked.
    after, kids = snapshot(m, REEXEC + '; echo "pid1v=$(/proc/1/exe --version 2>&1 | head -n1)"')
    if not re.search(OURS_RX, field(after, "pid1v") or "") or \
            field(after, "exe1") not in ("/sbin/init (deleted)", "/usr/sbin/init (deleted)"):
        problems.append(f"PID 1 is not the init it was: {field(after, 'exe1')!r}, {field(after, 'pid1v')!r}")
    kept(m, after, kids, problems, title_rx=why_rx)
    return err


def broken_init(m):
    before(m, OURS_RX, "ours")
    m.run(f"cp /sbin/init {GOOD_COPY}")
    try:
        said = refused_broken(m)
    except Wrong:
        # The next steps need a good /sbin/init.
        m.run(f"cp {GOOD_COPY} /sbin/init.new && mv -f /sbin/init.new /sbin/init; telinit u", timeout=60)
        raise
    # The good binary back (a copy: another inode, so a re-exec shows).
    m.st["mark"] = len(m.con.text)
    rc, err, out = telinit_u(m, GOOD_COPY)
    if rc != "0" or err:
        raise Wrong(f"telinit u with the good /sbin/init exited {rc!r} saying {err!r}:\n  {show(out)}")
    after, kids = wait_reexec(m, OURS_RX, "our init from the good binary")
    banner = kept(m, after, kids, [])
    m.run(f"rm -f {GOOD_COPY}")
    return (f"telinit u with the broken /sbin/init: exit 3, {said!r}; PID 1 went on with the same PIDs; "
            f"the good one back: telinit u exit 0, console {banner!r}, the same PIDs: {pids_text(kids)}")


def back_to_sysvinit(m):
    before(m, OURS_RX, "ours")
    out = apt_run(m, "install sysvinit-core", "going back")
    if not re.search(r"sysvinit: restarting\.*\s*done\.", out):
        raise Wrong(f"sysvinit-core's postinst did not say its init u was done:\n  {show(out)}")
    after, kids = wait_reexec(m, SYSV_RX, "sysvinit's /sbin/init")
    problems = []
    check_state(after, problems)
    banner = kept(m, after, kids, problems)
    return (f"apt install sysvinit-core: PID 1 is sysvinit ({field(after, 'version')}); console: "
            f"{banner!r}; the same PIDs: {pids_text(kids)}; initsuite {field(after, 'pkg_initsuite')!r}, "
            "/sbin/getty is agetty again")


def ours_again(m):
    before(m, SYSV_RX, "sysvinit's")
    version, banner, out, kids = install_ours(m, 1, "our package again")
    return (f"apt install ./{m.st['debs'][1][0].rsplit('/', 1)[-1]}: PID 1 is ours again; console: {banner!r}; "
            f"the same PIDs: {pids_text(kids)}")


def reboot_ours(m):
    m.st["reboot_typed"] = time.time()
    m.con.send("shutdown -r now\n")
    m.con.expect(RESTART, 120, "the kernel's restart message after shutdown -r now")
    m.con.expect(r"INIT: version [0-9.]+ booting", BOOT_TIMEOUT, "our init's banner, second boot")
    expect_login_prompt(m, "second boot", "login2")
    login(m, "second boot")
    out, _ = m.run('echo "version=$(/sbin/init --version 2>&1 | head -n1)"' + REEXEC +
                   '; echo "runlevel=$(runlevel)"')
    if field(out, "newinit") != "yes" or OURS_RX not in (field(out, "version") or ""):
        raise Wrong(f"PID 1 after the reboot is not our /sbin/init:\n  {show(out)}")
    return f"our shutdown rebooted; PID 1 {field(out, 'version')}; runlevel {field(out, 'runlevel')}"


def last_x_right(m):
    out, rc = m.run("last -x --time-format iso")
    lines = out.splitlines()
    boots = [i for i, l in enumerate(lines) if re.match(r"reboot\s+system boot\s", l)]
    downs = [i for i, l in enumerate(lines) if re.match(r"shutdown\s+system down\s", l)]
    to6 = [i for i, l in enumerate(lines) if re.match(r"runlevel\s+\(to lvl 6\)", l)]
    sessions = [l for l in lines if re.match(r"root\s+ttyS0\s", l)]
    problems = []
    # Newest first: this boot, the shutdown, runlevel 6, the first boot.
    if len(boots) != 2:
        problems.append(f"{len(boots)} boot records, want 2")
    elif not downs or not boots[0] < downs[0] < boots[1]:
        problems.append("no 'shutdown system down' between the two boots")
    elif not to6 or not downs[0] < to6[0] < boots[1]:
        problems.append("no 'runlevel (to lvl 6)' before the shutdown")
    if len(sessions) < 2 or "still logged in" not in sessions[0]:
        problems.append("the current login on ttyS0 is not 'still logged in'")
    elif any(re.search(r"crash|gone|still logged in", s) for s in sessions[1:]):
        problems.append("a session of the first boot did not end (crash, gone or still logged in)")
    if rc != 0 or problems:
        raise Wrong("; ".join(problems) + f":\n  {show(out)}")
    return (f"last -x: 2 boots, the shutdown and runlevel 6 between them; {len(sessions)} root "
            "sessions on ttyS0, the older ones ended")


def poweroff_cmd(m):
    typed, off = power_off_by(m, "poweroff")
    return f"powered off {off - typed:.1f} s after poweroff"


STEPS = [
    ("boot with sysvinit (stock root, no make install) to the login prompt", sv_boot),
    ("root logs in; PID 1 is sysvinit's; init and sysvinit-core installed", stock_login),
    ("apt install ./<our .deb>: ours is PID 1, every process kept", to_ours),
    ("apt install ./<a newer build>: re-exec, every process kept", upgrade_ours),
    ("apt dist-upgrade and apt autoremove: ours stays, nothing removed", upgrade_autoremove),
    ("/sbin/init needs a missing library: telinit u exits 3 and says why, PID 1 goes on; "
     "the good one back: telinit u re-execs", broken_init),
    ("apt install sysvinit-core: sysvinit is PID 1, every process kept", back_to_sysvinit),
    ("apt install ./<our .deb> again: ours is PID 1, every process kept", ours_again),
    ("shutdown -r now: ours boots again, root logs in", reboot_ours),
    ("second boot: last -x shows both boots and the shutdown between them", last_x_right),
    ("poweroff ends it", poweroff_cmd),
]
