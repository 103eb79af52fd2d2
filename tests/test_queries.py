"""Queries per page, bounded whatever the size of a student's history (N+1 guards)."""

import pytest

from courses.models import Exercise, Lesson

from .factories import SubmissionFactory
from .grader.test_api import VERDICT

# session + user, then the page's own reads
BOUNDS = {
    "course": 8,
    "lesson": 8,
    "quiz": 6,
    "exercise": 8,
    "submission": 4,
    "status": 4,
}


@pytest.fixture
def history(student, course):
    """A student with many submissions across exercises, passed and failed."""
    exercises = list(Exercise.objects.all())
    return [
        SubmissionFactory(
            student=student,
            exercise=exercises[i % len(exercises)],
            status="passed" if i % 3 else "failed",
            score=1.0 if i % 3 else 0.5,
            verdict=VERDICT,
        )
        for i in range(60)
    ]


def urls(history):
    lesson = Lesson.objects.get(slug="process-states")
    return {
        "course": "/courses/processes/",
        "lesson": lesson.get_absolute_url(),
        "quiz": lesson.quiz.get_absolute_url(),
        "exercise": Exercise.objects.get(slug="observe-states").get_absolute_url(),
        "submission": history[-1].get_absolute_url(),
        "status": f"/submissions/{history[-1].pk}/status",
    }


@pytest.mark.parametrize("page", sorted(BOUNDS))
def test_queries_per_page_are_bounded(student_client, history, page, django_assert_max_num_queries):
    url = urls(history)[page]
    student_client.get(url)  # the first visit writes (a lesson read): not what is measured
    with django_assert_max_num_queries(BOUNDS[page]):
        response = student_client.get(url)
    assert response.status_code == 200
