"""Writes of the grader: the life of a submission.

queued --claim--> running --verdict--> passed | failed
                     └--platform failure--> queued again (bounded) --> error
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

import sandbox
from courses.models import Exercise

from . import engine, selectors
from .models import Submission
from .verdict import Verdict

log = logging.getLogger(__name__)


class InvalidSubmission(ValueError):
    """The code cannot be accepted; the message says why, for the student."""


def validate_code(code: str | bytes) -> str:
    """At most SUBMISSION_MAX_BYTES of UTF-8 text without NUL bytes."""
    if isinstance(code, bytes):
        raw = code
    else:
        try:
            raw = code.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InvalidSubmission("The code is not valid UTF-8 text.") from exc
    limit = settings.SUBMISSION_MAX_BYTES
    if len(raw) > limit:
        raise InvalidSubmission(
            f"The code is {len(raw):,} bytes; at most {limit:,} bytes ({limit // 1024} KiB) "
            "are accepted."
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidSubmission(
            f"The code is not valid UTF-8 text (byte {exc.start} cannot be decoded)."
        ) from exc
    if "\x00" in text:
        raise InvalidSubmission("The code contains a NUL byte, which Python source cannot.")
    if not text.strip():
        raise InvalidSubmission("The code is empty.")
    return text


@transaction.atomic  # the attempts counted and the submission stored, as one
def create_submission(*, student, exercise: Exercise, code: str | bytes) -> Submission:
    """Store the submission QUEUED; it is queued for grading once the transaction commits.

    Refused (InvalidSubmission) when the exercise is not open, closed, or the student's
    attempts are used up; staff are never refused for that.
    """
    from .tasks import grade_submission

    if reason := selectors.refusal(student, exercise, lock=True):
        raise InvalidSubmission(reason)
    text = validate_code(code)
    submission = Submission.objects.create(student=student, exercise=exercise, code=text)
    grade_submission.delay_on_commit(submission.pk)
    return submission


def claim(submission_id: int, worker: str) -> Submission | None:
    """QUEUED -> RUNNING in one conditional UPDATE; None when another delivery has it.

    A RUNNING row whose worker has been silent for longer than any grading can take
    (its worker died) may be claimed again.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.GRADING_STALE_AFTER_SECONDS)
    claimed = (
        Submission.objects.filter(pk=submission_id)
        .filter(
            Q(status=Submission.Status.QUEUED)
            | Q(status=Submission.Status.RUNNING, started__lt=stale)
        )
        .update(
            status=Submission.Status.RUNNING,
            started=now,
            attempts=F("attempts") + 1,
            worker=worker[:200],
        )
    )
    if not claimed:
        return None
    return Submission.objects.select_related("exercise").get(pk=submission_id)


def base_limits() -> sandbox.Limits:
    """The operator's limits (SANDBOX_* settings) over the sandbox's own defaults."""
    return sandbox.Limits.from_mapping(settings.SANDBOX_LIMITS)


def isolation() -> str:
    """The sandbox's isolation: "none" only when SANDBOX_MODE=insecure-dev says so."""
    return "none" if settings.SANDBOX_MODE == "insecure-dev" else "bwrap"


def exercise_spec(exercise: Exercise) -> engine.ExerciseSpec:
    return engine.ExerciseSpec(
        slug=exercise.slug,
        checks_source=exercise.checks,
        limits=exercise.limits,
        tasks_source=exercise.tasks,
        schedules=exercise.schedules,
    )


@dataclass(frozen=True)
class RetryLater(Exception):
    """Grading failed for a platform reason and the submission went back to the queue."""

    message: str
    countdown: int


def grade(submission_id: int, worker: str) -> str | None:
    """Claim, grade and store the verdict; returns the final status, None if not claimed."""
    submission = claim(submission_id, worker)
    if submission is None:
        log.info("submission %s: already claimed or final, nothing to do", submission_id)
        return None
    if isolation() == "none":
        log.warning(
            "submission %s: graded WITHOUT isolation (SANDBOX_MODE=insecure-dev)", submission_id
        )
    try:
        verdict = grade_code(submission.exercise, submission.code)
    except engine.GradingError as exc:
        return platform_failure(submission, str(exc))
    status = status_of(verdict)
    finish(submission, status=status, score=verdict.score, verdict=verdict.to_dict())
    return status


def grade_code(exercise: Exercise, code: str, seed: int | None = None) -> Verdict:
    """`code` judged against `exercise` with the operator's limits and isolation
    (`seed` replays a grading's schedules)."""
    return engine.grade(
        exercise_spec(exercise), code, seed=seed, limits=base_limits(), isolation=isolation()
    )


def status_of(verdict: Verdict) -> str:
    return Submission.Status.PASSED if verdict.passed else Submission.Status.FAILED


def platform_failure(submission: Submission, message: str) -> str:
    """Requeue for a retry (raises RetryLater) while attempts remain, else store `error`."""
    log.warning("submission %s attempt %s: %s", submission.pk, submission.attempts, message)
    if submission.attempts < settings.GRADING_MAX_RETRIES:
        Submission.objects.filter(
            pk=submission.pk, status=Submission.Status.RUNNING, attempts=submission.attempts
        ).update(status=Submission.Status.QUEUED)
        raise RetryLater(message, countdown=2**submission.attempts)
    finish(
        submission,
        status=Submission.Status.ERROR,
        score=None,
        verdict=None,
        error=f"The grader could not grade this submission: {message}",
    )
    return Submission.Status.ERROR


def finish(
    submission: Submission, *, status: str, score: float | None, verdict: dict | None, error=""
) -> bool:
    """Store the outcome, only if this attempt still owns the row."""
    return bool(
        Submission.objects.filter(
            pk=submission.pk, status=Submission.Status.RUNNING, attempts=submission.attempts
        ).update(status=status, score=score, verdict=verdict, error=error, finished=timezone.now())
    )
