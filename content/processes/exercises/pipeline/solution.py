from multiprocessing import Process, Queue

DONE = None  # the sentinel: no more items


def produce(part, queue):
    for item in part:
        queue.put(item)


def consume(queue, results):
    while (item := queue.get()) is not DONE:
        results.put(item * item)
    results.put(DONE)


def pipeline(items, producers, consumers, maxsize):
    queue, results = Queue(maxsize), Queue()
    makers = [Process(target=produce, args=(items[i::producers], queue)) for i in range(producers)]
    takers = [Process(target=consume, args=(queue, results)) for _ in range(consumers)]
    for process in makers + takers:
        process.start()
    for process in makers:
        process.join()  # every item is in the queue (or taken already)
    for _ in takers:
        queue.put(DONE)  # one sentinel per consumer, after every item
    squares, finished = [], 0
    while finished < consumers:  # read the results before joining the consumers
        square = results.get()
        if square is DONE:
            finished += 1
        else:
            squares.append(square)
    for process in takers:
        process.join()
    return squares
