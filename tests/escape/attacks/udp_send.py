# attack: UDP datagrams to the host's port on 127.0.0.1, to the broadcast address and outside
import socket
from multiprocessing import Process

PORT = int("{LISTENER_PORT}")
ADDRESSES = [("127.0.0.1", PORT), ("255.255.255.255", PORT), ("1.1.1.1", 53)]


def run_in_child(target, args):
    for address in ADDRESSES:
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
                s.sendto(b"datagram from the sandbox", address)
                print("sent to", address)
        except OSError as exc:
            print("udp", address, type(exc).__name__, exc)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
