"""Checks of parallel-map: results and order, who did the work, how many at once, how fast.

Judged on kernel facts: the CPU time of the caller and of the processes it
created (who ran the CPU-bound task), how many of those processes were alive at
once, and when each call of fn ran. The trusted task `nap` sleeps in a process of
its own (exit status NAP_STATUS), so the kernel's record shows when each call of
fn ran however long the student's workers took to start; those nap processes
are not counted as the student's. The results are the returned value. Nothing is
recorded by code inside the sandbox.
"""

from grader.checks import Call, check, failed, max_alive_beyond, passed, task

NAPS = [600, 500, 400, 300, 200, 100]  # later items finish first
NAP_STATUS = 93  # as in tasks.py
SPINS = [150, 150, 150, 150]
CALLS = [
    Call("naps", "parallel_map", (task("nap"), NAPS, 3), timeout=8),
    Call("spins", "parallel_map", (task("spin"), SPINS, 2), timeout=8),
    # hidden
    Call("one-worker", "parallel_map", (task("square"), [3, 1, 2], 1), timeout=5),
    Call("more-workers", "parallel_map", (task("nap"), [300, 100], 4), timeout=5),
    Call("no-items", "parallel_map", (task("square"), [], 2), timeout=5),
]
EXPECTED = {
    "naps": [f"napped {ms} ms" for ms in NAPS],
    "spins": [f"spun {ms} ms" for ms in SPINS],
    "one-worker": [9, 1, 4],
    "more-workers": ["napped 300 ms", "napped 100 ms"],
    "no-items": [],
}
VISIBLE = ("naps", "spins")
HIDDEN = ("one-worker", "more-workers", "no-items")

SERIAL_SECONDS = sum(NAPS) / 1000
SPIN_SECONDS = sum(SPINS) / 1000
# An exit is recorded a moment after a parent can see it; shorter overlaps are no excess.
OVERLAP_SLACK = 0.05


def naps_of(call):
    """The processes the trusted nap task slept in: when each call of fn ran."""
    return tuple(p for p in call.processes if p.exit_code == NAP_STATUS)


def workers_of(call):
    """The student's own processes, without the nap task's."""
    return tuple(p for p in call.own_processes if p.exit_code != NAP_STATUS)


def results_problem(call):
    expected = EXPECTED[call.call.id]
    described = call.call.describe()
    if not call.returned:
        return call.problem()
    value = call.value
    if isinstance(value, list) and value == expected:
        return None
    if isinstance(value, (list, tuple)) and sorted(map(repr, value)) == sorted(map(repr, expected)):
        if isinstance(value, tuple):
            return f"{described} returned a tuple; expected a list"
        return (
            f"{described} returned the results in the order they finished, {value!r}; "
            f"expected them in the order of items: {expected!r}"
        )
    return f"{described} returned {value!r}; expected {expected!r}"


@check("returns fn(item) for every item, in order", points=3)
def results_in_order(run):
    for call_id in VISIBLE:
        problem = results_problem(run.calls[call_id])
        if problem:
            return failed(problem)
    return passed("every call returned the results in the order of items")


@check("runs fn in worker processes", points=2)
def in_workers(run):
    call = run.calls["spins"]
    if not call.returned:
        return failed(call.problem())
    described = call.call.describe()
    mine = call.caller.cpu_seconds
    theirs = sum(p.cpu_seconds for p in workers_of(call))
    if mine >= 0.5 * SPIN_SECONDS or theirs < 0.7 * SPIN_SECONDS:
        where = "in threads of your process" if workers_of(call) else "in your process"
        return failed(
            f"{described}: fn keeps the CPU busy for {SPIN_SECONDS:g} s in all; your own "
            f"process used {mine:.2f} s of CPU and the processes you created {theirs:.2f} s: "
            f"fn ran {where}, not in worker processes"
        )
    return passed(f"the worker processes used {theirs:.2f} s of CPU, your own process {mine:.2f} s")


@check("never more than `workers` worker processes alive at once", points=2)
def at_most_workers(run):
    for call_id in VISIBLE:
        call = run.calls[call_id]
        if not call.returned:
            return failed(call.problem())
        workers = call.call.args[2]
        most = max_alive_beyond(workers_of(call), OVERLAP_SLACK)
        if most > workers:
            return failed(
                f"{call.call.describe()} had {most} worker processes alive at once; "
                f"at most {workers} are allowed"
            )
    return passed("never more worker processes alive at once than `workers`")


@check("runs calls at the same time", points=2)
def concurrent(run):
    call = run.calls["naps"]
    if not call.returned:
        return failed(call.problem())
    described = call.call.describe()
    naps = naps_of(call)
    if len(naps) != len(NAPS):
        return failed(f"{described}: fn ran {len(naps)} times; expected {len(NAPS)}")
    most = max_alive_beyond(naps, OVERLAP_SLACK)
    if most < 2:
        return failed(
            f"{described} ran one call of fn after the other (never two at once): it took "
            f"{call.duration:.2f} s, about the {SERIAL_SECONDS:g} s of all the naps in a row; "
            "with 3 workers, up to 3 calls must run at the same time"
        )
    return passed(
        f"{described} ran up to {most} calls of fn at once and took {call.duration:.2f} s "
        f"(one after the other: {SERIAL_SECONDS:g} s)"
    )


@check("handles one worker, more workers than items, and no items", points=1, hidden=True)
def edge_cases(run):
    for call_id in HIDDEN:
        call = run.calls[call_id]
        if results_problem(call):
            return failed("a hidden case failed")
        if max_alive_beyond(workers_of(call), OVERLAP_SLACK) > call.call.args[2]:
            return failed("a hidden case failed")
    if not workers_of(run.calls["one-worker"]):
        return failed("a hidden case failed")
    return passed()
