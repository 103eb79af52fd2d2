# Must fail: every non-zero exit code is taken for an error, kills included.
# Expected first failing check: tells an error exit from a kill by a signal
# Expected message contains: returned 'error'; expected 'killed'
from multiprocessing import Process


def classify_exit(target):
    child = Process(target=target)
    child.start()
    child.join()
    return "normal" if child.exitcode == 0 else "error"
