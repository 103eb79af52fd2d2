# Must fail (subtler): counts from 1 to n - 1 in the child.
# Expected first failing check: returns the count
# Expected message contains: returned 9999999; expected 10000000
from multiprocessing import Process, Queue


def count(n, results):
    total = 0
    for _ in range(1, n):
        total += 1
    results.put(total)


def count_in_child(n):
    results = Queue()
    child = Process(target=count, args=(n, results))
    child.start()
    total = results.get()
    child.join()
    return total
