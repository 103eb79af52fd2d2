# Must fail: only sends SIGTERM; a child that ignores it lives on.
# Expected first failing check: ends the child, even one that ignores SIGTERM
# Expected message contains: kill() it
from multiprocessing import Process


def run_with_deadline(target, seconds):
    child = Process(target=target)
    child.start()
    child.join(seconds)
    if child.exitcode is not None:
        return True
    child.terminate()
    child.join(0.5)
    return False
