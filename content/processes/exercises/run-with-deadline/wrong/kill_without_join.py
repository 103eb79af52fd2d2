# Must fail: kills the child but returns before it is really gone (never reaped).
# Expected first failing check: reaps the child before returning
# Expected message contains: join() it before returning
from multiprocessing import Process


def run_with_deadline(target, seconds):
    child = Process(target=target)
    child.start()
    child.join(seconds)
    if child.exitcode is not None:
        return True
    child.kill()
    return False
