# attack: TIOCSTI: push a command into the controlling terminal (stdin, stdout, /dev/tty)
# expect-note: forbidden operation (ioctl)
import fcntl
import os
import termios
from multiprocessing import Process


def run_in_child(target, args):
    fds = [0, 1, 2]
    try:
        fds.append(os.open("/dev/tty", os.O_RDWR))
    except OSError as exc:
        print("/dev/tty", exc)
    for fd in fds:
        try:
            for byte in b"id > /tmp/pwned\n":
                fcntl.ioctl(fd, termios.TIOCSTI, bytes([byte]))
            print("TIOCSTI on fd", fd, "worked")
        except OSError as exc:
            print("TIOCSTI on fd", fd, exc)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
