# Must fail: puts each item in front: the newest comes first (LIFO, not FIFO).
# Expected first failing check: returns every item, in FIFO order
# Expected message contains: not in the order they were put
import queue


def drain(q):
    items = []
    while True:
        try:
            items.insert(0, q.get_nowait())
        except queue.Empty:
            return items
