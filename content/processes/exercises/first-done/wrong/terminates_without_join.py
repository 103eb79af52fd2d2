# Must fail (subtler): terminates the others but never joins: zombies are left.
# Expected first failing check: ends and reaps the other processes before returning
# Expected message contains: when first_done([tortoise, hare, snail]) returned, process
from multiprocessing import Process, Queue


def run(fn, results):
    results.put(fn())


def first_done(fns):
    results = Queue()
    processes = [Process(target=run, args=(fn, results)) for fn in fns]
    for process in processes:
        process.start()
    first = results.get()
    for process in processes:
        process.terminate()
    return first
