# Must fail (subtler): treats a child that exited with an error as one that ran out
# of time.
# Expected first failing check: returns True when the child ends in time, whatever its exit status
# Expected message contains: whatever its exit status
from multiprocessing import Process


def run_with_deadline(target, seconds):
    child = Process(target=target)
    child.start()
    child.join(seconds)
    if child.exitcode == 0:
        return True
    child.kill()
    child.join()
    return False
