# attack: read the host's canary file, its directory, and through /proc/*/root
# expect-passed: yes
import glob
import os
from multiprocessing import Process

CANARY = "{CANARY_FILE}"


def run_in_child(target, args):
    paths = [CANARY, "/proc/1/root" + CANARY, "/proc/self/root" + CANARY]
    paths += glob.glob("/proc/[0-9]*/root" + CANARY)
    for path in paths:
        try:
            with open(path) as f:
                print(path, f.read())
        except OSError as exc:
            print(path, type(exc).__name__)
    try:
        print(os.listdir(os.path.dirname(CANARY)))
    except OSError as exc:
        print("canary dir", type(exc).__name__)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
