# Must fail (subtler): waits up to 0.8 s for one more item, even on an empty queue.
# Expected first failing check: returns [] at once on an empty queue
# Expected message contains: it must return at once
import queue


def drain(q):
    items = []
    while True:
        try:
            items.append(q.get(timeout=0.8))
        except queue.Empty:
            return items
