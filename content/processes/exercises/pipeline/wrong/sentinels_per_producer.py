# Must fail (scheduling, subtler): each producer puts a sentinel per consumer when
# it finishes, not once all have: a consumer may stop while another producer still
# has items to put.
# Expected first failing check: every item is processed exactly once
# Expected message contains: lost items
import queue as queues
from multiprocessing import Process, Queue


def produce(part, queue, consumers):
    for item in part:
        queue.put(item)
    for _ in range(consumers):
        queue.put(None)


def consume(queue, results):
    while (item := queue.get()) is not None:
        results.put(item * item)
    results.put(None)


def pipeline(items, producers, consumers, maxsize):
    queue, results = Queue(maxsize), Queue()
    makers = [
        Process(target=produce, args=(items[i::producers], queue, consumers))
        for i in range(producers)
    ]
    takers = [Process(target=consume, args=(queue, results)) for _ in range(consumers)]
    for process in makers + takers:
        process.start()
    squares, finished = [], 0
    while finished < consumers:
        square = results.get()
        if square is None:
            finished += 1
        else:
            squares.append(square)
    while any(process.is_alive() for process in makers):  # let the producers end
        try:
            queue.get(timeout=0.1)
        except queues.Empty:
            pass
    for process in makers + takers:
        process.join()
    return squares
