"""Opening times, deadlines and attempt limits of exercises: refused in the service, said on
the page and by the API; staff are never limited."""

from datetime import timedelta

import pytest
from django.utils import timezone

from grader import services
from grader.models import Submission

from ..conftest import logged_in
from ..factories import ExerciseFactory, SubmissionFactory

CODE = "def f():\n    return 1\n"


@pytest.fixture(autouse=True)
def _redis(redis_url):
    """Submitting through the page or the API counts against the rate limit, in Redis."""


def not_open_yet():
    return ExerciseFactory(opens_at=timezone.now() + timedelta(days=1))


def closed():
    return ExerciseFactory(due_at=timezone.now() - timedelta(hours=1), late_policy="none")


def used_up(student):
    exercise = ExerciseFactory(max_attempts=2)
    SubmissionFactory.create_batch(2, student=student, exercise=exercise, status="failed")
    return exercise


CASES = {
    "not open": (lambda student: not_open_yet(), "Not open yet: it opens "),
    "closed": (lambda student: closed(), "Closed: it was due "),
    "attempts": (used_up, "No attempts left: you have used all 2 attempts."),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_service_refuses_and_stores_nothing(student, case):
    make, message = CASES[case]
    exercise = make(student)
    before = Submission.objects.count()
    with pytest.raises(services.InvalidSubmission, match=message):
        services.create_submission(student=student, exercise=exercise, code=CODE)
    assert Submission.objects.count() == before


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_page_says_why(student_client, student, case):
    make, message = CASES[case]
    exercise = make(student)
    before = Submission.objects.count()
    response = student_client.post(f"/exercises/{exercise.slug}/submit", {"code": CODE})
    assert response.status_code == 302 and response["Location"] == exercise.get_absolute_url()
    page = student_client.get(response["Location"]).content.decode()
    assert f'<p class="message error" role="alert">{message}' in page
    assert Submission.objects.count() == before


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_api_answers_400_with_the_reason(api, student, case):
    make, message = CASES[case]
    exercise = make(student)
    response = api.post(
        "/api/v1/submissions", {"exercise": exercise.slug, "code": CODE}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith(message)


def test_submissions_the_platform_failed_to_grade_are_not_counted(student):
    exercise = ExerciseFactory(max_attempts=2)
    SubmissionFactory(student=student, exercise=exercise, status="failed")
    SubmissionFactory(student=student, exercise=exercise, status="error")
    services.create_submission(student=student, exercise=exercise, code=CODE)  # the second
    with pytest.raises(services.InvalidSubmission, match="No attempts left"):
        services.create_submission(student=student, exercise=exercise, code=CODE)


def test_another_students_attempts_do_not_count(student, other_student):
    exercise = used_up(other_student)
    assert services.create_submission(student=student, exercise=exercise, code=CODE).pk


@pytest.mark.parametrize("case", sorted(CASES))
def test_staff_are_never_limited(client, teacher, case):
    make, _ = CASES[case]
    exercise = make(teacher)
    assert services.create_submission(student=teacher, exercise=exercise, code=CODE).pk
    response = logged_in(client, teacher).post(f"/exercises/{exercise.slug}/submit", {"code": CODE})
    assert response.status_code == 302 and response["Location"].startswith("/submissions/")


def test_the_exercise_page_shows_deadline_policy_and_attempts_left(student_client, student):
    due = timezone.now() + timedelta(days=2, hours=3, minutes=30)
    exercise = ExerciseFactory(due_at=due, late_policy="penalty", max_attempts=5)
    SubmissionFactory(student=student, exercise=exercise, status="failed", score=0.5)
    page = student_client.get(exercise.get_absolute_url()).content.decode()
    assert f"<li>Due in 2 days 3 hours ({due:%a} {due.day} {due:%b}, {due:%H:%M} UTC)</li>" in page
    assert "<li>Late: \u221210 % per day started, at most \u221250 %</li>" in page
    assert "<li>4 of 5 attempts left</li>" in page
    assert 'id="refusal"' not in page and "disabled" not in page


def test_the_page_shows_times_in_the_sites_time_zone(student_client, settings):
    settings.TIME_ZONE = "Europe/Paris"
    due = timezone.now() + timedelta(days=3)
    exercise = ExerciseFactory(due_at=due)
    page = student_client.get(exercise.get_absolute_url()).content.decode()
    local = timezone.localtime(due)
    assert f"{local:%H:%M} {local.tzname()})</li>" in page and local.tzname() in {"CET", "CEST"}
    assert "<li>Late work is not accepted</li>" in page


def test_a_page_that_cannot_be_submitted_says_why_before_trying(student_client, student):
    exercise = used_up(student)
    page = student_client.get(exercise.get_absolute_url()).content.decode()
    assert "<li>0 of 2 attempts left</li>" in page
    assert "No attempts left: you have used all 2 attempts." in page
    assert '<button type="submit" disabled>' in page


def test_staff_see_the_schedule_but_are_not_held_to_it(client, teacher):
    exercise = closed()
    page = logged_in(client, teacher).get(exercise.get_absolute_url()).content.decode()
    assert "Closed (it was due" in page and "none of this limits you" in page
    assert "disabled" not in page


def test_a_late_submission_shows_the_score_that_counts(student_client, student):
    exercise = ExerciseFactory(due_at=timezone.now() - timedelta(days=3), late_policy="penalty")
    late = SubmissionFactory(student=student, exercise=exercise, status="passed", score=1.0)
    Submission.objects.filter(pk=late.pk).update(created=exercise.due_at + timedelta(hours=25))
    page = student_client.get(exercise.get_absolute_url()).content.decode()
    assert "100% → 80% (late)" in page
