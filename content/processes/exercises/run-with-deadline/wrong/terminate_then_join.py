# Must fail (subtler): polls, but SIGTERM then a join without a timeout: it hangs
# on the child that ignores SIGTERM.
# Expected first failing check: ends the child, even one that ignores SIGTERM
# Expected message contains: blocked in Process.join()
import time
from multiprocessing import Process


def run_with_deadline(target, seconds):
    child = Process(target=target)
    child.start()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and child.is_alive():
        time.sleep(0.05)
    if not child.is_alive():
        child.join()
        return True
    child.terminate()
    child.join()
    return False
