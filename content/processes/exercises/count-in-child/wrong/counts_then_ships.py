# Must fail (subtler): counts in the caller, then has a child send the number back.
# Expected first failing check: counts in a child process
# Expected message contains: the counting ran in your process, not in a child
from multiprocessing import Process, Queue


def echo(value, results):
    results.put(value)


def count_in_child(n):
    count = 0
    for _ in range(n):
        count += 1
    results = Queue()
    child = Process(target=echo, args=(count, results))
    child.start()
    count = results.get()
    child.join()
    return count
