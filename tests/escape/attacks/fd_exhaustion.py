# attack: open files until the descriptor table is full, then try to start the child
# expect-note: Too many open files
# expect-passed: no
import os
from multiprocessing import Process


def run_in_child(target, args):
    held = []
    try:
        while len(held) < 100_000:
            held.append(os.open("/dev/null", os.O_RDONLY))
    except OSError as exc:
        print("descriptors held:", len(held), exc)
    try:
        os.dup2(0, 10**6)
    except OSError as exc:
        print("dup2 to a high fd:", exc)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
