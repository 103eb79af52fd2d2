# Must fail (subtler): the whole loop runs in one child, one call after the other.
# Expected first failing check: runs calls at the same time
# Expected message contains: never two at once
from multiprocessing import Process, Queue


def run_all(fn, items, results):
    results.put([fn(item) for item in items])


def parallel_map(fn, items, workers):
    results = Queue()
    child = Process(target=run_all, args=(fn, items, results))
    child.start()
    values = results.get()
    child.join()
    return values
