# attack: memory bomb split across five children, each under the per-process limit
# expect-note: Memory limit
import os
import time
from multiprocessing import Process


def hog():
    block = b"x" * (200 * 2**20)
    time.sleep(1.0)
    os._exit(len(block) % 7)


def run_in_child(target, args):
    if os.path.exists("/tmp/.hogged"):
        return plain(target, args)
    open("/tmp/.hogged", "w").close()
    hogs = [Process(target=hog) for _ in range(5)]
    for p in hogs:
        p.start()
    for p in hogs:
        p.join()
    print("hogs ended with", [p.exitcode for p in hogs])
    return plain(target, args)


def plain(target, args):
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
