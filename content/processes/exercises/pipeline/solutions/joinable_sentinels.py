import multiprocessing


def produce(part, queue):
    for item in part:
        queue.put(item)


def consume(queue, results):
    while True:
        item = queue.get()
        if item is None:
            break
        results.put(item * item)


def pipeline(items, producers, consumers, maxsize):
    context = multiprocessing.get_context("spawn")
    queue, results = context.Queue(maxsize), context.SimpleQueue()
    makers = [
        context.Process(target=produce, args=(items[i::producers], queue)) for i in range(producers)
    ]
    takers = [context.Process(target=consume, args=(queue, results)) for _ in range(consumers)]
    for process in takers + makers:
        process.start()
    squares = []
    for _ in items:  # exactly one result per item: read them all
        squares.append(results.get())
    for process in makers:
        process.join()
    for _ in takers:
        queue.put(None)
    for process in makers + takers:
        process.join()
    return squares
