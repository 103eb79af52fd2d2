# Must fail: a blocking q.get() in a loop: hangs on an empty queue.
# Expected first failing check: returns [] at once on an empty queue
def drain(q):
    items = []
    while True:
        items.append(q.get())
        if q.empty():
            return items
