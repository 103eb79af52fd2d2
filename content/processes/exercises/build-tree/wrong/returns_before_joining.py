# Must fail (subtler): the tree is right and every process below waits for its
# children, but the caller returns as soon as it has every report, without
# joining its own children.
# Expected first failing check: every parent waits for its children
# Expected message contains: returned while
import os
from multiprocessing import Process, Queue


def grow(depth, fanout, reports):
    reports.put((os.getpid(), os.getppid()))
    children = [Process(target=grow, args=(depth - 1, fanout, reports)) for _ in range(fanout)]
    if depth > 1:
        for child in children:
            child.start()
        for child in children:
            child.join()


def build_tree(depth, fanout):
    reports = Queue()
    for _ in range(fanout if depth else 0):
        Process(target=grow, args=(depth, fanout, reports)).start()
    total = sum(fanout**level for level in range(1, depth + 1))
    return dict(reports.get() for _ in range(total))
