"""The built-in course's quizzes: every 'possible outputs' answer key agrees with real runs."""

import pytest
from django.conf import settings

from grader import outputs
from quizzes.files import read_quizzes

from ..grader.conftest import require_sandbox

COURSES = sorted(p.parent for p in (settings.BASE_DIR / "content").glob("*/course.yaml"))


def outputs_questions():
    for directory in COURSES:
        for quiz in read_quizzes(directory):
            for question in quiz.questions:
                if question.kind == "outputs":
                    yield pytest.param(question, id=f"{quiz.lesson}/{question.key}")


@pytest.mark.parametrize("question", list(outputs_questions()))
def test_the_answer_key_agrees_with_observed_runs(question):
    require_sandbox()
    choices = [outputs.Choice(c["output"], c["possible"]) for c in question.data["choices"]]
    seen = outputs.observe(question.data["program"], [c.output for c in choices if c.possible])
    assert outputs.key_problems(choices, seen) == [], dict(seen)
