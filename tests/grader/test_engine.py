"""The engine on the real sandbox: feedback in the student's terms, and bad input."""

import pytest

from grader import engine

from ..conftest import CONTENT
from .conftest import require_sandbox
from .test_exercises import spec_of

RUN_IN_CHILD = CONTENT / "processes" / "exercises" / "run-in-child"


@pytest.fixture
def grade():
    require_sandbox()
    spec = spec_of(RUN_IN_CHILD)

    def grade(code: str, **kwargs):
        return engine.grade(spec, code, **kwargs)

    return grade


def wrong(name: str) -> str:
    return (RUN_IN_CHILD / "wrong" / name).read_text()


def messages(verdict) -> dict[str, str]:
    return {c.name: c.message for c in verdict.checks}


def test_in_process_solution_is_told_no_child_was_created(grade):
    verdict = grade(wrong("in_caller_process.py"))
    assert "created no new process" in messages(verdict)["runs the target in a new process"]


def test_early_return_is_told_the_child_was_still_running(grade):
    verdict = grade(wrong("no_wait.py"))
    message = messages(verdict)["waits for the child to end"]
    assert "was still running" in message and "join()" in message


def test_none_is_named_with_the_expected_code(grade):
    verdict = grade(wrong("returns_none.py"))
    assert messages(verdict)["returns the child's exit code"] == (
        "run_in_child(exit_with, [0]) returned None; expected 0, because the child exited "
        "with status 0"
    )


def test_hang_is_a_failed_verdict_naming_the_call(grade):
    verdict = grade(wrong("hangs.py"))
    assert not verdict.passed
    assert "did not return within 3 s" in messages(verdict)["runs the target in a new process"]


def test_syntax_error_names_the_line(grade):
    verdict = grade("def run_in_child(target, args):\n    return (\n")
    assert not verdict.passed and verdict.score == 0
    for check in verdict.checks:
        assert "could not be imported: SyntaxError" in check.message
        assert "line 2 of your code" in check.message


def test_missing_function_is_named(grade):
    verdict = grade("def something_else():\n    pass\n")
    assert all("defines no function run_in_child()" in c.message for c in verdict.checks)


def test_exception_at_import_names_the_line(grade):
    verdict = grade("x = 1\nraise RuntimeError('boom')\n")
    assert "RuntimeError: boom (line 2 of your code)" in verdict.checks[0].message


def test_reference_solution_timeline_shows_each_child_and_how_it_ended(grade):
    verdict = grade((RUN_IN_CHILD / "solution.py").read_text(), seed=42)
    assert verdict.seed == 42
    endings = [(p["exit_code"], p["signal"]) for p in verdict.timeline]
    assert (3, None) in endings and (None, 9) in endings and (5, None) in endings
    for process in verdict.timeline:
        assert process["end"] is None or process["end"] >= process["start"]


def test_output_flood_is_cut_and_said_so(grade):
    flood = (RUN_IN_CHILD / "solution.py").read_text() + "\nprint('x' * 10_000_000)\n"
    verdict = grade(flood)
    assert verdict.output_truncated
    assert len(verdict.stdout) < 1_000_000
    assert any("Output limit" in note and "output is cut" in note for note in verdict.notes)


def test_checks_that_do_not_load_are_a_platform_error():
    spec = engine.ExerciseSpec("broken", "CALLS = [", {})
    with pytest.raises(engine.GradingError, match="do not load"):
        engine.grade(spec, "pass")


def test_insecure_mode_marks_the_verdict_unsandboxed():
    spec = spec_of(RUN_IN_CHILD)
    verdict = engine.grade(spec, (RUN_IN_CHILD / "solution.py").read_text(), isolation="none")
    assert verdict.passed
    assert verdict.sandboxed is False and verdict.to_dict()["sandboxed"] is False
    assert any("WITHOUT a sandbox" in note for note in verdict.notes)


def test_each_line_is_attributed_to_the_process_that_wrote_it(grade):
    code = """
import os, time
from multiprocessing import Process

def speak(word, delay):
    time.sleep(delay)
    print(word, os.getpid())

def run_in_child(target, args):
    print("parent first")
    kids = [Process(target=speak, args=(w, d)) for w, d in (("late", 0.3), ("early", 0.1))]
    for k in kids: k.start()
    for k in kids: k.join()
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
"""
    verdict = grade(code)
    assert verdict.passed
    entries = {p["pid"]: p for p in verdict.timeline}
    words = {}
    for entry in entries.values():
        for _, stream, text in entry["output"]:
            word, _, pid = text.partition(" ")
            if word in {"late", "early"}:
                assert int(pid) == entry["pid"], "the line is on the process that printed it"
                words.setdefault(word, []).append(entry)
    assert len(words["early"]) == len(words["late"]) == 7
    first_call = sorted(verdict.timeline, key=lambda p: p["start"])
    texts = [t for p in first_call for _, _, t in p["output"]]
    assert "parent first" in texts


def test_invalid_exercise_limits_are_a_platform_error():
    spec = engine.ExerciseSpec("bad-limits", spec_of(RUN_IN_CHILD).checks_source, {"wall": 3})
    with pytest.raises(engine.GradingError, match="limits of bad-limits are invalid"):
        engine.grade(spec, "pass")
