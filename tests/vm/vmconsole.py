"""A qemu machine's serial console, worked as a person at it would.

Shared by tests/vm/vm.py (make check-vm) and tests/distro/distro.py
(make check-distro): qemu runs with its serial port on our stdin/stdout
pipes; expect() waits for what the machine prints, send() types, run()
types a shell command and returns its output and exit status.  Every
wait has a deadline.
"""

import os
import re
import select
import signal
import subprocess
import time

# Terminal control sequences a shell prints around its prompt (bash's
# bracketed-paste switch, colours): never part of a command's output.
CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Fail(Exception):
    pass


class Console:
    """The serial line: what the machine printed, and our keyboard."""

    def __init__(self, argv, log_path, deadline, name="vm.py", fatal=None):
        """Start qemu (argv).  `deadline` is a monotonic time no wait goes
        past; `name` marks what we typed in the log; `fatal`, a regular
        expression, ends any wait as soon as the machine prints it (a
        kernel panic, say)."""
        self.deadline = deadline
        self.name = name
        self.fatal = re.compile(fatal) if fatal else None
        self.start = time.monotonic()
        self.log_path = log_path
        self.log = open(log_path, "w", encoding="utf-8", errors="replace")
        self.text = ""  # everything read, \r removed
        self.pos = 0  # where the next expect starts looking
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True)
        os.set_blocking(self.proc.stdout.fileno(), False)

    def elapsed(self):
        return time.monotonic() - self.start

    def _read(self, until):
        """Read what arrives before the monotonic time `until`; False at EOF."""
        wait = max(0.0, until - time.monotonic())
        ready, _, _ = select.select([self.proc.stdout], [], [], wait)
        if not ready:
            return True
        chunk = self.proc.stdout.read()
        if not chunk:
            return False
        s = chunk.decode("utf-8", errors="replace").replace("\r", "")
        self.log.write(s)
        self.log.flush()
        self.text += s
        return True

    def _check_fatal(self, what):
        if self.fatal:
            m = self.fatal.search(self.text, max(0, self.pos - 200))
            if m:
                raise Fail(f"waiting for {what}: the machine printed {m.group(0)!r}")

    def expect(self, pattern, timeout, what):
        """Wait up to `timeout` seconds for `pattern` after the last match."""
        until = min(time.monotonic() + timeout, self.deadline)
        rx = re.compile(pattern)
        while True:
            m = rx.search(self.text, self.pos)
            if m:
                self.pos = m.end()
                return m
            self._check_fatal(what)
            if time.monotonic() >= until:
                if until == self.deadline:
                    raise Fail(f"waiting for {what}: the test's overall deadline passed")
                raise Fail(f"waiting for {what}: nothing within {timeout:g} s")
            if not self._read(until):
                raise Fail(f"qemu exited (status {self.proc.wait()}) while waiting for {what}")

    def send(self, s):
        self.log.write(f"\n[{self.name} types: {s!r}]\n")
        self.proc.stdin.write(s.encode())
        self.proc.stdin.flush()

    def run(self, command, timeout=15):
        """Type a shell command; return its output and exit status.  The
        markers are quoted so that the terminal's echo of the typed line
        never matches them."""
        self.send(f'echo "@@""BEGIN"; {command}; echo "@@""END $?"\n')
        self.expect(r"(?m)^(?:\x1b\[[0-9;?]*[A-Za-z])*@@BEGIN\n", timeout,
                    f"start of output of `{command}`")
        begin = self.pos
        m = self.expect(r"(?m)^@@END (\d+)\n", timeout, f"end of output of `{command}`")
        return CSI.sub("", self.text[begin:m.start()]), int(m.group(1))

    def wait_exit(self, timeout, after="telinit 0"):
        """Wait for qemu to exit (the machine powered off); its status."""
        until = min(time.monotonic() + timeout, self.deadline)
        while self._read(until):
            if time.monotonic() >= until:
                raise Fail(f"qemu still running {timeout:g} s after {after}")
        try:
            return self.proc.wait(timeout=max(0.1, until - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise Fail("qemu closed the serial line but did not exit")

    def kill(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.close()


def poll(con, command, good, timeout, what):
    """Run `command` until good(output) holds, for at most `timeout` s."""
    until = time.monotonic() + timeout
    while True:
        out, _ = con.run(command)
        if good(out):
            return out
        if time.monotonic() >= until:
            raise Fail(f"{what} not seen within {timeout:g} s; last output:\n{out}")
        time.sleep(0.5)
