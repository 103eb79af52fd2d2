# attack: CPU spin in two more processes at once, the caller waiting for them (at most 2.7 s)
# expect-note: CPU time limit
import os
import time
from multiprocessing import Process


def spin():
    n = 0
    while True:
        n += 1


def run_in_child(target, args):
    if not os.path.exists("/tmp/.spun"):
        open("/tmp/.spun", "w").close()
        spinners = [Process(target=spin) for _ in range(2)]
        for p in spinners:
            p.start()
        deadline = time.monotonic() + 2.7
        for p in spinners:
            p.join(max(0.0, deadline - time.monotonic()))
        print("spinners:", [p.exitcode for p in spinners])
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
