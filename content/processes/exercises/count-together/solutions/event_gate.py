from multiprocessing import Event, Process, RLock, Value


def work(counter, increments, go):
    go.wait()  # set once every worker has been started
    for _ in range(increments):
        with counter.get_lock():
            counter.value += 1


def count_together(workers, increments):
    counter = Value("q", 0, lock=RLock())
    go = Event()
    processes = [Process(target=work, args=(counter, increments, go)) for _ in range(workers)]
    for process in processes:
        process.start()
    go.set()
    for process in processes:
        process.join()
    return counter.value
