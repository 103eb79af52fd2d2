"""Trusted tasks of count-together: the reference count.

count_alone(total) adds 1 to a shared counter `total` times in one process, each
time under a lock, the cheapest correct way: the kernel's record of that
process's CPU time is what `total` synchronised increments cost on this machine,
now, under this schedule. The checks compare each of the student's workers with
its share of it.
"""

from multiprocessing import Lock, Value


def count_alone(total):
    counter = Value("q", 0, lock=False)
    lock = Lock()
    for _ in range(total):
        with lock:
            counter.value += 1
    return counter.value
