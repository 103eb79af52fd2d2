"""Reads of the grader, with authorisation built in: a student reaches only their own."""

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import QuerySet
from django.http import Http404

from courses import selectors as course_selectors
from courses.models import Exercise

from .models import Submission


def visible_submissions(user) -> QuerySet[Submission]:
    """Staff see every submission; anyone else only their own."""
    # A submission's pages need its exercise's title and link, never its code: the
    # status poll reads this on every tick.
    submissions = Submission.objects.select_related("exercise", "student").defer(
        *(f"exercise__{name}" for name in course_selectors.EXERCISE_TEXTS)
    )
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


def attempts_used(student, exercise: Exercise) -> int:
    """Submissions that count against max_attempts: all but those the platform failed to
    grade (status error), which are not the student's doing."""
    return (
        Submission.objects.filter(student=student, exercise=exercise)
        .exclude(status=Submission.Status.ERROR)
        .count()
    )


def refusal(student, exercise: Exercise, *, lock: bool = False) -> str | None:
    """Why `student` may not submit to `exercise` now (not open, closed, no attempts left)."""
    return course_selectors.refusal(
        student, exercise, lambda: attempts_used(student, exercise), lock=lock
    )


def schedule(student, exercise: Exercise) -> course_selectors.Schedule:
    return course_selectors.schedule(student, exercise, lambda: attempts_used(student, exercise))


def with_counted_scores(submissions, exercise: Exercise) -> list[dict]:
    """Each submission with its late factor and the score that counts, for a table."""
    return course_selectors.with_late_factors(exercise, submissions, "submission")


@dataclass
class ExerciseStatistics:
    """How the students did on one exercise (staff's own submissions left out)."""

    submissions: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    students: int = 0
    students_passed: int = 0
    median_attempts_to_pass: float | None = None
    failing_checks: list[tuple[str, int]] = field(default_factory=list)  # most often first
    grading_p50: timedelta | None = None
    grading_p95: timedelta | None = None
    grading_max: timedelta | None = None
    graded: int = 0  # passed or failed

    @property
    def pass_rate(self) -> float | None:
        """Of the students who submitted, the part who passed at least once."""
        return self.students_passed / self.students if self.students else None

    @property
    def submission_pass_rate(self) -> float | None:
        """Of the graded submissions (passed or failed), the part that passed."""
        passed = self.by_status.get(Submission.Status.PASSED, 0)
        return passed / self.graded if self.graded else None


def exercise_statistics(exercise: Exercise) -> ExerciseStatistics:
    """One query, streamed in order of student then time, each row reduced as it comes."""
    rows = (
        Submission.objects.filter(exercise=exercise, student__is_staff=False)
        .order_by("student_id", "created", "id")
        # Only the checks of the verdict: its timeline and output can be large.
        .values_list("student_id", "status", "started", "finished", "verdict__checks")
    )
    by_status, failing, durations = Counter(), Counter(), []
    tries: Counter = Counter()  # student -> submissions so far, errors left out
    tries_to_pass: dict[int, int] = {}  # student -> submissions up to the first pass
    for student_id, status, started, finished, checks in rows.iterator(chunk_size=500):
        by_status[status] += 1
        tries[student_id] += status != Submission.Status.ERROR  # a platform failure is free
        if status == Submission.Status.PASSED:
            tries_to_pass.setdefault(student_id, tries[student_id])
        if status in GRADED:  # once per submission, however often a name repeats
            failing.update({c["name"] for c in checks or [] if not c.get("passed")})
        if started and finished and status in Submission.FINAL:
            durations.append(finished - started)
    durations.sort()
    return ExerciseStatistics(
        submissions=sum(by_status.values()),
        by_status=dict(by_status),
        graded=sum(by_status[status] for status in GRADED),
        students=len(tries),
        students_passed=len(tries_to_pass),
        median_attempts_to_pass=(
            statistics.median(tries_to_pass.values()) if tries_to_pass else None
        ),
        failing_checks=sorted(failing.items(), key=lambda item: (-item[1], item[0])),
        grading_p50=statistics.median(durations) if durations else None,
        grading_p95=nearest_rank(durations, 95) if durations else None,
        grading_max=durations[-1] if durations else None,
    )


GRADED = (Submission.Status.PASSED, Submission.Status.FAILED)


def nearest_rank(ordered: list, percent: int):
    """The `percent` percentile by nearest rank: always one of the values, never between."""
    rank = max(1, -(-len(ordered) * percent // 100))  # ceil(n x percent / 100), integers
    return ordered[rank - 1]
