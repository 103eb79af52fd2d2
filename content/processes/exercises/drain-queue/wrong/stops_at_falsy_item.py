# Must fail: stops at the first falsy item (0, ""), losing the rest.
# Expected first failing check: returns every item, in FIFO order
# Expected message contains: returned 3 of the 12 items
import queue


def drain(q):
    items = []
    try:
        while item := q.get_nowait():
            items.append(item)
    except queue.Empty:
        pass
    return items
