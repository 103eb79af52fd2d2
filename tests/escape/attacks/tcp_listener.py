# attack: TCP connection to the host's listener on 127.0.0.1 (and by the name localhost)
import socket
from multiprocessing import Process

PORT = int("{LISTENER_PORT}")


def probe():
    for host in ("127.0.0.1", "localhost", "::1", "0.0.0.0"):
        try:
            with socket.create_connection((host, PORT), timeout=1) as s:
                s.sendall(b"hello from the sandbox\n")
                print("connected to", host, PORT)
        except OSError as exc:
            print("tcp", host, type(exc).__name__, exc)


def run_in_child(target, args):
    probe()
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
