"""Reads of the grader, with authorisation built in: a student reaches only their own."""

import re

from django.db.models import QuerySet
from django.http import Http404

from courses.models import Exercise

from .models import Submission


def visible_submissions(user) -> QuerySet[Submission]:
    """Staff see every submission; anyone else only their own."""
    submissions = Submission.objects.select_related("exercise", "student")
    if user.is_staff:
        return submissions
    return submissions.filter(student=user)


def submission_for(user, submission_id: int) -> Submission:
    """404, not 403, for someone else's submission: its existence is not theirs to know."""
    try:
        return visible_submissions(user).get(pk=submission_id)
    except Submission.DoesNotExist:
        raise Http404("No such submission.") from None


def submissions_of(user, exercise: Exercise) -> QuerySet[Submission]:
    return Submission.objects.filter(student=user, exercise=exercise).order_by("-created")


def latest_code(user, exercise: Exercise) -> str:
    latest = submissions_of(user, exercise).only("code").first()
    return latest.code if latest else exercise.starter_code


def public_checks(submission: Submission) -> list[dict]:
    """Per-check results as a student may see them: hidden checks without their contents."""
    checks = (submission.verdict or {}).get("checks", [])
    shown = []
    for number, item in enumerate(checks, start=1):
        if item.get("hidden"):
            shown.append(
                {"name": f"hidden check {number}", "passed": item["passed"], "hidden": True}
            )
        else:
            shown.append(
                {
                    "name": item["name"],
                    "passed": item["passed"],
                    "points": item["points"],
                    "message": item["message"],
                    "hidden": False,
                }
            )
    return shown


def queue_position(submission: Submission) -> int | None:
    """1 for the next to be graded; None unless it is still queued. One indexed count."""
    if submission.status != Submission.Status.QUEUED:
        return None
    ahead = Submission.objects.filter(
        status=Submission.Status.QUEUED, created__lt=submission.created
    ).count()
    return ahead + 1


LINE_OF_YOUR_CODE = re.compile(r"\bline (\d+) of your code\b")


def code_lines(submission: Submission, checks: list[dict]) -> list[tuple[int, str, bool]]:
    """The code as (number, text, flagged): flagged where a failed check's feedback
    points ("blocked in Queue.get() at line 6 of your code")."""
    flagged = {
        int(number)
        for check in checks
        if not check["passed"] and not check["hidden"]
        for number in LINE_OF_YOUR_CODE.findall(check.get("message", ""))
    }
    return [
        (number, text, number in flagged)
        for number, text in enumerate(submission.code.splitlines(), start=1)
    ]
