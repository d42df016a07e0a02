# The sandbox's syslog: a datagram socket at SOCKET (the sysroot's
# /dev/log) whose messages are appended, one a line, to LOG.  What init
# sends to syslog alone (as sysvinit does) is read back from there.
#
#   python3 syslog.py SOCKET LOG
import os
import socket
import sys

path, log = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
os.chmod(path, 0o666)
with open(log, "ab", buffering=0) as out:
    while True:
        msg = s.recv(4096)
        out.write(msg.rstrip(b"\n") + b"\n")
