# Must fail: returns the first result but leaves the slower processes running.
# Expected first failing check: ends and reaps the other processes before returning
# Expected message contains: was still running: end the slower processes
from multiprocessing import Process, Queue


def run(fn, results):
    results.put(fn())


def first_done(fns):
    results = Queue()
    for fn in fns:
        Process(target=run, args=(fn, results), daemon=True).start()
    return results.get()
