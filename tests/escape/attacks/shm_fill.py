# attack: fill /dev/shm with 4 MiB files until it is full
# expect-note: Disk limit
import os
from multiprocessing import Process


def run_in_child(target, args):
    written = 0
    try:
        for i in range(1000):
            with open(f"/dev/shm/fill-{os.getpid()}-{i}", "wb") as f:
                f.write(b"s" * (4 * 2**20))
            written += 4
    except OSError as exc:
        print("/dev/shm full after", written, "MiB:", exc)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
