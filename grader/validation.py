"""Validating an exercise before it is published: its stored solutions through the real grader.

An exercise may be published only if its reference solution and every other
correct solution pass, and every wrong solution fails, as the exercise is now:
the validation records a fingerprint of what it graded, and an exercise changed
since (checks, tasks, limits, solutions) needs validating again.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from courses.models import Exercise

from . import engine
from .models import Validation
from .services import grade_code

# What a validation grades: a change to any of these needs a new validation.
GRADED = (
    "checks",
    "tasks",
    "limits",
    "schedules",
    "reference_solution",
    "solutions",
    "wrong_solutions",
)


def fingerprint(exercise: Exercise, changes: Mapping[str, Any] | None = None) -> str:
    """Of the exercise's graded fields, with `changes` (a form's values) over them."""
    values = {name: getattr(exercise, name) for name in GRADED} | dict(changes or {})
    graded = [values[name] for name in GRADED]
    return hashlib.sha256(json.dumps(graded, sort_keys=True).encode()).hexdigest()


def stored_solutions(exercise: Exercise) -> list[tuple[str, str, str]]:
    """(file, code, "pass" or "fail"): what each stored solution must do."""
    files = [("solution.py", exercise.reference_solution, "pass")]
    files += [(f"solutions/{n}", code, "pass") for n, code in sorted(exercise.solutions.items())]
    files += [(f"wrong/{n}", code, "fail") for n, code in sorted(exercise.wrong_solutions.items())]
    return files


def request_validation(exercise: Exercise, user) -> Validation:
    """Queue a validation (on the maintenance queue, behind students' gradings)."""
    from .tasks import validate_exercise

    validation = Validation.objects.create(
        exercise=exercise, requested_by=user, fingerprint=fingerprint(exercise)
    )
    validate_exercise.delay_on_commit(validation.pk)
    return validation


def claim(validation_id: int) -> Validation | None:
    claimed = Validation.objects.filter(pk=validation_id, status=Validation.Status.QUEUED).update(
        status=Validation.Status.RUNNING
    )
    if not claimed:
        return None
    return Validation.objects.select_related("exercise").get(pk=validation_id)


def run(validation_id: int) -> Validation | None:
    """Grade every stored solution; the validation is ok if each did what it must."""
    validation = claim(validation_id)
    if validation is None:
        return None
    exercise = validation.exercise
    try:
        results = [grade_one(exercise, *item) for item in stored_solutions(exercise)]
    except engine.GradingError as exc:
        return finish(validation, Validation.Status.ERROR, results=[], error=str(exc))
    return finish(validation, Validation.Status.DONE, results=results)


def grade_one(exercise: Exercise, name: str, code: str, expected: str) -> dict:
    started = time.monotonic()
    verdict = grade_code(exercise, code)
    failed = next((c for c in verdict.checks if not c.passed), None)
    return {
        "file": name,
        "expected": expected,
        "passed": verdict.passed,
        "ok": verdict.passed == (expected == "pass"),
        "failed_check": failed.name if failed else "",
        "message": failed.message[:500] if failed else "",
        "seconds": round(time.monotonic() - started, 2),
    }


def finish(validation: Validation, status: str, *, results: list, error: str = "") -> Validation:
    validation.status = status
    validation.results = results
    validation.ok = status == Validation.Status.DONE and all(r["ok"] for r in results)
    validation.error = error
    validation.finished = timezone.now()
    validation.save(update_fields=["status", "results", "ok", "error", "finished"])
    return validation


def publishable(exercise: Exercise, changes: Mapping[str, Any] | None = None) -> tuple[bool, str]:
    """May it be published (with `changes` about to be saved)? (True, "") or (False, why)."""
    latest = exercise.validations.filter(status=Validation.Status.DONE).order_by("-created").first()
    if latest is None:
        return False, "it has not been validated: validate it first"
    if latest.fingerprint != fingerprint(exercise, changes):
        return False, "it changed since its last validation: validate it again"
    if not latest.ok:
        bad = [r["file"] for r in latest.results if not r["ok"]]
        return False, f"its last validation failed ({', '.join(bad)} did not do what it must)"
    return True, ""
