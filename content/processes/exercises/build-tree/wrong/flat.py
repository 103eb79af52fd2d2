# Must fail: the caller creates every process itself (a flat tree), reporting
# truthfully who created whom.
# Expected first failing check: every process has fanout children, depth levels deep
# Expected message contains: your own process (the caller) created
import os
from multiprocessing import Process, Queue


def report(reports):
    reports.put((os.getpid(), os.getppid()))


def build_tree(depth, fanout):
    total = sum(fanout**level for level in range(1, depth + 1))
    reports = Queue()
    children = [Process(target=report, args=(reports,)) for _ in range(total)]
    for child in children:
        child.start()
    tree = dict(reports.get() for _ in range(total))
    for child in children:
        child.join()
    return tree
