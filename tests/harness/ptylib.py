# What the tests' pseudo-terminal holders share (tests/harness/ptyrelay.py,
# the console; tests/tools/ptyhold.py, a user's terminal): telling the
# shell test which terminal was opened, and logging what is written to it.
# Each holder imports it from its own folder, so whoever copies a holder
# elsewhere (tests/harness/downlib.sh) copies this file beside it.
import os


def publish(namefile, slave):
    """Write the terminal's path into NAMEFILE atomically: the shell test
    waits for the file to be non-empty and then reads the whole path."""
    with open(namefile + ".tmp", "w") as f:
        f.write(os.ttyname(slave))
    os.rename(namefile + ".tmp", namefile)


def relay(master, logpath):
    """Append what arrives on MASTER to LOGPATH, unbuffered, until the
    terminal is gone."""
    log = open(logpath, "ab", buffering=0)
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        log.write(data)
