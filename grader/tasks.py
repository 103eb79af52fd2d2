"""Celery tasks: thin; the work is in services."""

import os

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from . import regrading, services, validation
from .models import Submission


@shared_task(bind=True, name="grader.tasks.grade_submission", max_retries=None)
def grade_submission(self, submission_id: int) -> str | None:
    worker = f"{self.request.hostname or 'worker'} pid {os.getpid()}"
    try:
        return services.grade(submission_id, worker)
    except services.RetryLater as retry:
        raise self.retry(countdown=retry.countdown) from None
    except SoftTimeLimitExceeded:
        submission = Submission.objects.get(pk=submission_id)
        try:
            return services.platform_failure(submission, "grading took longer than allowed")
        except services.RetryLater as retry:
            raise self.retry(countdown=retry.countdown) from None


# Maintenance work, on its own queue behind students' gradings: long, so its own limits.
MAINTENANCE_LIMITS = {"soft_time_limit": 900, "time_limit": 960}


@shared_task(name="grader.tasks.validate_exercise", **MAINTENANCE_LIMITS)
def validate_exercise(validation_id: int) -> None:
    validation.run(validation_id)


@shared_task(name="grader.tasks.regrade_submission", **MAINTENANCE_LIMITS)
def regrade_submission(regrade_id: int, submission_id: int) -> bool | None:
    return regrading.regrade_one(regrade_id, submission_id)
