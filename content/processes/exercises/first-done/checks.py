"""Checks of first-done: all at once, the fastest result, at once, nothing left behind.

Judged on kernel facts: the processes the call created and how many were alive
at once; when the fastest function had its result (it starts a tiny process
that exits at once with status RESULT_READY) and when the caller exited (the
call returned): the time between them leaves out however long the student's
processes took to start; the state of every process at the moment the caller
exited (none may be running or a zombie). The result is the returned value,
compared with the trusted tasks' known values. Nothing is recorded by code
inside the sandbox.
"""

from signal import SIGTERM

from grader.checks import Call, check, failed, max_alive_beyond, passed, task

CALLS = [
    Call("race", "first_done", ([task("tortoise"), task("hare"), task("snail")],), timeout=6),
    # hidden: the fastest last, an int
    Call(
        "race-2",
        "first_done",
        ([task("snail"), task("tortoise"), task("quick_answer")],),
        timeout=6,
    ),
]
FASTEST = {"race": "hare", "race-2": 42}
SECONDS = {"tortoise": 3.0, "snail": 2.5, "hare": 0.2, "quick_answer": 0.1}
RESULTS = {"tortoise": "tortoise", "snail": "snail", "hare": "hare", "quick_answer": 42}
RESULT_READY = 77  # as in tasks.py
# From the fastest result to the return: taking it, ending and reaping the others
# takes a few hundredths of a second; the next result comes 2.3 s later.
AT_ONCE = 1.0
OVERLAP_SLACK = 0.05


def after_first_result(call):
    """Seconds from the moment the fastest function had its result to the call's return."""
    ready = [p for p in call.processes if p.exit_code == RESULT_READY]
    if not ready or call.returned_at is None:
        return None
    return call.returned_at - ready[0].start


def names(call):
    return [arg["$task"] for arg in call.call.args[0]]


def described(call):
    return f"first_done([{', '.join(names(call))}])"


def all_at_once_problem(call):
    wanted = len(call.call.args[0])
    most = max_alive_beyond(call.own_processes, OVERLAP_SLACK)
    if not call.own_processes:
        return f"{described(call)} created no process: run each function in its own"
    if most < wanted:
        return (
            f"{described(call)}: at most {most} of your processes "
            f"{'was' if most == 1 else 'were'} alive at the same time; expected {wanted}, one "
            "per function, all at once"
        )
    return None


@check("runs each function in its own process, all at once", points=2)
def all_at_once(run):
    call = run.calls["race"]
    if not call.returned:
        return failed(call.problem())
    found = all_at_once_problem(call)
    return failed(found) if found else passed("one process per function, all alive at once")


@check("returns the fastest result", points=3)
def fastest(run):
    call = run.calls["race"]
    if not call.returned:
        return failed(call.problem())
    expected = FASTEST["race"]
    if call.value != expected:
        which = names(call)
        fastest_at = which.index("hare")
        detail = ""
        if call.value == RESULTS[which[0]]:
            detail = " (the result of fns[0], which was not the fastest)"
        return failed(
            f"{described(call)} returned {call.value!r}{detail}; expected {expected!r}, "
            f"the result of fns[{fastest_at}], which takes {SECONDS['hare']:g} s while the "
            f"others take {SECONDS['snail']:g} s and more"
        )
    return passed(f"{described(call)} returned {expected!r}, the fastest function's result")


@check("returns as soon as the first result arrives", points=2)
def at_once(run):
    call = run.calls["race"]
    if not call.returned:
        return failed(call.problem())
    late = after_first_result(call)
    if late is None:
        return failed(
            f"{described(call)}: the fastest function (it takes {SECONDS['hare']:g} s) had "
            "not finished when your function returned: run all of them at once"
        )
    if late >= AT_ONCE:
        return failed(
            f"{described(call)} returned {late:.2f} s after the fastest function had its "
            f"result ({call.duration:.2f} s after it was called): return the first result as "
            f"soon as it arrives (within {AT_ONCE:g} s), without waiting for the slower ones"
        )
    return passed(
        f"{described(call)} returned {late:.2f} s after the first result was ready "
        f"({call.duration:.2f} s after it was called)"
    )


def leftover_problem(call):
    left = call.leftovers()
    if left:
        process, state = left[0]
        others = f" (and {len(left) - 1} more)" if len(left) > 1 else ""
        if state == "Z":
            return (
                f"when {described(call)} returned, process {process.pid}{others} had ended "
                "but was not reaped (a zombie): join() every process you created"
            )
        if process.signal == SIGTERM:
            return (
                f"when {described(call)} returned, process {process.pid}{others} was still "
                "running: it was told to end (it died of SIGTERM a moment later), but nobody "
                "waited for it; join() every process after terminate()"
            )
        return (
            f"when {described(call)} returned, process {process.pid}{others} was still "
            "running: end the slower processes with terminate(), then join() them"
        )
    late = [p for p in call.own_processes if not p.ended_by(call.returned_at)]
    if late:
        return (
            f"when {described(call)} returned, process {late[0].pid} had not ended: "
            "end and join every process before returning"
        )
    return None


@check("ends and reaps the other processes before returning", points=2)
def nothing_left(run):
    call = run.calls["race"]
    if not call.returned:
        return failed(call.problem())
    found = leftover_problem(call)
    return failed(found) if found else passed("every process had ended and been reaped")


@check("works when the fastest is last and returns an int", points=1, hidden=True)
def other_race(run):
    call = run.calls["race-2"]
    if not call.returned or call.value != FASTEST["race-2"] or type(call.value) is not int:
        return failed("a hidden case failed")
    late = after_first_result(call)
    if late is None or late >= AT_ONCE or leftover_problem(call) or all_at_once_problem(call):
        return failed("a hidden case failed")
    return passed()
