from multiprocessing import Process, Queue, Value


def produce(part, queue, running, consumers):
    for item in part:
        queue.put(item)
    with running.get_lock():
        running.value -= 1
        last = running.value == 0
    if last:  # the last producer to finish tells every consumer
        for _ in range(consumers):
            queue.put(None)


def consume(queue, results):
    while (item := queue.get()) is not None:
        results.put(item * item)
    results.put(None)


def pipeline(items, producers, consumers, maxsize):
    queue, results = Queue(maxsize), Queue()
    running = Value("i", producers)
    if producers == 0:
        for _ in range(consumers):
            queue.put(None)
    everyone = [
        Process(target=produce, args=(items[i::producers], queue, running, consumers))
        for i in range(producers)
    ] + [Process(target=consume, args=(queue, results)) for _ in range(consumers)]
    for process in everyone:
        process.start()
    squares, finished = [], 0
    while finished < consumers:
        square = results.get()
        if square is None:
            finished += 1
        else:
            squares.append(square)
    for process in everyone:
        process.join()
    return squares
