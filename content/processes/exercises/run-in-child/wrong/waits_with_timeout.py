# Must fail (subtler): join(timeout) gives up on a slow child and returns early.
# Expected first failing check: waits for the child to end
# Expected message contains: was still running
from multiprocessing import Process


def run_in_child(target, args):
    child = Process(target=target, args=args)
    child.start()
    child.join(timeout=0.2)
    return child.exitcode if child.exitcode is not None else 0
