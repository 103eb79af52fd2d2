"""Schedule exploration and hang reports, on a small exercise defined here."""

import pytest

from grader import engine

from .conftest import require_sandbox

CHECKS = """
from grader.checks import Call, check, failed, passed

CALLS = [Call("count", "count_together", (2, 300), timeout=8)]

@check("counts every increment")
def counts(run):
    call = run.calls["count"]
    if not call.returned:
        return failed(call.problem())
    if call.value != 600:
        return failed(f"count_together(2, 300) returned {call.value!r}; expected 600")
    return passed()
"""

RACY = """
from multiprocessing import Process, Value

def add(counter, times):
    for _ in range(times):
        counter.value += 1          # read, then write: another process can slip in between

def count_together(workers, times):
    counter = Value("i", 0)
    procs = [Process(target=add, args=(counter, times)) for _ in range(workers)]
    for p in procs: p.start()
    for p in procs: p.join()
    return counter.value
"""

LOCKED = RACY.replace(
    "        counter.value += 1          # read, then write: another process can slip in between",
    "        with counter.get_lock():\n            counter.value += 1",
)

DEADLOCK = """
from multiprocessing import Process, Queue

def consume(q):
    q.get()
    q.get()                          # waits for an item nobody will put

def count_together(workers, times):
    q = Queue()
    child = Process(target=consume, args=(q,))
    child.start()
    q.put(1)
    child.join()
    return 0
"""

SPEC = engine.ExerciseSpec("count-test", CHECKS, {"wall_seconds": 30}, schedules=6)


@pytest.fixture(autouse=True)
def _sandbox():
    require_sandbox()


def test_a_race_is_caught_under_some_schedule_and_named():
    verdict = engine.grade(SPEC, RACY, seed=1000)
    assert not verdict.passed
    assert verdict.schedule["failed_under"].startswith(f"seed {verdict.seed}: ")
    assert "expected 600" in verdict.checks[0].message


def test_the_seed_of_a_failure_replays_it_first():
    first = engine.grade(SPEC, RACY, seed=1000)
    replay = engine.grade(SPEC, RACY, seed=first.seed)
    assert not replay.passed
    assert replay.schedule["explored"] <= first.schedule["explored"]


def test_a_correct_solution_passes_every_explored_schedule():
    verdict = engine.grade(SPEC, LOCKED, seed=1000)
    assert verdict.passed, verdict.checks
    assert verdict.schedule["explored"] >= 2
    assert verdict.schedule["failed_under"] is None


def test_a_hang_reports_where_each_process_was_blocked():
    verdict = engine.grade(SPEC, DEADLOCK, seed=5)
    message = verdict.checks[0].message
    assert "did not return within 8 s" in message
    assert "process 1 (the one that called your function) was blocked in Process.join() " in (
        message
    )
    assert "at line 13 of your code (`child.join()`)" in message
    assert "process 2 (child of 1) was blocked in Queue.get() at line 6 of your code" in message


def test_schedules_are_a_pure_function_of_the_seed():
    assert engine.Schedule.from_seed(7) == engine.Schedule.from_seed(7)
    described = {engine.Schedule.from_seed(s).describe() for s in range(40)}
    assert any("one CPU" in d for d in described) and any("all CPUs" in d for d in described)
    assert any("starting up to" in d for d in described)
