import os
import signal
import time
from multiprocessing import Process


def run_with_deadline(target, seconds):
    child = Process(target=target)
    child.start()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not child.is_alive():
            child.join()
            return True
        time.sleep(0.02)
    if not child.is_alive():
        child.join()
        return True
    os.kill(child.pid, signal.SIGTERM)
    child.join(0.2)
    if child.is_alive():
        os.kill(child.pid, signal.SIGKILL)
    child.join()
    return False
