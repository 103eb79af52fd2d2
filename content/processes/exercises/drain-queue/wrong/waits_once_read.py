# Must fail (subtler): returns at once on an empty queue, but once it has read
# the items it still waits 1 s for more.
# Expected first failing check: never waits longer than it takes to read what is there
# Expected message contains: do not wait for more
import queue


def drain(q):
    if q.empty():
        return []
    items = []
    while True:
        try:
            items.append(q.get(timeout=1))
        except queue.Empty:
            return items
