"""Checks of submit-async: when the call returned, where fn ran, which callbacks ran where.

The calls run the trusted task `scenario` (tasks.py) in the caller process: it
creates the Pool, calls the student's submit_async, waits (bounded) for the
callbacks and ends the pool. The trusted fn and callbacks mark each moment with
a tiny process that exits at once with a telling status, so every verdict
below is read from the kernel's record of those processes: when each started,
and which process was its parent (where fn ran; where each callback was called;
how many times). Only the wording of some messages (what a callback received)
uses the record that `scenario` returns from inside the sandbox.
"""

from grader.checks import Call, check, failed, passed

CALLING, RETURNED, FN_FINISHED = 40, 41, 50  # as in tasks.py
ON_DONE_RIGHT, ON_DONE_OTHER, ON_ERROR_RIGHT, ON_ERROR_OTHER = 21, 22, 31, 32
MARKERS = {CALLING, RETURNED, FN_FINISHED, ON_DONE_RIGHT, ON_DONE_OTHER}
MARKERS |= {ON_ERROR_RIGHT, ON_ERROR_OTHER}
FN_SECONDS = 0.6
# "At once": well under fn's 0.6 s, far above the few ms that apply_async takes.
AT_ONCE = FN_SECONDS / 2

CALLS = [
    Call("square", "scenario", ("square",), timeout=6, source="tasks"),
    Call("failure", "scenario", ("failure",), timeout=6, source="tasks"),
    Call("quick", "scenario", ("quick",), timeout=6, source="tasks"),  # hidden
]
DESCRIBED = {
    "square": "submit_async(pool, slow_square, (7,), on_done, on_error)",
    "failure": "submit_async(pool, slow_failure, (7,), on_done, on_error)",
    "quick": "submit_async(pool, quick_join, ('proc', 'tor'), on_done, on_error)",
}
EXPECTED_RESULT = {"square": 49, "quick": "'proctor'"}


def problem(call):
    """Why the scenario did not return, worded as the student's call."""
    text = call.problem()
    return text and text.replace(call.call.describe(), DESCRIBED[call.call.id])


def markers(call, status):
    return [p for p in call.processes if p.exit_code == status and p.signal is None]


def pool_workers(call):
    """The pool's workers: children of the caller started before submit_async was called."""
    calling = markers(call, CALLING)
    if not calling:
        return set()
    return {
        p.pid
        for p in call.processes
        if p.ppid == call.caller.pid and p.start < calling[0].start and p.exit_code not in MARKERS
    }


def received(call, name):
    value = call.value if isinstance(call.value, dict) else {}
    shown = [c for c in value.get("callbacks", []) if isinstance(c, str) and c.startswith(name)]
    return shown[0] if shown else f"{name}(...)"


@check("returns at once, long before fn finishes", points=3)
def returns_at_once(run):
    for call_id in ("square", "failure"):
        call = run.calls[call_id]
        described = DESCRIBED[call_id]
        if not call.returned:
            return failed(problem(call))
        calling, returned = markers(call, CALLING), markers(call, RETURNED)
        if not calling or not returned:
            return failed(f"{described} did not return")
        took = returned[0].start - calling[0].start
        if took >= AT_ONCE:
            finished = markers(call, FN_FINISHED)
            after = (
                " (after fn had finished)"
                if finished and finished[0].start < returned[0].start
                else ""
            )
            return failed(
                f"{described} returned {took:.2f} s after it was called{after}; fn takes "
                f"{FN_SECONDS:g} s, and submit_async must return at once (in less than "
                f"{AT_ONCE:g} s): hand fn to the pool without waiting for its result"
            )
    return passed(
        f"submit_async returned in less than {AT_ONCE:g} s ({took:.3f} s), long before fn finished"
    )


def fn_problem(call):
    described = DESCRIBED[call.call.id]
    finished = markers(call, FN_FINISHED)
    if not finished:
        return f"{described}: fn never ran to its end (in any process)"
    if len(finished) > 1:
        return f"{described}: fn ran {len(finished)} times; hand it to the pool once"
    where = finished[0].ppid
    if where == call.caller.pid:
        return (
            f"{described}: fn ran in your own process (in a thread or inline), not in the "
            "pool's worker processes"
        )
    if where not in pool_workers(call):
        return (
            f"{described}: fn ran in process {where}, which your code created; hand it to "
            "the pool you were given (its worker processes)"
        )
    return None


@check("runs fn in the given pool", points=1)
def runs_in_pool(run):
    for call_id in ("square", "failure"):
        call = run.calls[call_id]
        if not call.returned:
            return failed(problem(call))
        found = fn_problem(call)
        if found:
            return failed(found)
    return passed("fn ran in one of the pool's worker processes")


def callback_problem(call, name, right, other):
    described = DESCRIBED[call.call.id]
    calls = markers(call, right) + markers(call, other)
    if not calls:
        return (
            f"{described}: {name} was never called (the grader waited {FN_SECONDS + 2:g} s "
            "after submit_async returned)"
        )
    if len(calls) > 1:
        return f"{described}: {name} was called {len(calls)} times; expected exactly once"
    if calls[0].ppid != call.caller.pid:
        return (
            f"{described}: {name} was called in process {calls[0].ppid}, not in your own "
            "process (the caller)"
        )
    if calls[0].exit_code == other:
        return f"{described}: {received(call, name)} was called; {_what_was_expected(call, name)}"
    return None


def _what_was_expected(call, name):
    if name == "on_done":
        return f"expected on_done({EXPECTED_RESULT[call.call.id]}), fn's result"
    return "expected on_error() with the ValueError that fn raised"


@check("calls on_done exactly once, in your process, with the result", points=3)
def on_done_once(run):
    call = run.calls["square"]
    if not call.returned:
        return failed(problem(call))
    found = callback_problem(call, "on_done", ON_DONE_RIGHT, ON_DONE_OTHER)
    if found:
        if markers(call, ON_ERROR_RIGHT) or markers(call, ON_ERROR_OTHER):
            found += " (on_error was called, though fn did not raise)"
        return failed(found)
    if markers(call, ON_ERROR_RIGHT) or markers(call, ON_ERROR_OTHER):
        return failed(f"{DESCRIBED['square']}: on_error was called, though fn did not raise")
    return passed("on_done was called once, in your process, with fn's result")


@check("calls on_error exactly once when fn raises", points=2)
def on_error_once(run):
    call = run.calls["failure"]
    if not call.returned:
        return failed(problem(call))
    done = markers(call, ON_DONE_RIGHT) + markers(call, ON_DONE_OTHER)
    if done:
        return failed(
            f"{DESCRIBED['failure']}: fn raised ValueError, yet {received(call, 'on_done')} "
            "was called; call on_error with the exception instead"
        )
    found = callback_problem(call, "on_error", ON_ERROR_RIGHT, ON_ERROR_OTHER)
    if found:
        if "never called" in found:
            found += ": the ValueError that fn raised was swallowed"
        return failed(found)
    return passed("on_error was called once, in your process, with the exception")


@check("works with a quick fn and other arguments", points=1, hidden=True)
def quick(run):
    call = run.calls["quick"]
    if not call.returned or fn_problem(call):
        return failed("a hidden case failed")
    if callback_problem(call, "on_done", ON_DONE_RIGHT, ON_DONE_OTHER):
        return failed("a hidden case failed")
    if markers(call, ON_ERROR_RIGHT) or markers(call, ON_ERROR_OTHER):
        return failed("a hidden case failed")
    return passed()
