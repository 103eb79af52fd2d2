# Must fail (subtler): the tree is right and everyone waits, but each process
# reports the caller as its parent instead of asking the kernel (os.getppid()).
# Expected first failing check: returns the tree the kernel saw
# Expected message contains: the kernel saw
import os
from multiprocessing import Process, Queue


def grow(depth, fanout, reports, root):
    reports.put((os.getpid(), root))
    children = [Process(target=grow, args=(depth - 1, fanout, reports, root)) for _ in range(fanout)]
    if depth > 1:
        for child in children:
            child.start()
        for child in children:
            child.join()


def build_tree(depth, fanout):
    reports = Queue()
    root = os.getpid()
    children = [Process(target=grow, args=(depth, fanout, reports, root)) for _ in range(fanout if depth else 0)]
    for child in children:
        child.start()
    total = sum(fanout**level for level in range(1, depth + 1))
    tree = dict(reports.get() for _ in range(total))
    for child in children:
        child.join()
    return tree
