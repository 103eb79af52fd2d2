# Must fail: never returns (waits on a child that never ends).
# Expected first failing check: runs the target in a new process
# Expected message contains: did not return within 3 s
import time
from multiprocessing import Process


def run_in_child(target, args):
    child = Process(target=time.sleep, args=(3600,))
    child.start()
    child.join()
    return child.exitcode
