# Must fail (scheduling): consumers stop as soon as the queue is empty; when a
# producer is slow to start or to put, items are lost (left in the queue).
# Expected first failing check: every item is processed exactly once
# Expected message contains: lost items
import queue as queues
from multiprocessing import Process, Queue


def produce(part, queue):
    for item in part:
        queue.put(item)


def consume(queue, results):
    while True:
        try:
            item = queue.get_nowait()
        except queues.Empty:
            break
        results.put(item * item)
    results.put(None)


def pipeline(items, producers, consumers, maxsize):
    queue, results = Queue(maxsize), Queue()
    takers = [Process(target=consume, args=(queue, results)) for _ in range(consumers)]
    makers = [Process(target=produce, args=(items[i::producers], queue)) for i in range(producers)]
    for process in takers + makers:
        process.start()
    squares, finished = [], 0
    while finished < consumers:
        square = results.get()
        if square is None:
            finished += 1
        else:
            squares.append(square)
    while True:  # drain what nobody took, so that the producers can end
        try:
            queue.get(timeout=0.2)
        except queues.Empty:
            break
    for process in makers + takers:
        process.join()
    return squares
