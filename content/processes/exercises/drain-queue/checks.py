"""Checks of drain-queue: at once on an empty queue, every item in order, no waiting.

The calls run the trusted task `scenario` (tasks.py) in the caller process: it
fills a queue from producer processes that have ended, starts a tiny marker
process (exit status CALLING) at the moment it calls the student's drain(q),
and returns drain's value. How long drain took is read from the kernel's
record: from the marker's start to the caller's exit. The items are the value
drain returned, compared with what the trusted producers put.
"""

from grader.checks import Call, check, failed, passed

CALLING = 40  # as in tasks.py
FILLED = [7, "seven", 3, 0, "", 12, "twelve", 5, None, 9, "last but one", -1]
TWO_PRODUCERS = ["a", None, 0, False, "", [1, 2], "b", 0.5, 0]
# An empty queue is read in a few ms; 12 items in well under 0.5 s even when the
# grader pauses around every queue operation. A get() that waits 1 s is too long.
EMPTY_LIMIT = 0.5
FILLED_LIMIT = 1.0

CALLS = [
    Call("empty", "scenario", ("empty",), timeout=3, source="tasks"),
    Call("filled", "scenario", ("filled",), timeout=4, source="tasks"),
    Call("two-producers", "scenario", ("two-producers",), timeout=4, source="tasks"),  # hidden
]
DESCRIBED = {
    "empty": "drain(q) on an empty queue",
    "filled": f"drain(q) on a queue of {len(FILLED)} items",
    "two-producers": "drain(q) on a queue filled by two producers",
}


def problem(call):
    text = call.problem()
    return text and text.replace(call.call.describe(), DESCRIBED[call.call.id])


def took(call):
    """Seconds from the call of drain (the marker's start) to its return (the caller's exit)."""
    marker = next((p for p in call.processes if p.exit_code == CALLING), None)
    if marker is None or call.returned_at is None:
        return None
    return call.returned_at - marker.start


def items_problem(call, expected):
    described = DESCRIBED[call.call.id]
    value = call.value
    if not isinstance(value, list):
        return f"{described} returned {value!r}; expected a list: {expected!r}"
    if value == expected and [type(v) for v in value] == [type(v) for v in expected]:
        return None
    if len(value) < len(expected):
        return (
            f"{described} returned {len(value)} of the {len(expected)} items: {value!r}; "
            f"expected {expected!r}"
        )
    if sorted(map(repr, value)) == sorted(map(repr, expected)):
        at = next(i for i, (a, b) in enumerate(zip(value, expected, strict=True)) if a != b)
        return (
            f"{described} returned every item, but not in the order they were put: item "
            f"{at} is {value[at]!r}, expected {expected[at]!r} (first in, first out)"
        )
    return f"{described} returned {value!r}; expected {expected!r}"


@check("returns [] at once on an empty queue", points=3)
def empty_at_once(run):
    call = run.calls["empty"]
    if not call.returned:
        return failed(problem(call))
    if call.value != [] or not isinstance(call.value, list):
        return failed(f"{DESCRIBED['empty']} returned {call.value!r}; expected []")
    seconds = took(call)
    if seconds is None:
        raise RuntimeError("the grader's marker of the call is missing")
    if seconds >= EMPTY_LIMIT:
        return failed(
            f"{DESCRIBED['empty']} returned [] after {seconds:.2f} s; there was nothing to "
            f"read, so it must return at once (within {EMPTY_LIMIT:g} s), without waiting"
        )
    return passed(f"{DESCRIBED['empty']} returned [] after {seconds:.3f} s")


@check("returns every item, in FIFO order", points=4)
def every_item_in_order(run):
    call = run.calls["filled"]
    if not call.returned:
        return failed(problem(call))
    found = items_problem(call, FILLED)
    return failed(found) if found else passed("every item, in the order it was put")


@check("never waits longer than it takes to read what is there", points=2)
def no_waiting(run):
    call = run.calls["filled"]
    if not call.returned:
        return failed(problem(call))
    seconds = took(call)
    if seconds is None:
        raise RuntimeError("the grader's marker of the call is missing")
    if seconds >= FILLED_LIMIT:
        return failed(
            f"{DESCRIBED['filled']} returned after {seconds:.2f} s; reading {len(FILLED)} "
            f"items takes far less: once the queue is empty, return (within "
            f"{FILLED_LIMIT:g} s in all), do not wait for more"
        )
    return passed(f"{DESCRIBED['filled']} returned after {seconds:.3f} s")


@check("keeps falsy items and the order of several producers", points=1, hidden=True)
def two_producers(run):
    call = run.calls["two-producers"]
    if not call.returned or items_problem(call, TWO_PRODUCERS):
        return failed("a hidden case failed")
    return passed()
