"""Checking the answer keys of "possible outputs" questions against runs of their programs.

The program runs in the sandbox under the grader's schedules (grader/outputs.py); an
output marked possible that never showed, or one marked impossible that did, is a
problem. A quiz with such questions is published only when every key was checked,
as it is now, without a problem.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from grader import outputs
from grader.services import base_limits, isolation

from .models import Question, Quiz


def fingerprint(data: Mapping[str, Any]) -> str:
    checked = [data.get("program"), data.get("choices")]
    return hashlib.sha256(json.dumps(checked, sort_keys=True).encode()).hexdigest()


def request_check(quiz: Quiz) -> int:
    """Queue a check of every outputs question of `quiz`; returns how many."""
    from .tasks import check_answer_key

    ids = list(quiz.questions.filter(kind="outputs").values_list("pk", flat=True))
    for question_id in ids:
        check_answer_key.delay_on_commit(question_id)
    return len(ids)


def check(question_id: int) -> dict | None:
    """Run the program, judge the key, store what was found on the question."""
    question = Question.objects.filter(pk=question_id, kind="outputs").first()
    if question is None:
        return None
    choices = [outputs.Choice(c["output"], c["possible"]) for c in question.data["choices"]]
    result = {"fingerprint": fingerprint(question.data), "checked": timezone.now().isoformat()}
    try:
        seen = outputs.observe(
            question.data["program"],
            [c.output for c in choices if c.possible],
            limits=base_limits(),
            isolation=isolation(),
        )
    except outputs.OutputsError as exc:
        result |= {"runs": 0, "problems": [str(exc)], "seen": {}}
    else:
        problems = outputs.key_problems(choices, seen)
        result |= {"runs": sum(seen.values()), "problems": problems, "seen": dict(seen)}
    Question.objects.filter(pk=question_id).update(key_check=result)
    return result


def keys_verified(quiz: Quiz) -> tuple[bool, str]:
    """(True, "") when every outputs question's key was checked, as it is, without problems."""
    for question in quiz.questions.filter(kind="outputs"):
        found = question.key_check or {}
        if found.get("fingerprint") != fingerprint(question.data):
            return False, f"the answer key of {question.key!r} was not checked as it is now"
        if found.get("problems"):
            return False, f"the answer key of {question.key!r} has problems"
    return True, ""
