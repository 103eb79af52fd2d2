import pytest
import redis
from django.conf import settings

from grader import engine, services
from grader.models import Submission

from ..factories import SubmissionFactory


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("x" * (64 * 1024 + 1), "at most 65,536 bytes"),
        (b"\xff\xfe not utf-8", "not valid UTF-8"),
        ("\ud800", "not valid UTF-8"),
        ("print(1)\x00", "NUL byte"),
        ("   \n", "empty"),
    ],
)
def test_bad_code_is_refused_with_a_clear_message(code, message):
    with pytest.raises(services.InvalidSubmission, match=message):
        services.validate_code(code)


def test_code_of_exactly_the_limit_is_accepted():
    assert services.validate_code("#" * (64 * 1024)) == "#" * (64 * 1024)


def test_bad_code_stores_nothing(student, run_in_child):
    with pytest.raises(services.InvalidSubmission):
        services.create_submission(student=student, exercise=run_in_child, code="\x00")
    assert not Submission.objects.exists()


def test_submission_is_queued_in_redis_only_once_committed(
    student, run_in_child, redis_url, django_capture_on_commit_callbacks
):
    broker = redis.Redis.from_url(redis_url)
    before = broker.llen("grading")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submission = services.create_submission(
            student=student, exercise=run_in_child, code="def run_in_child(t, a):\n    pass\n"
        )
    assert submission.status == Submission.Status.QUEUED
    assert broker.llen("grading") == before, "enqueued before the commit"
    for callback in callbacks:
        callback()
    assert broker.llen("grading") == before + 1
    broker.rpop("grading")  # do not leave it for a worker of another test


def test_claim_is_taken_once(db):
    submission = SubmissionFactory()
    first = services.claim(submission.pk, "w1")
    assert first.status == Submission.Status.RUNNING and first.attempts == 1
    assert services.claim(submission.pk, "w2") is None


def test_a_stale_running_claim_can_be_taken_again(db):
    from datetime import timedelta

    from django.utils import timezone

    stale = timezone.now() - timedelta(seconds=settings.GRADING_STALE_AFTER_SECONDS + 1)
    submission = SubmissionFactory(status=Submission.Status.RUNNING, started=stale, attempts=1)
    again = services.claim(submission.pk, "w2")
    assert again is not None and again.attempts == 2 and again.worker == "w2"


def test_final_submission_is_not_claimed(db):
    submission = SubmissionFactory(status=Submission.Status.PASSED)
    assert services.claim(submission.pk, "w") is None


def test_platform_failure_requeues_then_stores_error(db, monkeypatch, settings):
    settings.GRADING_MAX_RETRIES = 2
    submission = SubmissionFactory()

    def broken(*args, **kwargs):
        raise engine.GradingError("the sandbox failed: no bwrap")

    monkeypatch.setattr(engine, "grade", broken)  # the seam: a unit test of the lifecycle
    with pytest.raises(services.RetryLater):
        services.grade(submission.pk, "w")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.QUEUED and submission.attempts == 1
    assert services.grade(submission.pk, "w") == Submission.Status.ERROR
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ERROR
    assert "no bwrap" in submission.error and submission.finished is not None


def test_a_late_attempt_does_not_overwrite_a_newer_one(db):
    submission = SubmissionFactory()
    old = services.claim(submission.pk, "w1")
    Submission.objects.filter(pk=submission.pk).update(attempts=2)  # reclaimed meanwhile
    assert not services.finish(old, status="passed", score=1.0, verdict={})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RUNNING
