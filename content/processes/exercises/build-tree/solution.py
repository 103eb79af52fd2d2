import os
from multiprocessing import Process, Queue


def start_level(depth, fanout, reports):
    """Start my `fanout` children, each growing the tree below it; [] at the bottom."""
    if depth == 0:
        return []
    children = [Process(target=grow, args=(depth, fanout, reports)) for _ in range(fanout)]
    for child in children:
        child.start()
    return children


def grow(depth, fanout, reports):
    reports.put((os.getpid(), os.getppid()))
    for child in start_level(depth - 1, fanout, reports):
        child.join()  # a parent waits for its own children


def build_tree(depth, fanout):
    reports = Queue()
    children = start_level(depth, fanout, reports)
    total = sum(fanout**level for level in range(1, depth + 1))
    # Read every report before joining: a process that put into a queue ends
    # only once its data has gone into the pipe.
    tree = dict(reports.get() for _ in range(total))
    for child in children:
        child.join()
    return tree
