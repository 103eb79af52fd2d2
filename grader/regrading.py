"""Regrading: the final submissions of an exercise graded again after it changed.

Regrades run on the maintenance queue, which workers serve only when no
student's submission waits (see CELERY_TASK_ROUTES and the queue order). A
submission keeps its old verdict until the new one is stored.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from courses.models import Exercise

from . import engine
from .models import Regrade, Submission
from .services import grade_code, status_of


def start_regrade(exercise: Exercise, user, submissions: Iterable[int] | None = None) -> Regrade:
    """Queue every final submission of `exercise` (or only those ids) for grading again."""
    from .tasks import regrade_submission

    queryset = Submission.objects.filter(exercise=exercise, status__in=Submission.FINAL)
    if submissions is not None:
        queryset = queryset.filter(pk__in=list(submissions))
    ids = list(queryset.order_by("created").values_list("pk", flat=True))
    regrade = Regrade.objects.create(exercise=exercise, requested_by=user, total=len(ids))

    def enqueue() -> None:
        for submission_id in ids:
            regrade_submission.delay(regrade.pk, submission_id)

    transaction.on_commit(enqueue)
    return regrade


def regrade_one(regrade_id: int, submission_id: int) -> bool | None:
    """Grade one submission again; True if its verdict changed, None if it could not."""
    submission = Submission.objects.select_related("exercise").filter(pk=submission_id).first()
    try:
        verdict = grade_code(submission.exercise, submission.code) if submission else None
    except engine.GradingError:
        verdict = None
    if verdict is None:  # deleted meanwhile, or the grader failed: the old verdict stays
        Regrade.objects.filter(pk=regrade_id).update(done=F("done") + 1, failed=F("failed") + 1)
        return None
    status = status_of(verdict)
    changed = (submission.status, submission.score) != (status, verdict.score)
    with transaction.atomic():
        Submission.objects.filter(pk=submission_id).update(
            status=status, score=verdict.score, verdict=verdict.to_dict(), finished=timezone.now()
        )
        Regrade.objects.filter(pk=regrade_id).update(
            done=F("done") + 1, changed=F("changed") + int(changed)
        )
    return changed
