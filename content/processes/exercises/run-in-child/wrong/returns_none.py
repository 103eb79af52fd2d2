# Must fail: waits for the child but returns nothing.
# Expected first failing check: returns the child's exit code
from multiprocessing import Process


def run_in_child(target, args):
    child = Process(target=target, args=args)
    child.start()
    child.join()
