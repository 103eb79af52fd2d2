"""Trusted tasks of first-done: zero-argument functions that take a known time.

Top-level and stdlib only, so they pickle to any process, spawned ones included.
None of them ignores SIGTERM. The fast ones mark the moment their result is
ready with a tiny process that exits at once with status RESULT_READY: the
kernel's record of it tells the checks when the first result came.
"""

import os
import time

RESULT_READY = 77


def mark(status):
    pid = os.fork()
    if pid == 0:
        os._exit(status)
    os.waitpid(pid, 0)


def tortoise():
    time.sleep(3.0)
    return "tortoise"


def snail():
    time.sleep(2.5)
    return "snail"


def hare():
    time.sleep(0.2)
    mark(RESULT_READY)
    return "hare"


def quick_answer():
    time.sleep(0.1)
    mark(RESULT_READY)
    return 42
