"""Checks of run-with-deadline: True for a child that ends in time, else ended, reaped, False.

Judged on kernel facts: when the caller started and when it exited (the call
returned), when each of the call's processes ended and how (exit status or
signal), and the state of each at the moment the caller exited (still running,
or a zombie nobody reaped). The targets are trusted tasks that take a known
time; one of them ignores SIGTERM. The verdict (True or False) is the returned
value, judged against those facts. Nothing is recorded by code inside the
sandbox.
"""

from grader.checks import Call, check, failed, passed, task

DEADLINE = 1.0
CALLS = [
    Call("quick-ok", "run_with_deadline", (task("quick_ok"), 3.0), timeout=6),
    Call("quick-error", "run_with_deadline", (task("quick_error"), 3.0), timeout=6),
    Call("sleeper", "run_with_deadline", (task("sleeper"), DEADLINE), timeout=6),
    Call("stubborn", "run_with_deadline", (task("stubborn"), DEADLINE), timeout=6),
    # hidden
    Call("quick-raise", "run_with_deadline", (task("quick_raise"), 3.0), timeout=6),
    Call("quick-killed", "run_with_deadline", (task("quick_killed"), 3.0), timeout=6),
    Call("sleeper-2", "run_with_deadline", (task("sleeper"), 0.5), timeout=6),
]
# "Within about a second after the deadline": a second, and half a second more for
# a loaded machine. Ending a process, even with SIGKILL, takes milliseconds.
GRACE = 1.5
# A process that ended this soon after the return was dying already (killed, not
# yet reaped): the reaping check says so, not the ending one.
DYING = 0.3
QUICK = {"quick-ok": "quick_ok", "quick-error": "quick_error"}
QUICK_STATUS = {"quick-ok": 0, "quick-error": 3}


def described(call):
    return call.call.describe()


def in_time_problem(call):
    """The target ends in 0.3 s, the deadline is 3 s: True, from a child."""
    if not call.returned:
        return call.problem()
    if call.value is not True:
        return (
            f"{described(call)} returned {call.value!r}; expected True: the target ended "
            "within the deadline (whatever its exit status)"
        )
    if not call.own_processes:
        return f"{described(call)} created no process: run the target in a child"
    return None


def deadline_problem(call):
    """False, not before the deadline, and within GRACE after it."""
    if not call.returned:
        return call.problem()
    seconds = call.call.args[1]
    if call.value is not False:
        return (
            f"{described(call)} returned {call.value!r}; expected False: the target takes "
            f"30 s, far longer than the {seconds:g} s deadline"
        )
    if call.duration < seconds * 0.9:
        return (
            f"{described(call)} returned False after {call.duration:.2f} s, before the "
            f"{seconds:g} s deadline: give the child until the deadline"
        )
    if call.duration > seconds + GRACE:
        return (
            f"{described(call)} returned after {call.duration:.2f} s; the deadline was "
            f"{seconds:g} s: return False within about a second after it"
        )
    return None


def lives_on(call):
    """The call's processes still running well after it returned."""
    return [
        p
        for p in call.own_processes
        if p.end is None or call.returned_at is None or p.end > call.returned_at + DYING
    ]


def reaping_problem(call):
    left = call.leftovers()
    if left:
        process, state = left[0]
        what = "had ended but was not reaped (a zombie)" if state == "Z" else "was still there"
        return (
            f"when {described(call)} returned, process {process.pid} {what}: after ending "
            "the child, join() it before returning"
        )
    return None


@check("returns True when the child ends in time, whatever its exit status", points=3)
def in_time(run):
    for call_id in QUICK:
        call = run.calls[call_id]
        found = in_time_problem(call)
        if not found and not any(p.exitcode == QUICK_STATUS[call_id] for p in call.own_processes):
            found = f"{described(call)}: no process of yours ran the target"
        if found:
            return failed(found)
    return passed("True for a target that exited with status 0, and for one with status 3")


@check("returns False within about a second after the deadline", points=3)
def on_deadline(run):
    found = deadline_problem(run.calls["sleeper"])
    if found:
        return failed(found)
    return passed(f"False {run.calls['sleeper'].duration:.2f} s after the call")


@check("ends the child, even one that ignores SIGTERM", points=3)
def ends_child(run):
    for call_id in ("sleeper", "stubborn"):
        call = run.calls[call_id]
        found = deadline_problem(call)
        if found:
            return failed(found)
        alive = lives_on(call)
        if alive:
            how = (
                "it ignores SIGTERM, so terminate() alone does not end it: when it is still "
                "alive after terminate() and a short join(), kill() it"
                if call_id == "stubborn"
                else "end it (terminate(), and kill() if that is not enough)"
            )
            return failed(
                f"{described(call)}: process {alive[0].pid} was still running after your "
                f"function returned; {how}"
            )
    return passed("the child was ended, the one that ignores SIGTERM too")


@check("reaps the child before returning", points=1)
def reaps(run):
    for call_id in ("sleeper", "stubborn"):
        call = run.calls[call_id]
        if not call.returned:
            return failed(call.problem())
        found = reaping_problem(call)
        if found:
            return failed(found)
    return passed("every child had ended and been reaped when the call returned")


@check("works when the target raises, is killed, or has a shorter deadline", points=1, hidden=True)
def other_targets(run):
    for call_id in ("quick-raise", "quick-killed"):
        if in_time_problem(run.calls[call_id]):
            return failed("a hidden case failed")
    call = run.calls["sleeper-2"]
    if deadline_problem(call) or lives_on(call) or reaping_problem(call):
        return failed("a hidden case failed")
    return passed()
