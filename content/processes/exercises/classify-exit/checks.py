"""Checks of classify-exit: each answer against the kernel's record of the child.

For each target, the child that ran it is the process the call created that
ended the way the target ends (its exit status or its signal, from the kernel).
The right answer is read from that record (exited 0, exited > 0, killed by a
signal), never from anything recorded inside the sandbox.
"""

from grader.checks import Call, check, exit_kind, failed, first_problem, passed, signal_name, task

# (target, how its child ends: exit status, or -N for signal N)
NORMAL_OR_ERROR = [("returns", 0), ("exits_3", 3), ("raises", 1), ("interrupted", 1)]
KILLED = [("killed", -9), ("terminated", -15), ("aborts", -6), ("segfaults", -11)]
HIDDEN = [("handles_sigterm_exits_143", 143), ("exits_255", 255), ("interrupted_by_default", -2)]
ENDING = dict(NORMAL_OR_ERROR + KILLED + HIDDEN)
CALLS = [Call(name, "classify_exit", (task(name),), timeout=4) for name in ENDING]
WORDS = {"normal": "normal", "error": "error", "signal": "killed"}
WHY = {
    "normal": "exited with status 0",
    "error": "exited with status {code}",
    "signal": "was killed by {signal}",
}
TARGET_ENDS = {
    "interrupted": "exit with status 1 (Python turns SIGINT into a KeyboardInterrupt)",
    "raises": "exit with status 1 (an uncaught exception)",
}


def ending(code):
    if code < 0:
        return f"be killed by {signal_name(-code)}"
    return f"exit with status {code}"


def the_child(call):
    """The process the call created that ended the way its target ends, if any."""
    expected = ENDING[call.call.id]
    return next((p for p in call.own_processes if p.exitcode == expected), None)


def target_problem(call):
    """Why no child is seen running the target, in the student's terms; None if one is."""
    if the_child(call):
        return None
    described = call.call.describe()
    if call.status == "crashed" or (call.status == "raised" and not call.own_processes):
        return f"{call.problem()}: the target ran in your own process, not in a child"
    if not call.returned:
        return call.problem()
    if not call.own_processes:
        return f"{described} created no child process: run the target in one"
    expected = ENDING[call.call.id]
    makes = TARGET_ENDS.get(call.call.id, ending(expected))
    seen = "; ".join(f"process {p.pid} {p.how_it_ended()}" for p in call.own_processes[:4])
    return (
        f"{described}: the target makes its process {makes}, but no child of yours ended "
        f"that way (observed: {seen}): let the child end the way the target ends it"
    )


def answer_problem(call):
    """A wrong answer, judged against the kernel's record of the child."""
    child = the_child(call)
    if child is None or not call.returned:
        return target_problem(call)
    kind = exit_kind(child)
    expected = WORDS[kind]
    if call.value == expected:
        return None
    why = WHY[kind].format(code=child.exit_code, signal=signal_name(child.signal or 0))
    return (
        f"{call.call.describe()} returned {call.value!r}; expected {expected!r}: the child "
        f"(process {child.pid}) {why}"
    )


@check("runs the target in a child process", points=2)
def in_a_child(run):
    for name in ENDING:
        if name in dict(HIDDEN):
            continue
        found = target_problem(run.calls[name])
        if found:
            return failed(found)
    return passed("every target ran in a child process of its own")


@check("tells a normal exit from an error exit", points=3)
def normal_or_error(run):
    calls = (run.calls[name] for name, _ in NORMAL_OR_ERROR)
    return first_problem(
        calls,
        answer_problem,
        "exit status 0 is normal; an exception, sys.exit(3) and SIGINT handled are errors",
    )


@check("tells an error exit from a kill by a signal", points=4)
def error_or_killed(run):
    calls = (run.calls[name] for name, _ in KILLED)
    return first_problem(calls, answer_problem, "SIGKILL, SIGTERM, SIGABRT and SIGSEGV are kills")


@check("judges by how the process ended, not by the number", points=1, hidden=True)
def unusual(run):
    for name, _ in HIDDEN:
        if answer_problem(run.calls[name]):
            return failed("a hidden case failed")
    return passed()
