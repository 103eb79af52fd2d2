"""Trusted tasks of submit-async (stdlib only; they run inside the sandbox).

`scenario` runs in the caller process of a call: it creates the Pool, calls the
student's submit_async with the trusted fn and callbacks below, waits (bounded)
for the callbacks, then ends the pool. Each interesting moment is marked by a
tiny process that exits at once with a telling status: the kernel's record of
that process (its start, its parent) is what the checks judge, not anything
this code records.
"""

import multiprocessing
import os
import threading
import time

# Exit statuses of the marker processes (checks.py uses the same numbers).
CALLING = 40  # the caller is about to call submit_async
RETURNED = 41  # submit_async has returned
FN_FINISHED = 50  # fn is about to return or raise (parent: the process running fn)
ON_DONE_RIGHT = 21  # on_done called with fn's result (parent: where it was called)
ON_DONE_OTHER = 22  # on_done called with something else
ON_ERROR_RIGHT = 31  # on_error called with the exception fn raised
ON_ERROR_OTHER = 32  # on_error called with something else

FN_SECONDS = 0.6
MESSAGE = "raised on purpose by the grader's fn"
WAIT_FOR_CALLBACK = FN_SECONDS + 2.0  # at most, after submit_async returned
WAIT_FOR_SECOND_CALL = 0.4  # after the first callback, to see a second one


def mark(status):
    """A process that exits at once with `status`: a kernel-recorded moment."""
    pid = os.fork()
    if pid == 0:
        os._exit(status)
    os.waitpid(pid, 0)


def slow_square(x):
    time.sleep(FN_SECONDS)
    mark(FN_FINISHED)
    return x * x


def slow_failure(x):
    time.sleep(FN_SECONDS)
    mark(FN_FINISHED)
    raise ValueError(MESSAGE)


def quick_join(a, b):
    mark(FN_FINISHED)
    return a + b


SCENARIOS = {
    "square": (slow_square, (7,), 49),
    "failure": (slow_failure, (7,), None),
    "quick": (quick_join, ("proc", "tor"), "proctor"),
}


def _short_repr(value):
    try:
        return repr(value)[:200]
    except BaseException:
        return "<unrepresentable>"


def scenario(name):
    import solution

    submit_async = getattr(solution, "submit_async", None)
    if not callable(submit_async):
        raise NameError("your code defines no function submit_async()")
    fn, args, expected = SCENARIOS[name]
    called = threading.Event()
    seen = []

    def on_done(result):
        mark(ON_DONE_RIGHT if result == expected and expected is not None else ON_DONE_OTHER)
        seen.append(f"on_done({_short_repr(result)})")
        called.set()

    def on_error(exc):
        right = isinstance(exc, ValueError) and str(exc) == MESSAGE
        mark(ON_ERROR_RIGHT if right else ON_ERROR_OTHER)
        seen.append(f"on_error({_short_repr(exc)})")
        called.set()

    pool = multiprocessing.Pool(2)
    try:
        mark(CALLING)
        returned = submit_async(pool, fn, args, on_done, on_error)
        mark(RETURNED)
        if called.wait(WAIT_FOR_CALLBACK):
            time.sleep(WAIT_FOR_SECOND_CALL)
    finally:
        pool.terminate()
    # Only to word the feedback; the verdicts come from the marker processes.
    return {"returned": _short_repr(returned), "callbacks": list(seen)}
