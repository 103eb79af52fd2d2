# Must fail: one sentinel for several consumers: the others wait for ever in get().
# Expected first failing check: every process ends: nothing blocks forever
# Expected message contains: one end marker (a sentinel) per consumer
from multiprocessing import Process, Queue


def produce(part, queue):
    for item in part:
        queue.put(item)


def consume(queue, results):
    while (item := queue.get()) is not None:
        results.put(item * item)


def pipeline(items, producers, consumers, maxsize):
    queue, results = Queue(maxsize), Queue()
    makers = [Process(target=produce, args=(items[i::producers], queue)) for i in range(producers)]
    takers = [Process(target=consume, args=(queue, results)) for _ in range(consumers)]
    for process in makers + takers:
        process.start()
    for process in makers:
        process.join()
    queue.put(None)
    squares = [results.get() for _ in items]
    for process in takers:
        process.join()
    return squares
