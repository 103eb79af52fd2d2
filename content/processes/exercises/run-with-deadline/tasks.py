"""Trusted tasks of run-with-deadline: zero-argument targets that take a known time.

Top-level and stdlib only, so they pickle to any process, spawned ones included.
The exit status of each tells the checks from the kernel's record which process
ran it.
"""

import os
import signal
import sys
import time

QUICK_OK = 0
QUICK_ERROR = 3


def quick_ok():
    time.sleep(0.3)


def quick_error():
    time.sleep(0.3)
    sys.exit(QUICK_ERROR)


def quick_raise():
    time.sleep(0.2)
    raise ValueError("raised on purpose by the grader's task")


def quick_killed():
    time.sleep(0.2)
    os.kill(os.getpid(), signal.SIGKILL)


def sleeper():
    time.sleep(30)


def stubborn():
    """Ignores SIGTERM: only SIGKILL ends it before its 30 s are up."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(30)
