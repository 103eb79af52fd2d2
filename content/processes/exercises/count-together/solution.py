from multiprocessing import Barrier, Process, Value


def work(counter, increments, everyone):
    everyone.wait()  # start together: every worker is alive before anyone counts
    for _ in range(increments):
        with counter.get_lock():
            counter.value += 1


def count_together(workers, increments):
    counter = Value("q", 0)
    everyone = Barrier(workers)
    processes = [Process(target=work, args=(counter, increments, everyone)) for _ in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return counter.value
