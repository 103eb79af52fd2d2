# Must fail: waits for the child but returns nothing.
# Expected first failing check: returns the child's exit code
# Expected message contains: returned None; expected 0
from multiprocessing import Process


def run_in_child(target, args):
    child = Process(target=target, args=args)
    child.start()
    child.join()
