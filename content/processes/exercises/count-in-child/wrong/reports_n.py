# Must fail (subtler): the child reports n without counting.
# Expected first failing check: counts in a child process
# Expected message contains: not just report a number
from multiprocessing import Process, Queue


def report(n, results):
    results.put(n)


def count_in_child(n):
    results = Queue()
    child = Process(target=report, args=(n, results))
    child.start()
    total = results.get()
    child.join()
    return total
