# Must fail (subtler): takes the count and returns without waiting for the child.
# Expected first failing check: leaves no process behind
# Expected message contains: wait for it with join() before returning
from multiprocessing import Process, Queue


def count(n, results):
    total = 0
    for _ in range(n):
        total += 1
    results.put(total)


def count_in_child(n):
    results = Queue()
    Process(target=count, args=(n, results)).start()
    return results.get()
