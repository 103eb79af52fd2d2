"""Trusted helper tasks that checks pass to a student's functions as arguments.

They are importable (and so picklable) in every process of the job, spawned ones
included, because the job's directory is on PYTHONPATH. Each does one visible
thing the grader can observe from outside: exit with a status, die of a signal,
take time.
"""

import os
import signal
import sys
import time


def exit_with(code: int) -> None:
    sys.exit(code)


def exit_with_sum(a: int, b: int) -> None:
    sys.exit(a + b)


def raise_value_error() -> None:
    raise ValueError("raised on purpose by the grader's task")


def kill_self(signum: int) -> None:
    os.kill(os.getpid(), signum)
    time.sleep(5)  # the signal ends us before this returns


def sleep_then_exit(seconds: float, code: int) -> None:
    time.sleep(seconds)
    sys.exit(code)


def ignore_sigterm_and_sleep(seconds: float) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(seconds)
