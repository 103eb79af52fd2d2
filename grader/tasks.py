"""Celery tasks: thin; the work is in services."""

import os

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from . import services
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
