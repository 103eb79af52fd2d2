# Must fail: joins every process before reading the first result: waits for the slowest.
# Expected first failing check: returns as soon as the first result arrives
# Expected message contains: without waiting for the slower ones
from multiprocessing import Process, Queue


def run(fn, results):
    results.put(fn())


def first_done(fns):
    results = Queue()
    processes = [Process(target=run, args=(fn, results)) for fn in fns]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return results.get()
