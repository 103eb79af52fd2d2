# Must fail: one process per item, all started at once (more than `workers` alive).
# Expected first failing check: never more than `workers` worker processes alive at once
# Expected message contains: had 6 worker processes alive at once; at most 3 are allowed
from multiprocessing import Process, Queue


def run_one(fn, index, item, results):
    results.put((index, fn(item)))


def parallel_map(fn, items, workers):
    results = Queue()
    processes = [
        Process(target=run_one, args=(fn, i, item, results)) for i, item in enumerate(items)
    ]
    for process in processes:
        process.start()
    collected = dict(results.get() for _ in items)
    for process in processes:
        process.join()
    return [collected[i] for i in range(len(items))]
