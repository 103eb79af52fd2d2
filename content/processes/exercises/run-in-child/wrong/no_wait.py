# Must fail: returns before the child has ended.
# Expected first failing check: waits for the child to end
# Expected message contains: was still running
from multiprocessing import Process


def run_in_child(target, args):
    child = Process(target=target, args=args)
    child.start()
    return 0
