# Must fail: each worker counts with the lock, but they run one after the other.
# Expected first failing check: runs `workers` processes at the same time
# Expected message contains: all alive together
from multiprocessing import Process, Value


def work(counter, increments):
    for _ in range(increments):
        with counter.get_lock():
            counter.value += 1


def count_together(workers, increments):
    counter = Value("q", 0)
    for _ in range(workers):
        process = Process(target=work, args=(counter, increments))
        process.start()
        process.join()
    return counter.value
