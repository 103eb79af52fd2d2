# Must fail (scheduling): `counter.value += 1` without the lock: a read, then a
# write; two workers read the same value and one increment is lost.
# Expected first failing check: returns workers * increments
# Expected message contains: Hold the counter's lock around the whole
from multiprocessing import Process, Value


def work(counter, increments):
    for _ in range(increments):
        counter.value += 1


def count_together(workers, increments):
    counter = Value("q", 0)
    processes = [Process(target=work, args=(counter, increments)) for _ in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return counter.value
