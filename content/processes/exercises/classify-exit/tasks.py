"""Trusted targets of classify-exit: each ends its process in one known way.

Top-level and stdlib only, so they pickle to any child, spawned ones included.
"""

import ctypes
import os
import signal
import sys
import time


def returns():
    return None


def exits_3():
    sys.exit(3)


def raises():
    raise ValueError("raised on purpose by the grader's target")


def interrupted():
    # Python's own SIGINT handler (explicit: an inherited "ignore" would hide it)
    # raises KeyboardInterrupt: the process exits with status 1.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(5)


def killed():
    os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(5)


def terminated():
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(5)


def aborts():
    os.abort()


def segfaults():
    ctypes.string_at(0)


def handles_sigterm_exits_143():
    # Handles SIGTERM and exits with status 143: an exit, whatever shells make of 128 + 15.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(5)


def exits_255():
    sys.exit(255)


def interrupted_by_default():
    # SIGINT with the default action, not Python's handler: it kills the process.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(5)
