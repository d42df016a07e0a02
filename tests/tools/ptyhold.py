# A logged-in user's terminal for the shutdown tests, run inside the
# sandbox so that the terminal is one of its /dev/pts:
#
#   python3 ptyhold.py NAMEFILE LOG     log what the terminal shows to LOG
#   python3 ptyhold.py NAMEFILE stuck   a terminal that never reads: its
#                                       output queue is filled first, so
#                                       a writer that waits would hang
#
# The terminal is raw (no CR added to LF), so LOG holds the bytes as sent.
# NAMEFILE gets the terminal's path (atomically) once it is ready.
import errno, fcntl, os, pty, sys, time, tty
sys.dont_write_bytecode = True  # no __pycache__ where it is run
import ptylib  # tests/harness/ptylib.py, copied beside this file
master, slave = pty.openpty()
tty.setraw(slave)
if sys.argv[2] == "stuck":
    fl = fcntl.fcntl(slave, fcntl.F_GETFL)
    fcntl.fcntl(slave, fcntl.F_SETFL, fl | os.O_NONBLOCK)
    try:
        while True:
            os.write(slave, b"x" * 4096)
    except OSError as e:
        if e.errno != errno.EAGAIN:
            raise
    fcntl.fcntl(slave, fcntl.F_SETFL, fl)
ptylib.publish(sys.argv[1], slave)
if sys.argv[2] == "stuck":
    while True:
        time.sleep(3600)
ptylib.relay(master, sys.argv[2])
