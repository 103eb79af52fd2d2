import multiprocessing

STOP = None


def worker(fn, tasks, results):
    while (task := tasks.get()) is not STOP:
        index, item = task
        results.put((index, fn(item)))


def parallel_map(fn, items, workers):
    ctx = multiprocessing.get_context("spawn")
    tasks, results = ctx.Queue(), ctx.Queue()
    processes = [
        ctx.Process(target=worker, args=(fn, tasks, results))
        for _ in range(min(workers, len(items)))
    ]
    for process in processes:
        process.start()
    for task in enumerate(items):
        tasks.put(task)
    for _ in processes:
        tasks.put(STOP)
    collected = dict(results.get() for _ in items)
    for process in processes:
        process.join()
    return [collected[i] for i in range(len(items))]
