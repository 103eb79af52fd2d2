# Must fail: joins without a timeout, so it waits as long as the target runs.
# Expected first failing check: returns False within about a second after the deadline
# Expected message contains: blocked in Process.join()
from multiprocessing import Process


def run_with_deadline(target, seconds):
    child = Process(target=target)
    child.start()
    child.join()
    return True
