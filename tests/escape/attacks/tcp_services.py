# attack: TCP to the host's Redis (6379), PostgreSQL (5432) and other local services
import socket
from multiprocessing import Process

PROBES = {
    6379: b"PING\r\nINFO\r\n",
    5432: b"\x00\x00\x00\x08\x04\xd2\x16\x2f",
    3306: b"",
    5672: b"",
}


def run_in_child(target, args):
    for port, hello in PROBES.items():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(hello)
                print("port", port, "answered", s.recv(200))
        except OSError as exc:
            print("port", port, type(exc).__name__, exc)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
