"""Checks of count-in-child: who did the counting, judged on the kernel's CPU-time record.

The grader first counts to N itself, in a caller process of its own (a reference
run of the trusted task count_here): the kernel's record of that process's CPU
time is what counting to N costs on this machine, now. Then the student's call:
the processes it created must together have used about that much CPU, and the
caller itself much less. Everything judged here is a kernel fact (CPU time, exit
and reaping of the processes) or the returned value; nothing is recorded by code
running inside the sandbox.
"""

from grader.checks import Call, check, failed, passed

N = 10_000_000
REFERENCE = Call("reference", "count_here", (N,), timeout=10, source="tasks")
VISIBLE = Call("ten-million", "count_in_child", (N,), timeout=10)
HIDDEN = [
    Call("zero", "count_in_child", (0,), timeout=5),
    Call("odd", "count_in_child", (1_234_567,), timeout=5),
]
CALLS = [REFERENCE, VISIBLE, *HIDDEN]

# The child must show at least this share of the reference's CPU time (a loop
# written differently may be faster, not 2.5 times faster), and the caller less
# than this share (its own work, imports and process start-up, is a few
# hundredths of a second; the reference takes tenths).
CHILD_SHARE = 0.4
CALLER_SHARE = 0.5


def counting_cost(run):
    reference = run.calls["reference"]
    if not reference.returned or reference.caller is None or reference.value != N:
        raise RuntimeError(f"the reference count did not run: {reference.problem()}")
    return reference.caller.cpu_seconds


@check("counts in a child process", points=4)
def counts_in_child(run):
    call = run.calls["ten-million"]
    described = call.call.describe()
    if not call.returned:
        return failed(call.problem())
    cost = counting_cost(run)
    mine = call.caller.cpu_seconds
    if mine >= CALLER_SHARE * cost:
        return failed(
            f"{described}: your own process (the caller) used {mine:.2f} s of CPU, as much "
            f"as counting to {N} takes here ({cost:.2f} s): the counting ran in your "
            "process, not in a child"
        )
    if not call.own_processes:
        return failed(f"{described} created no child process: the counting must run in one")
    children = sum(p.cpu_seconds for p in call.own_processes)
    if children < CHILD_SHARE * cost:
        return failed(
            f"{described}: your child processes used {children:.2f} s of CPU in all, but "
            f"counting to {N} takes about {cost:.2f} s here: the child must add 1 to a "
            f"counter {N} times, not just report a number"
        )
    return passed(
        f"the child processes used {children:.2f} s of CPU, your process {mine:.2f} s "
        f"(counting to {N} takes about {cost:.2f} s here)"
    )


@check("returns the count", points=4)
def returns_count(run):
    call = run.calls["ten-million"]
    if not call.returned:
        return failed(call.problem())
    if type(call.value) is not int or call.value != N:
        hint = ""
        if call.value == 0:
            hint = (
                ": the count made in the child never reached your process (a child has its "
                "own copy of every variable); send it back through a Queue, a Pipe or a Value"
            )
        return failed(f"{call.call.describe()} returned {call.value!r}; expected {N}{hint}")
    return passed(f"{call.call.describe()} returned {N}")


@check("leaves no process behind", points=1)
def nothing_left(run):
    call = run.calls["ten-million"]
    if not call.returned:
        return failed(call.problem())
    left = call.leftovers()
    if left:
        process, state = left[0]
        what = "an unreaped zombie" if state == "Z" else "still running"
        return failed(
            f"when {call.call.describe()} returned, its child (process {process.pid}) was "
            f"{what}: wait for it with join() before returning"
        )
    return passed("every child had ended and been reaped when the call returned")


@check("counts right for other values of n", points=1, hidden=True)
def other_values(run):
    for call in (run.calls[c.id] for c in HIDDEN):
        expected = call.call.args[0]
        if not call.returned or type(call.value) is not int or call.value != expected:
            return failed("a hidden case failed")
        if expected and not call.own_processes:
            return failed("a hidden case failed")
    return passed()
