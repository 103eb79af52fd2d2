"""Every stored solution of every exercise, graded through the real sandbox.

Correct ones (solution.py, solutions/*.py) must pass; wrong ones (wrong/*.py) must
fail, and the first failed check must be the one their header names.
"""

import re
from pathlib import Path

import pytest

from courses.content import read_exercise
from grader import engine

from ..conftest import CONTENT
from .conftest import require_sandbox

EXERCISES = sorted(p.parent for p in CONTENT.glob("*/exercises/*/exercise.yaml"))


def spec_of(directory: Path) -> engine.ExerciseSpec:
    exercise = read_exercise(directory)
    return engine.ExerciseSpec(
        exercise.slug, exercise.checks, exercise.limits, exercise.tasks, exercise.schedules
    )


def correct_solutions():
    for directory in EXERCISES:
        for path in [directory / "solution.py", *sorted(directory.glob("solutions/*.py"))]:
            yield pytest.param(directory, path, id=f"{directory.name}/{path.name}")


def wrong_solutions():
    for directory in EXERCISES:
        for path in sorted(directory.glob("wrong/*.py")):
            yield pytest.param(directory, path, id=f"{directory.name}/{path.name}")


def expected_failure(path: Path) -> str:
    found = re.search(r"^# Expected first failing check: (.+)$", path.read_text(), re.M)
    assert found, f"{path} must name its expected first failing check"
    return found.group(1).strip()


def expected_message(path: Path) -> str | None:
    """What the feedback must say; optional for a wrong solution caught by a hidden check."""
    found = re.search(r"^# Expected message contains: (.+)$", path.read_text(), re.M)
    return found.group(1).strip() if found else None


@pytest.mark.parametrize(("directory", "path"), list(correct_solutions()))
def test_correct_solution_passes(directory, path):
    require_sandbox()
    verdict = engine.grade(spec_of(directory), path.read_text())
    failures = [(c.name, c.message) for c in verdict.checks if not c.passed]
    assert verdict.passed, failures
    assert verdict.score == 1.0


@pytest.mark.parametrize(("directory", "path"), list(wrong_solutions()))
def test_wrong_solution_fails_on_the_check_that_names_its_bug(directory, path):
    require_sandbox()
    verdict = engine.grade(spec_of(directory), path.read_text())
    first = next((c for c in verdict.checks if not c.passed), None)
    assert first is not None, f"{path.name} passed every check"
    assert first.name == expected_failure(path), first.message
    assert first.message, "a failed check must say what was expected and what was observed"
    if (phrase := expected_message(path)) is not None:
        assert phrase in first.message
    else:
        assert first.hidden, f"{path.name}: a visible check's message must be asserted"
    assert verdict.score < 1.0
