# Must fail: runs the producers to the end before starting any consumer; with
# more items than maxsize they wait for ever in put().
# Expected first failing check: every process ends: nothing blocks forever
# Expected message contains: start the consumers before you wait for the producers
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
    for process in makers:
        process.start()
    for process in makers:
        process.join()
    takers = [Process(target=consume, args=(queue, results)) for _ in range(consumers)]
    for process in takers:
        process.start()
    for _ in takers:
        queue.put(None)
    squares = [results.get() for _ in items]
    for process in takers:
        process.join()
    return squares
