"""Per-exercise statistics for instructors, on a known set of submissions."""

from datetime import UTC, datetime, timedelta

import pytest

from courses.roles import make_instructor
from grader import selectors

from ..conftest import logged_in
from ..factories import ExerciseFactory, SubmissionFactory, UserFactory

START = datetime(2026, 2, 1, 10, 0, tzinfo=UTC)


def checks(*failing: str) -> dict:
    names = ["A", "B", "C"]
    return {
        "checks": [
            {"name": n, "passed": n not in failing, "points": 1, "message": "", "hidden": n == "C"}
            for n in names
        ]
    }


@pytest.fixture
def known(db):
    exercise = ExerciseFactory(slug="known")
    alice, bob, carol = (UserFactory(username=n) for n in ["alice", "bob", "carol"])
    teacher = UserFactory(username="teacher", is_staff=True)

    def graded(student, status, seconds=None, verdict=None):
        SubmissionFactory(
            student=student,
            exercise=exercise,
            status=status,
            score=None if verdict is None else (1.0 if status == "passed" else 0.5),
            verdict=verdict,
            started=START if seconds else None,
            finished=START + timedelta(seconds=seconds) if seconds else None,
        )

    graded(alice, "failed", 1, checks("A"))
    graded(alice, "failed", 2, checks("A", "B"))
    graded(alice, "passed", 3, checks())  # the third try
    graded(bob, "error", 10)  # the platform's failure: not a try
    graded(bob, "passed", 4, checks())  # the first try
    graded(carol, "failed", 5, checks("A", "C"))
    graded(carol, "queued")
    graded(teacher, "failed", 60, checks("B"))  # staff: left out
    return exercise


def test_the_statistics_of_a_known_set(known):
    stats = selectors.exercise_statistics(known)
    assert stats.submissions == 7
    assert stats.by_status == {"failed": 3, "passed": 2, "error": 1, "queued": 1}
    assert (stats.students, stats.students_passed) == (3, 2)
    assert stats.pass_rate == pytest.approx(2 / 3)
    assert stats.submission_pass_rate == pytest.approx(2 / 5)
    assert stats.median_attempts_to_pass == 2  # alice 3, bob 1
    assert stats.failing_checks == [("A", 3), ("B", 1), ("C", 1)]
    # 1, 2, 3, 4, 5 and 10 seconds: the median between 3 and 4, p95 by nearest rank.
    assert stats.grading_p50 == timedelta(seconds=3.5)
    assert stats.grading_p95 == timedelta(seconds=10)
    assert stats.grading_max == timedelta(seconds=10)


def test_nothing_submitted_yet(db):
    stats = selectors.exercise_statistics(ExerciseFactory())
    assert stats.submissions == stats.students == 0
    assert stats.pass_rate is None and stats.median_attempts_to_pass is None
    assert stats.grading_p50 is None and stats.failing_checks == []


@pytest.mark.parametrize(
    ("values", "percent", "expected"),
    [([7], 95, 7), ([1, 2], 50, 1), ([1, 2], 95, 2), (list(range(1, 21)), 95, 19),
     (list(range(1, 101)), 95, 95), (list(range(1, 102)), 95, 96)],
)  # fmt: skip
def test_nearest_rank(values, percent, expected):
    assert selectors.nearest_rank(values, percent) == expected


def test_the_page_for_staff(client, known):
    instructor = UserFactory(username="instructor")
    make_instructor(instructor, known.lesson.course)
    page = logged_in(client, instructor)
    html = page.get("/exercises/known/statistics/").content.decode()
    assert '<td id="submissions">7 (' in html
    assert '<td id="students">3</td>' in html
    assert '<td id="pass-rate">67% (2 / 3)</td>' in html
    assert '<td id="submission-pass-rate">40%</td>' in html
    assert '<td id="attempts-to-pass">2</td>' in html
    assert "p50 3.5 s, p95 10.0 s, max 10.0 s" in html
    assert '<tr><td>A</td><td class="number">3</td></tr>' in html
    exercise_page = page.get(known.get_absolute_url()).content.decode()
    assert 'href="/exercises/known/statistics/">Statistics</a>' in exercise_page


def test_students_get_404(student_client, known):
    assert student_client.get("/exercises/known/statistics/").status_code == 404
    page = student_client.get(known.get_absolute_url()).content.decode()
    assert "statistics" not in page
