"""The check vocabulary on hand-made observations: what each helper concludes."""

from grader.checks import (
    Call,
    CallRun,
    Process,
    exit_kind,
    first_violation,
    max_alive,
    parallelism,
    same_result,
    tree,
)


def process(pid, start, end, *, ppid=1, code=0, sig=None, cpu=0.0, cmdline=""):
    return Process(pid, ppid, start, end, None if sig else code, sig, cpu, cmdline)


def test_max_alive_counts_overlaps_not_totals():
    serial = (process(2, 0, 1), process(3, 1, 2), process(4, 2, 3))
    assert max_alive(serial) == 1, "one ending as the next starts is not two at once"
    overlapping = (process(2, 0, 2), process(3, 1, 3), process(4, 1.5, 4), process(5, 3.5, 5))
    assert max_alive(overlapping) == 3
    assert max_alive((process(2, 0, None), process(3, 5, 6))) == 2, "still running counts"


def test_parallelism_is_cpu_time_over_wall_time():
    parallel = (process(2, 0, 1, cpu=0.9), process(3, 0, 1, cpu=0.9))
    assert 1.7 < parallelism(parallel) < 1.9
    serial = (process(2, 0, 1, cpu=0.9), process(3, 1, 2, cpu=0.9))
    assert parallelism(serial) < 1.0


def test_exit_kinds():
    assert exit_kind(process(2, 0, 1, code=0)) == "normal"
    assert exit_kind(process(2, 0, 1, code=3)) == "error"
    assert exit_kind(process(2, 0, 1, sig=9)) == "signal"
    assert exit_kind(process(2, 0, None, code=None)) == "running"
    assert process(2, 0, 1, sig=15).exitcode == -15


def test_tree_is_who_created_whom():
    assert tree((process(2, 0, 1, ppid=1), process(3, 0, 1, ppid=2))) == {2: 1, 3: 2}


def test_same_result_ordered_and_as_multiset():
    assert same_result([1, 4, 9], [1, 4, 9])
    assert not same_result([4, 1, 9], [1, 4, 9])
    assert same_result([4, 1, 9], [1, 4, 9], ordered=False)
    assert not same_result([1, 1, 9], [1, 4, 9], ordered=False), "a multiset, not a set"
    assert not same_result(True, 1), "a bool is not the int it equals"


def test_happens_before_names_the_first_violation():
    events = [(0.1, "start 1"), (0.2, "start 2"), (0.3, "end 1"), (0.4, "end 2")]
    starts_first = first_violation(
        events, lambda e: e.startswith("start"), lambda e: e.startswith("end")
    )
    assert starts_first is None
    late = [(0.1, "start 1"), (0.2, "end 1"), (0.3, "start 2")]
    assert first_violation(
        late, lambda e: e.startswith("start"), lambda e: e.startswith("end")
    ) == (
        "end 1",
        "start 2",
    )


def test_leftovers_are_own_processes_alive_or_unreaped_at_return():
    helper = process(3, 0, 9, ppid=2, cmdline="python -c from multiprocessing.resource_tracker")
    zombie, running, reaped = process(4, 0, 1, ppid=2), process(5, 0, 9, ppid=2), process(6, 0, 1)
    run = CallRun(
        Call("c", "f"),
        "returned",
        caller=process(2, 0, 2),
        processes=(helper, zombie, running, reaped),
        at_return=((2, 1, "t"), (3, 2, "S"), (4, 2, "Z"), (5, 2, "S")),
    )
    assert [(p.pid, state) for p, state in run.leftovers()] == [(4, "Z"), (5, "S")]
    assert [p.pid for p in run.own_processes] == [4, 5, 6]


def test_a_timeout_problem_carries_where_processes_were_blocked():
    run = CallRun(Call("c", "f", (1,), timeout=2), "timeout", blocked=("process 1 was blocked",))
    assert run.problem() == "f(1) did not return within 2 s: process 1 was blocked"


def test_leftovers_seen_for_real_in_the_sandbox():
    from grader import engine

    from .conftest import require_sandbox

    require_sandbox()
    checks = """
from grader.checks import Call, check, failed, passed

CALLS = [Call("c", "leave")]

@check("leaves nothing")
def nothing(run):
    left = run.calls["c"].leftovers()
    return failed(repr(sorted(state for _, state in left))) if left else passed()
"""
    code = """
import os, time

def leave():
    if os.fork() == 0:
        os._exit(0)              # a child that ends and is never waited for: a zombie
    if os.fork() == 0:
        time.sleep(30)           # a child still running when the call returns
        os._exit(0)
    time.sleep(0.3)
"""
    spec = engine.ExerciseSpec("leftovers", checks, {"wall_seconds": 10}, schedules=1)
    verdict = engine.grade(spec, code)
    states = verdict.checks[0].message
    assert "'Z'" in states and ("'S'" in states or "'R'" in states), states


def test_speedup_compares_durations_of_two_calls_in_the_same_job():
    from grader.checks import speedup

    serial = CallRun(Call("ref", "f", source="tasks"), "returned", caller=process(2, 0.0, 2.0))
    parallel = CallRun(Call("c", "f"), "returned", caller=process(3, 2.0, 2.5))
    assert speedup(serial, parallel) == 4.0
    hung = CallRun(Call("c", "f"), "timeout", caller=process(3, 2.0, None))
    assert speedup(serial, hung) is None


def test_a_hidden_result_fails_without_saying_why():
    from grader.checks import Call, CallRun, hidden_result

    calls = [CallRun(Call("a", "f"), "returned", value=1), CallRun(Call("b", "f"), "returned")]
    assert hidden_result(calls, lambda c: None).passed
    result = hidden_result(
        calls, lambda c: None, lambda c: "b is wrong" if c.call.id == "b" else None
    )
    assert not result.passed and result.message == "a hidden case failed"
