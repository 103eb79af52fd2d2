# Must fail: the workers are started and wait together, but the caller does all
# the counting.
# Expected first failing check: each worker adds 1 to the shared counter itself
# Expected message contains: not count in your own process
from multiprocessing import Event, Process, Value


def wait_for(done):
    done.wait()


def count_together(workers, increments):
    counter = Value("q", 0)
    done = Event()
    processes = [Process(target=wait_for, args=(done,)) for _ in range(workers)]
    for process in processes:
        process.start()
    for _ in range(workers * increments):
        with counter.get_lock():
            counter.value += 1
    done.set()
    for process in processes:
        process.join()
    return counter.value
