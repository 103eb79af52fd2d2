# attack: DNS lookups (getaddrinfo through the resolver, and a raw query to 1.1.1.1)
import signal
import socket
from multiprocessing import Process


def timeout(*_):
    raise TimeoutError("lookup took too long")


def run_in_child(target, args):
    signal.signal(signal.SIGALRM, timeout)
    for name in ("example.com", "pypi.org", "localhost"):
        signal.alarm(2)
        try:
            print(name, socket.getaddrinfo(name, 80)[:2])
        except (OSError, TimeoutError) as exc:
            print(name, type(exc).__name__, exc)
        finally:
            signal.alarm(0)
    query = (
        b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x07example\x03com\x00\x00\x01\x00\x01"
    )
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(1)
            s.sendto(query, ("1.1.1.1", 53))
            print("raw DNS answer", s.recv(512))
    except OSError as exc:
        print("raw DNS", type(exc).__name__, exc)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
