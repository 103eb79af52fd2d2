"""Trusted tasks of drain-queue (stdlib only; they run inside the sandbox).

`scenario` runs in the caller process of a call: it fills a fresh
multiprocessing.Queue from producer processes that have ended (so every item
is in the queue's pipe), marks the moment it calls the student's drain with a
tiny process that exits at once with status CALLING (a kernel-recorded moment),
calls drain(q) and returns what drain returned.
"""

import multiprocessing
import os

CALLING = 40

FILLED = [7, "seven", 3, 0, "", 12, "twelve", 5, None, 9, "last but one", -1]
FIRST_PRODUCER = ["a", None, 0, False, ""]
SECOND_PRODUCER = [[1, 2], "b", 0.5, 0]
SCENARIOS = {
    "empty": [],
    "filled": [FILLED],
    "two-producers": [FIRST_PRODUCER, SECOND_PRODUCER],
}


def mark(status):
    pid = os.fork()
    if pid == 0:
        os._exit(status)
    os.waitpid(pid, 0)


def put_all(q, items):
    for item in items:
        q.put(item)
    # On exit, multiprocessing flushes q's buffer into its pipe before the process ends.


def scenario(name):
    import solution

    drain = getattr(solution, "drain", None)
    if not callable(drain):
        raise NameError("your code defines no function drain()")
    q = multiprocessing.Queue()
    for items in SCENARIOS[name]:  # one producer after the other: their order is known
        producer = multiprocessing.Process(target=put_all, args=(q, items))
        producer.start()
        producer.join()
    mark(CALLING)
    return drain(q)
