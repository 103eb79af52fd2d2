# Must fail (subtler): each worker counts in a local variable and adds its total
# to the shared counter once: the right number, but nobody adds 1 to it.
# Expected first failing check: each worker adds 1 to the shared counter itself
# Expected message contains: not add a local total once
from multiprocessing import Barrier, Process, Value


def work(counter, increments, everyone):
    everyone.wait()
    local = 0
    for _ in range(increments):
        local += 1
    with counter.get_lock():
        counter.value += local


def count_together(workers, increments):
    counter = Value("q", 0)
    everyone = Barrier(workers)
    processes = [
        Process(target=work, args=(counter, increments, everyone)) for _ in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return counter.value
