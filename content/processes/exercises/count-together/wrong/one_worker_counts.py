# Must fail (subtler): all workers alive together, but the first does all the
# counting while the others wait for it.
# Expected first failing check: each worker adds 1 to the shared counter itself
# Expected message contains: one did most of the counting
from multiprocessing import Event, Process, Value


def work(counter, total, done, counts):
    if counts:
        for _ in range(total):
            with counter.get_lock():
                counter.value += 1
        done.set()
    done.wait()


def count_together(workers, increments):
    counter = Value("q", 0)
    done = Event()
    processes = [
        Process(target=work, args=(counter, workers * increments, done, i == 0))
        for i in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return counter.value
