"""Trusted tasks of parallel-map: the functions a student's parallel_map applies.

Top-level and stdlib only, so they pickle to any worker, spawned ones included.
"""

import os
import time

# The exit status of the process a nap sleeps in: how the checks tell it apart.
NAP_STATUS = 93


def nap(ms):
    """Sleep `ms` milliseconds, in a process of its own that the kernel records.

    It takes time, not CPU, so a busy machine does not matter; the process shows
    when this call of fn ran, so the checks see how many calls ran at once.
    """
    pid = os.fork()
    if pid == 0:
        try:
            time.sleep(ms / 1000)
        finally:
            os._exit(NAP_STATUS)
    os.waitpid(pid, 0)
    return f"napped {ms} ms"


def spin(ms):
    """Keep the CPU busy for `ms` milliseconds of this thread's own CPU time."""
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass
    return f"spun {ms} ms"


def square(x):
    return x * x
