"""`grade` exactly as users and outside checks call it: a subprocess, its stdout and exit status."""

import json
import subprocess
import sys

import pytest
from django.conf import settings

from ..conftest import CONTENT
from ..databases import database_env
from .conftest import require_sandbox

RUN_IN_CHILD = CONTENT / "processes" / "exercises" / "run-in-child"


def grade(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", "grade", *map(str, args)],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture
def env(transactional_db, run_in_child):
    return database_env()


def test_correct_solution_exits_0_with_one_json_object(env):
    require_sandbox()
    result = grade("run-in-child", RUN_IN_CHILD / "solution.py", "--json", "--seed", "7", env=env)
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["exercise"] == "run-in-child" and verdict["passed"] is True
    assert verdict["score"] == 1.0 and verdict["seed"] == 7
    assert isinstance(verdict["duration_ms"], int)
    for check in verdict["checks"]:
        assert set(check) >= {"name", "passed", "message"}


def test_wrong_solution_exits_1_and_says_why(env):
    require_sandbox()
    result = grade("run-in-child", RUN_IN_CHILD / "wrong" / "returns_none.py", env=env)
    assert result.returncode == 1
    assert "FAIL returns the child's exit code: run_in_child(exit_with, [0]) returned None" in (
        result.stdout
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("no-such-exercise", RUN_IN_CHILD / "solution.py"), "no exercise 'no-such-exercise'"),
        (("run-in-child", "/nonexistent/file.py"), "No such file"),
    ],
)
def test_what_cannot_be_graded_exits_2(env, args, message):
    result = grade(*args, env=env)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""
