# Must fail (scheduling, subtler): a start gate and a lock, but the lock is taken
# only to read; the write happens outside it.
# Expected first failing check: returns workers * increments
# Expected message contains: Hold the counter's lock around the whole
from multiprocessing import Barrier, Lock, Process, Value


def work(counter, lock, increments, everyone):
    everyone.wait()
    for _ in range(increments):
        with lock:
            current = counter.value
        counter.value = current + 1


def count_together(workers, increments):
    counter = Value("q", 0, lock=False)
    lock = Lock()
    everyone = Barrier(workers)
    processes = [
        Process(target=work, args=(counter, lock, increments, everyone))
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return counter.value
