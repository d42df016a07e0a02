# The console of tests/harness/lib.sh's h_pty_console: a pseudo-terminal
# whose master side this process holds, logging whatever init and its
# children write to the terminal, typing nothing.
#
#   python3 ptyrelay.py NAMEFILE LOG
#
# writes the terminal's path into NAMEFILE (atomically, once it is open)
# and appends what arrives to LOG until the terminal is gone.
import pty, sys
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import ptylib
master, slave = pty.openpty()
ptylib.publish(sys.argv[1], slave)
ptylib.relay(master, sys.argv[2])
