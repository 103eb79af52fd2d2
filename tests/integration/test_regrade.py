"""Regrading through a real worker: verdicts replaced in place, live submissions first."""

import time

from grader import regrading, services
from grader.models import Regrade, Submission

from ..factories import SubmissionFactory
from .conftest import wait_for_verdict
from .test_worker import RUN_IN_CHILD

OLD = {"checks": [], "old": True}


def wait_for_regrade(regrade_id: int, timeout: float = 120) -> Regrade:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        regrade = Regrade.objects.get(pk=regrade_id)
        if regrade.done == regrade.total:
            return regrade
        time.sleep(0.2)
    raise AssertionError(f"regrade {regrade_id} is at {regrade.done} of {regrade.total}")


def test_a_regrade_replaces_verdicts_behind_a_students_live_submission(
    worker, student, other_student, teacher, run_in_child
):
    right = (RUN_IN_CHILD / "solution.py").read_text()
    stale = [
        SubmissionFactory(
            student=student, exercise=run_in_child, code=right, status="failed", score=0.0,
            verdict=OLD,
        )
        for _ in range(8)
    ]  # fmt: skip
    regrade = regrading.start_regrade(run_in_child, teacher)
    assert regrade.total == 8
    live = [
        services.create_submission(student=other_student, exercise=run_in_child, code=right)
        for _ in range(4)
    ]
    for submission in live:
        assert wait_for_verdict(submission.pk).status == Submission.Status.PASSED
    # The worker's two processes were busy with a regrade each when the students
    # submitted; after those, every student's submission came before the next regrade
    # (one more may have been started by the process that finished its share first).
    behind = Regrade.objects.get(pk=regrade.pk)
    assert behind.done <= 3, f"{behind.done} regrades were done before the 4 live submissions"
    waiting = Submission.objects.filter(pk__in=[s.pk for s in stale], verdict__old=True)
    assert all(s.status == "failed" for s in waiting)  # old verdicts kept until replaced

    regrade = wait_for_regrade(regrade.pk)
    assert (regrade.done, regrade.changed, regrade.failed) == (8, 8, 0)
    for submission in Submission.objects.filter(pk__in=[s.pk for s in stale]):
        assert submission.status == "passed" and submission.score == 1.0
        assert "old" not in submission.verdict and submission.verdict["checks"]
