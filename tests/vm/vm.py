#!/usr/bin/env python3
"""Helpers of tests/vm/boot-vm.sh.

  vm.py cpio [--links-to TARGET] ROOT OUT.gz
      Pack the directory ROOT into a gzipped cpio (newc) initramfs, every
      file owned by root, plus the /dev/console node the kernel opens for
      PID 1.  Written here so that building the image needs no root.
      With --links-to, first make each path read from stdin (relative to
      ROOT) a symbolic link to TARGET unless something is there already:
      busybox's applets, without a fork per link.

  vm.py drive --log FILE --sbindir DIR [--timeout S] -- QEMU ARGS...
      Boot QEMU with its serial port on our stdin/stdout pipes and use the
      machine as a person at the serial console would: wait for getty's
      issue and prompt, log in, look around, change runlevel, kill the
      logged-in session's process and then getty at its prompt, power
      off.  Every wait has a deadline; on failure the serial log is
      printed.  The console itself is vmconsole.py's, which
      tests/distro/distro.py shares.
"""

import argparse
import gzip
import os
import re
import signal
import stat
import sys
import time

from vmconsole import Console, Fail, poll

# ---------------------------------------------------------------- cpio


def cpio_entry(name, mode, data=b"", rdev=(0, 0), ino=0):
    namez = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(namez), 0]
    head = b"070701" + b"".join(b"%08x" % f for f in fields)
    out = head + namez
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(data) % 4)
    return out


def make_cpio(root, out_path):
    entries = []
    ino = 1
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                data = os.readlink(path).encode()
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    data = f.read()
            elif stat.S_ISDIR(st.st_mode):
                data = b""
            else:
                raise SystemExit(f"vm.py cpio: {path}: not a file, directory or link")
            entries.append(cpio_entry(rel, st.st_mode, data, ino=ino))
            ino += 1
    entries.append(cpio_entry("dev/console", stat.S_IFCHR | 0o600, rdev=(5, 1), ino=ino))
    entries.append(cpio_entry("TRAILER!!!", 0))
    with gzip.GzipFile(out_path, "wb", compresslevel=6, mtime=0) as f:
        f.write(b"".join(entries))


def make_links(root, target, paths):
    for rel in paths:
        rel = rel.strip().lstrip("/")
        if not rel:
            continue
        path = os.path.join(root, rel)
        if os.path.lexists(path):
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        os.symlink(target, path)


# ---------------------------------------------------------------- serial


def step(con, what):
    print(f"boot-vm: {con.elapsed():6.1f} s  {what}", flush=True)


def login(con, password, issue=True):
    if issue:
        con.expect(r"initsuite test VM", 30, "getty's issue text")
        con.expect(r"on ttyS0", 5, "the line name (\\l) in the issue text")
        con.expect(r"initsuite-vm login: ", 10, "getty's login prompt")
    con.send("root\n")
    con.expect(r"Password: ", 10, "login's password prompt")
    # busybox login prints the prompt before it turns echo off: a typist
    # as quick as this script would see the password echoed.
    time.sleep(0.3)
    con.send(password + "\n")
    con.expect(r"initsuite-vm# ", 15, "the shell prompt after logging in")


def getty_entry(con):
    """The PID and restart count of the S0 entry, from telinit status."""
    out, rc = con.run("telinit status")
    m = re.search(r"(?m)^S0\s+23\s+respawn\s+running\s+(\d+)\s+(\d+)\s", out)
    if rc != 0 or not m:
        raise Fail(f"telinit status (status {rc}) shows no running S0 getty:\n{out}")
    return m.group(1), int(m.group(2))


def scenario(con, sbindir):
    con.expect(r"rc\.vm: sysinit mounted /proc /sys /dev", 60, "the sysinit entry's message")
    step(con, "kernel booted, init ran the sysinit entry")
    con.expect(r"rc\.vm: bootwait done", 15, "the bootwait entry's message")
    con.expect(r"rc\.vm: runlevel 3 \(from N\)", 15, "the rc entry of runlevel 3")
    step(con, "bootwait and runlevel 3 rc entries ran")

    login(con, "initsuite")
    step(con, "logged in as root through our getty and busybox login")

    out, rc = con.run(f"readlink /proc/1/exe; cmp /proc/1/exe {sbindir}/init && echo same-binary; "
                      "ps -o pid,args")
    lines = out.splitlines()
    if rc != 0 or not lines or lines[0] != f"{sbindir}/init" or "same-binary" not in lines:
        raise Fail(f"PID 1 is not our {sbindir}/init:\n{out}")
    pid1 = [l for l in lines if re.match(r"\s*1\s", l)]
    if not pid1 or "init" not in pid1[0]:
        raise Fail(f"ps shows no init as PID 1:\n{out}")
    if not re.search(r"sleep 3333", out):
        raise Fail(f"the runlevel 3 entry (sleep 3333) is not running:\n{out}")
    step(con, f"ps: PID 1 is our init ({pid1[0].strip()}); runlevel 3's sleeper runs")

    out, rc = con.run("runlevel")
    if rc != 0 or out.strip() != "N 3":
        raise Fail(f"runlevel printed {out!r} (status {rc}), want 'N 3'")
    out, rc = con.run("who -r")
    if rc != 0 or not re.search(r"run-level 3\b", out):
        raise Fail(f"who -r printed {out!r} (status {rc}), want run-level 3")
    step(con, f"runlevel: N 3; who -r: {out.strip()}")

    out, rc = con.run("telinit 2")
    if rc != 0:
        raise Fail(f"telinit 2 failed (status {rc}):\n{out}")
    con.expect(r"rc\.vm: runlevel 2 \(from 3\)", 20, "the rc entry of runlevel 2")
    poll(con, "runlevel; who -r; ps -o pid,args",
         lambda o: re.search(r"(?m)^3 2$", o) and re.search(r"run-level 2\b.*last=3", o)
         and "sleep 3333" not in o,
         20, "runlevel 3 2, who -r run-level 2 and the sleeper gone")
    step(con, "telinit 2: runlevel 3 2, who -r run-level 2, runlevel 3's sleeper stopped")

    old_pid, old_restarts = getty_entry(con)
    # The process init started for S0 is getty, now exec'd into login
    # (busybox login then forks the shell): kill it as an admin would.
    out, _ = con.run(f"echo $PPID $$; cat /proc/{old_pid}/comm")
    if old_pid not in out.split()[:2]:
        raise Fail(f"S0's process {old_pid} is neither this shell nor its parent: {out!r}")
    old_comm = out.split()[-1]
    con.send(f"kill -KILL {old_pid}\n")
    con.expect(r"initsuite test VM", 20, "a new getty's issue text after killing getty")
    con.expect(r"initsuite-vm login: ", 10, "a new getty's login prompt")
    step(con, f"killed the S0 entry's process ({old_pid}, getty exec'd into {old_comm}); "
         "init respawned getty")
    login(con, "initsuite", issue=False)
    new_pid, new_restarts = getty_entry(con)
    if new_pid == old_pid or new_restarts != old_restarts + 1:
        raise Fail(f"S0 was PID {old_pid} restarted {old_restarts} times, "
                   f"now PID {new_pid} restarted {new_restarts} times")
    step(con, f"logged in again through the new getty (S0 PID {new_pid}, restarts {new_restarts})")

    # Now getty itself, waiting at its prompt: a helper in the image kills
    # the getty init starts after this logout once it sits in poll(2).
    out, rc = con.run(f"(setsid kill-getty {new_pid} </dev/null >/dev/null 2>&1 &)")
    if rc != 0:
        raise Fail(f"cannot start kill-getty (status {rc}):\n{out}")
    con.send("exit\n")
    con.expect(r"initsuite test VM", 20, "a new getty's issue text after logging out")
    con.expect(r"initsuite-vm login: ", 10, "a new getty's login prompt after logging out")
    # As sysvinit's, init's console says nothing of a respawn entry's
    # exit (its report goes to syslog, which this VM has not): the next
    # getty's prompt tells, and telinit status names the signal.
    con.expect(r"initsuite test VM", 40, "a new getty's issue text after killing getty")
    con.expect(r"initsuite-vm login: ", 10, "a new getty's login prompt after killing getty")
    login(con, "initsuite", issue=False)
    out, rc = con.run("cat /run/kill-getty.done")
    if rc != 0 or len(out.split()) != 2 or out.split()[1] != "getty":
        raise Fail(f"kill-getty says {out!r} (status {rc})")
    killed = out.split()[0]
    status, _ = con.run("telinit status")
    if not re.search(r"(?m)^S0\s.*\ssignal 9\s*$", status):
        raise Fail(f"telinit status does not say S0's last process died of signal 9:\n{status}")
    step(con, f"logged out; killed getty ({killed}) at its login prompt; init respawned getty")
    last_pid, last_restarts = getty_entry(con)
    if last_pid in (new_pid, killed) or last_restarts != new_restarts + 2:
        raise Fail(f"S0 was PID {new_pid} restarted {new_restarts} times, getty {killed} was "
                   f"killed, now PID {last_pid} restarted {last_restarts} times")
    step(con, f"logged in through the third getty (S0 PID {last_pid}, restarts {last_restarts})")

    con.send("telinit 0\n")
    con.expect(r"rc\.vm: runlevel 0 \(from 2\): powering off", 20, "the rc entry of runlevel 0")
    con.expect(r"reboot: Power down", 20, "the kernel's power-down message")
    status = con.wait_exit(20)
    if status != 0:
        raise Fail(f"qemu exited with status {status} after power-off")
    # -no-reboot turns a panic's reboot into an exit: make sure there was none.
    for bad in ("Kernel panic", "Attempted to kill init"):
        if bad in con.text:
            raise Fail(f"the kernel said {bad!r} on the way")
    step(con, "telinit 0: rc 0 ran poweroff, the machine powered off, qemu exited 0")


def interrupted(signum, _frame):
    raise Fail(f"interrupted by signal {signum}")


def drive(args):
    deadline = time.monotonic() + args.timeout
    con = Console(args.qemu, args.log, deadline)
    # Never leave qemu behind: make's Ctrl-C or a CI timeout kills it too.
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, interrupted)
    step(con, "qemu started: " + " ".join(args.qemu))
    try:
        scenario(con, args.sbindir)
    except Fail as e:
        con.kill()
        with open(args.log, encoding="utf-8", errors="replace") as f:
            log = f.read()
        print(f"---- serial log ({args.log}) ----\n{log}\n---- end of serial log ----")
        print(f"boot-vm: FAIL after {con.elapsed():.1f} s: {e}", flush=True)
        return 1
    con.kill()
    print(f"boot-vm: PASS in {con.elapsed():.1f} s (serial log: {args.log})", flush=True)
    return 0


def main():
    p = argparse.ArgumentParser(prog="vm.py")
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("cpio")
    c.add_argument("--links-to")
    c.add_argument("root")
    c.add_argument("out")
    d = sub.add_parser("drive")
    d.add_argument("--log", required=True)
    d.add_argument("--sbindir", required=True)
    d.add_argument("--timeout", type=float, default=110)
    d.add_argument("qemu", nargs=argparse.REMAINDER)
    args = p.parse_args()
    if args.cmd == "cpio":
        if args.links_to:
            make_links(args.root, args.links_to, sys.stdin)
        make_cpio(args.root, args.out)
        return 0
    if args.qemu and args.qemu[0] == "--":
        args.qemu = args.qemu[1:]
    return drive(args)


if __name__ == "__main__":
    sys.exit(main())
