"""Checks of count-together: the final count, workers at the same time, each one counting.

Judged on kernel facts and the returned value: the grader first makes the same
number of synchronised increments itself, in one process (the trusted task
count_alone, a caller process of its own): the kernel's record of its CPU time
is what they cost here, now. Then the student's call: how many of its processes
were alive at once (the kernel's start and end of each), and how much CPU each
used (each worker must show a fair part of its share of the reference: adding 1
to the shared counter `increments` times is not free, adding a local total once
is). The count itself is the returned value, compared with workers * increments.
Nothing is recorded by code inside the sandbox.
"""

from grader.checks import Call, check, failed, max_alive, passed

WORKERS = 4
INCREMENTS = 60_000
TOTAL = WORKERS * INCREMENTS
REFERENCE = Call("reference", "count_alone", (TOTAL,), timeout=15, source="tasks")
VISIBLE = Call("four-workers", "count_together", (WORKERS, INCREMENTS), timeout=15)
HIDDEN = [
    Call("two-workers", "count_together", (2, 3_000), timeout=8),
]
CALLS = [REFERENCE, VISIBLE, *HIDDEN]

# The workers together must have used at least this part of the reference's CPU
# time (contention makes each increment dearer, never twice as cheap), and each
# of them at least this part of what the busiest one used (same work each).
TOTAL_SHARE = 0.5
FAIR_SHARE = 0.2
# CPU time is counted in ticks of 10 ms: a worker is idle only when it used this
# much less than the busiest one too.
TICKS = 0.1


def reference_cost(run):
    reference = run.calls["reference"]
    if not reference.returned or reference.caller is None or reference.value != TOTAL:
        raise RuntimeError(f"the reference count did not run: {reference.problem()}")
    return reference.caller.cpu_seconds


def value_problem(call):
    if not call.returned:
        return call.problem()
    workers, increments = call.call.args
    expected = workers * increments
    described = call.call.describe()
    if type(call.value) is not int:
        return f"{described} returned {call.value!r}; expected the int {expected}"
    if call.value < expected:
        lost = expected - call.value
        return (
            f"{described} returned {call.value}; expected {expected}: {lost} increments "
            "were lost. `counter.value += 1` reads the value, then writes it back plus one: "
            "when two workers read the same value in between, one increment is lost. "
            "Hold the counter's lock around the whole `+= 1`"
        )
    if call.value != expected:
        return f"{described} returned {call.value}; expected {expected}"
    return None


@check("returns workers * increments", points=4)
def full_count(run):
    found = value_problem(run.calls["four-workers"])
    return failed(found) if found else passed(f"the count was {TOTAL}, as expected")


@check("runs `workers` processes at the same time", points=2)
def together(run):
    call = run.calls["four-workers"]
    if not call.returned:
        return failed(call.problem())
    # No slack: a process's end is recorded when it began to exit, before its parent
    # could wait for it, so workers started one after another never seem to overlap;
    # and workers that count fast after a start gate live only milliseconds together.
    most = max_alive(call.own_processes)
    if most < WORKERS:
        return failed(
            f"{call.call.describe()}: at most {most} of your processes "
            f"{'was' if most == 1 else 'were'} alive at the same time; expected {WORKERS} "
            "workers, all alive together (start them all, then let them count)"
        )
    return passed(f"{most} of your processes were alive at the same time")


@check("each worker adds 1 to the shared counter itself", points=3)
def each_counts(run):
    call = run.calls["four-workers"]
    if not call.returned:
        return failed(call.problem())
    described = call.call.describe()
    cost = reference_cost(run)
    mine = call.caller.cpu_seconds
    theirs = sum(p.cpu_seconds for p in call.own_processes)
    if theirs < TOTAL_SHARE * cost:
        where = (
            f"; your own process (the caller) used {mine:.2f} s: it did the counting"
            if mine >= TOTAL_SHARE * cost
            else ""
        )
        return failed(
            f"{described}: {TOTAL} synchronised increments take about {cost:.2f} s of CPU "
            f"here, but your workers used {theirs:.2f} s in all{where}. Each worker must add "
            f"1 to the shared counter {INCREMENTS} times itself (not count in your own "
            "process, not add a local total once)"
        )
    busiest = sorted(call.own_processes, key=lambda p: p.cpu_seconds, reverse=True)[:WORKERS]
    most = busiest[0].cpu_seconds
    idle = [
        p for p in busiest if p.cpu_seconds < FAIR_SHARE * most and most - p.cpu_seconds >= TICKS
    ]
    if len(busiest) < WORKERS or idle:
        used = ", ".join(f"{p.cpu_seconds:.2f} s" for p in busiest)
        return failed(
            f"{described}: your busiest {WORKERS} processes used {used} of CPU: one did most "
            f"of the counting. Each of the {WORKERS} workers must add 1 to the shared "
            f"counter {INCREMENTS} times"
        )
    return passed(
        f"your workers used {theirs:.2f} s of CPU in all, each at least "
        f"{busiest[-1].cpu_seconds:.2f} s ({TOTAL} synchronised increments take about "
        f"{cost:.2f} s here)"
    )


@check("works with other numbers of workers and increments", points=1, hidden=True)
def other_counts(run):
    for call in HIDDEN:
        result = run.calls[call.id]
        if value_problem(result) or len(result.own_processes) < call.args[0]:
            return failed("a hidden case failed")
    return passed()
