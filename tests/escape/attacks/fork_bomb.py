# attack: fork bomb: every process forks in a loop for a second, then all of them sleep
# expect-note: Process limit
# expect-passed: no
import os
import time


def run_in_child(target, args):
    me = os.getpid()
    start = time.monotonic()
    failures = 0
    while time.monotonic() - start < 1.0:
        try:
            os.fork()
        except OSError:
            failures += 1
            time.sleep(0.01)
    if os.getpid() != me:
        time.sleep(30)
        os._exit(0)
    print("fork failures in the caller:", failures)
    return 0
