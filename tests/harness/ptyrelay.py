# The console of tests/harness/lib.sh's h_pty_console: a pseudo-terminal
# whose master side this process holds, logging whatever init and its
# children write to the terminal, typing nothing.
#
#   python3 ptyrelay.py NAMEFILE LOG
#
# writes the terminal's path into NAMEFILE (atomically, once it is open)
# and appends what arrives to LOG until the terminal is gone.
import os, pty, sys
master, slave = pty.openpty()
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(os.ttyname(slave))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
log = open(sys.argv[2], "ab", buffering=0)
while True:
    try:
        data = os.read(master, 4096)
    except OSError:
        break
    if not data:
        break
    log.write(data)
