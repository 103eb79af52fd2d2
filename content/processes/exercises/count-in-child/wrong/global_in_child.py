# Must fail: the child changes a global; the parent returns its own copy (0).
# Expected first failing check: returns the count
# Expected message contains: the count made in the child never reached your process
from multiprocessing import Process

counter = 0


def count(n):
    global counter
    for _ in range(n):
        counter += 1


def count_in_child(n):
    child = Process(target=count, args=(n,))
    child.start()
    child.join()
    return counter
