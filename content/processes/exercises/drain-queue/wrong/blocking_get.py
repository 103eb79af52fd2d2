# Must fail: a blocking q.get() in a loop: hangs on an empty queue.
# Expected first failing check: returns [] at once on an empty queue
# Expected message contains: was blocked in Queue.get() at line 7 of your code
def drain(q):
    items = []
    while True:
        items.append(q.get())
        if q.empty():
            return items
