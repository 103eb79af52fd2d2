# attack: connect to the host's abstract unix sockets (the known name, and all in /proc/net/unix)
import socket
from multiprocessing import Process


def names():
    found = ["{ABSTRACT_SOCKET}", "/org/freedesktop/systemd1/notify"]
    try:
        with open("/proc/net/unix") as f:
            for line in f.read().splitlines()[1:]:
                path = line.split()[-1] if len(line.split()) > 7 else ""
                if path.startswith("@"):
                    found.append(path[1:])
    except OSError as exc:
        print("/proc/net/unix", exc)
    return found


def run_in_child(target, args):
    for name in names()[:50]:
        for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_SEQPACKET):
            try:
                with socket.socket(socket.AF_UNIX, kind) as s:
                    s.settimeout(1)
                    s.connect("\0" + name)
                    s.send(b"hello")
                    print("connected to @" + name, kind)
            except OSError as exc:
                print("@" + name, kind, type(exc).__name__)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
