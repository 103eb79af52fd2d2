from multiprocessing import Process, Queue


def run_one(fn, index, item, results):
    results.put((index, fn(item)))


def parallel_map(fn, items, workers):
    results = Queue()
    running = {}
    collected = {}

    def collect_one():
        index, value = results.get()  # before join(): a child still putting cannot end
        collected[index] = value
        running.pop(index).join()

    for index, item in enumerate(items):
        if len(running) == workers:
            collect_one()
        process = Process(target=run_one, args=(fn, index, item, results))
        process.start()
        running[index] = process
    while running:
        collect_one()
    return [collected[i] for i in range(len(items))]
