"""Quizzes are limited like exercises: opening time, deadline, attempts; staff are not."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import Attempt
from quizzes.services import AttemptRefused, submit_attempt

from ..conftest import logged_in
from ..factories import QuestionFactory


def quiz_with(**schedule):
    question = QuestionFactory(**{f"quiz__{name}": value for name, value in schedule.items()})
    return question.quiz, question


def not_open_yet(user):
    return quiz_with(opens_at=timezone.now() + timedelta(hours=2))


def closed(user):
    return quiz_with(due_at=timezone.now() - timedelta(minutes=1), late_policy="none")


def used_up(user):
    quiz, question = quiz_with(max_attempts=1)
    submit_attempt(user, quiz, {})
    return quiz, question


CASES = {
    "not open": (not_open_yet, "Not open yet: it opens "),
    "closed": (closed, "Closed: it was due "),
    "attempts": (used_up, "No attempts left: you have used all 1 attempt."),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_service_refuses(student, case):
    make, message = CASES[case]
    quiz, _ = make(student)
    before = Attempt.objects.count()
    with pytest.raises(AttemptRefused, match=message):
        submit_attempt(student, quiz, {})
    assert Attempt.objects.count() == before


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_page_says_why_and_goes_back_to_the_quiz(student_client, student, case):
    make, message = CASES[case]
    quiz, question = make(student)
    before = Attempt.objects.count()
    response = student_client.post(quiz.get_absolute_url(), {f"q-{question.key}": "1"})
    assert response.status_code == 302 and response["Location"] == quiz.get_absolute_url()
    page = student_client.get(response["Location"]).content.decode()
    assert f'<p class="message error" role="alert">{message}' in page
    assert '<button type="submit" disabled>' in page
    assert Attempt.objects.count() == before


@pytest.mark.parametrize("case", sorted(CASES))
def test_staff_are_never_limited(client, teacher, case):
    make, _ = CASES[case]
    quiz, _ = make(teacher)
    response = logged_in(client, teacher).post(quiz.get_absolute_url(), {})
    assert response.status_code == 302 and "/quiz-attempts/" in response["Location"]


def test_the_quiz_page_shows_deadline_policy_and_attempts_left(student_client, student):
    quiz, _ = quiz_with(
        due_at=timezone.now() + timedelta(hours=5, minutes=30),
        late_policy="penalty",
        penalty_per_day=0.25,
        penalty_cap=1.0,
        grace_minutes=60,
        max_attempts=3,
    )
    submit_attempt(student, quiz, {})
    page = student_client.get(quiz.get_absolute_url()).content.decode()
    assert "<li>Due in 5 hours 29 minutes (" in page or "<li>Due in 5 hours 30 minutes (" in page
    assert "<li>Late: \u221225 % per day started, at most \u2212100 % after 60 minutes" in page
    assert "<li>2 of 3 attempts left</li>" in page


def test_a_late_attempt_counts_less_and_says_so(student_client, student):
    quiz, question = quiz_with(due_at=timezone.now() - timedelta(hours=12), late_policy="penalty")
    student_client.post(quiz.get_absolute_url(), {f"q-{question.key}": "1"})  # right, late
    attempt = Attempt.objects.get(user=student)
    assert attempt.score == 1.0
    page = student_client.get(f"/quiz-attempts/{attempt.pk}/").content.decode()
    assert "It was late: it counts 90%." in page
    assert "100%</a> → 90% (late)" in student_client.get(quiz.get_absolute_url()).content.decode()
