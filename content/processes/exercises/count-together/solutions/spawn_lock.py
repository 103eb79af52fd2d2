import multiprocessing


def work(counter, lock, increments):
    for _ in range(increments):
        with lock:
            counter.value += 1


def count_together(workers, increments):
    context = multiprocessing.get_context("spawn")
    counter = context.RawValue("q", 0)
    lock = context.Lock()
    processes = [
        context.Process(target=work, args=(counter, lock, increments)) for _ in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return counter.value
