# attack: probe fds 3..1024 for anything inherited from the host, and read what is readable
# expect-passed: yes
import os
from multiprocessing import Process


def run_in_child(target, args):
    for fd in range(3, 1025):
        try:
            os.fstat(fd)
        except OSError:
            continue
        try:
            where = os.readlink(f"/proc/self/fd/{fd}")
        except OSError as exc:
            where = f"? {exc}"
        flags = os.get_blocking(fd)
        data = b""
        try:
            os.set_blocking(fd, False)
            data = os.read(fd, 200)
        except OSError as exc:
            data = str(exc).encode()
        finally:
            os.set_blocking(fd, flags)
        print("fd", fd, where, data)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
