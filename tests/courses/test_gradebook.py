"""The grade book: staff only, scores after the late penalty, sorting, the CSV export, one
student's detail, and a number of queries that does not grow with the class."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import deadlines, gradebook
from courses.models import Course
from courses.roles import make_instructor
from grader.models import Submission
from quizzes.models import Attempt

from ..conftest import logged_in
from ..factories import (
    CourseFactory,
    ExerciseFactory,
    LessonFactory,
    QuizFactory,
    SubmissionFactory,
    UserFactory,
)

DUE = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
SECOND, DAY = timedelta(seconds=1), timedelta(days=1)
PENALTY = {"due_at": DUE, "late_policy": "penalty"}  # 10 % per day started, at most 50 %


def submit(student, exercise, score, at, status=None):
    found = SubmissionFactory(
        student=student,
        exercise=exercise,
        score=score,
        status=status or ("passed" if score == 1 else "failed"),
    )
    Submission.objects.filter(pk=found.pk).update(created=at)  # created is auto_now_add
    return found


def answer(user, quiz, score, at):
    found = Attempt.objects.create(quiz=quiz, user=user, score=score)
    Attempt.objects.filter(pk=found.pk).update(created=at)
    return found


@pytest.fixture
def klass(db):
    """A course of two lessons (drafts around them) and three students with known work."""
    course = CourseFactory(slug="c", title="C")
    one = LessonFactory(course=course, slug="lesson-one", order=1)
    two = LessonFactory(course=course, slug="lesson-two", order=2)
    hidden = LessonFactory(course=course, slug="draft-lesson", order=3, published=False)
    quiz = QuizFactory(lesson=one, title="Quiz one", **PENALTY)
    e2 = ExerciseFactory(lesson=one, slug="e2", title="Second", order=2)
    e1 = ExerciseFactory(lesson=one, slug="e1", title="First", order=1, **PENALTY)
    e4 = ExerciseFactory(lesson=two, slug="e4", title="Fourth", due_at=DUE)  # no late work
    draft = ExerciseFactory(lesson=two, slug="e3", order=0, published=False)
    ExerciseFactory(lesson=hidden, slug="e5")
    QuizFactory(lesson=two, published=False)
    alice, bob, carol = (UserFactory(username=name) for name in ["alice", "bob", "carol"])
    teacher = UserFactory(username="teacher", is_staff=True)
    UserFactory(username="dave")  # did nothing: no row

    answer(alice, quiz, 1.0, DUE + SECOND)  # x 0.9
    answer(alice, quiz, 0.5, DUE + 2 * DAY + SECOND)  # x 0.7, the last one
    submit(alice, e1, 0.5, DUE - DAY)
    submit(alice, e1, 1.0, DUE + DAY + SECOND)  # x 0.8, the best
    submit(alice, e2, None, DUE, status="error")  # not graded: nothing to count
    submit(alice, e4, 0.7, DUE)
    submit(alice, draft, 1.0, DUE)  # a draft: not a column

    submit(bob, e1, 1.0, DUE)  # exactly at the deadline: on time
    submit(bob, e2, 0.2, DUE + 9 * DAY)  # no deadline: never late

    answer(carol, quiz, 0.4, DUE - DAY)
    submit(carol, e1, 1.0, DUE + 30 * DAY)  # x 0.5, the cap
    submit(carol, e1, 0.6, DUE + SECOND)  # x 0.9 = 0.54, the best

    submit(teacher, e1, 1.0, DUE)  # staff: not a student
    answer(teacher, quiz, 1.0, DUE)
    return course


EXPECTED_CSV = (
    "student,quiz:lesson-one,exercise:e1,exercise:e2,exercise:e4,total\r\n"
    "alice,90.0,80.0,,70.0,60.0\r\n"
    "bob,,100.0,20.0,,30.0\r\n"
    "carol,40.0,54.0,,,23.5\r\n"
)


def staff(client, db):
    """An instructor of every course there is."""
    user = UserFactory(username="instructor")
    for course in Course.objects.all():
        make_instructor(user, course)
    return logged_in(client, user)


def csv_text(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_the_csv_export_of_a_small_class(client, klass):
    response = staff(client, klass).get("/courses/c/gradebook.csv")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="c-gradebook.csv"'
    assert csv_text(response) == EXPECTED_CSV


def test_with_last_attempt_scoring_the_last_attempt_counts(client, klass):
    Course.objects.filter(pk=klass.pk).update(quiz_scoring="last")
    lines = csv_text(staff(client, klass).get("/courses/c/gradebook.csv")).splitlines()
    assert lines[1] == "alice,35.0,80.0,,70.0,46.2"  # 0.5 x 0.7, then (35+80+70)/4
    assert lines[3] == "carol,40.0,54.0,,,23.5"


def test_a_username_a_spreadsheet_would_run_is_kept_as_text(client, db):
    exercise = ExerciseFactory(lesson__course__slug="f")
    submit(UserFactory(username="-2+3"), exercise, 1.0, DUE)
    text = csv_text(staff(client, db).get("/courses/f/gradebook.csv"))
    assert text.splitlines()[1] == "'-2+3,100.0,100.0"


def test_the_page_lists_students_items_in_course_order_and_scores(client, klass):
    page = staff(client, klass).get("/courses/c/gradebook/").content.decode()
    titles = ["Quiz one", "First", "Second", "Fourth"]
    positions = [page.index(f">{title}</a>") for title in titles]
    assert positions == sorted(positions)
    assert "e3" not in page and "dave" not in page and ">teacher<" not in page
    alice = UserFactory(username="alice")
    assert f'href="/courses/c/gradebook/{alice.pk}/">alice</a>' in page
    assert '<td class="number">54.0</td>' in page
    assert "/courses/c/gradebook.csv" in page


def order_of(page: str) -> list[str]:
    body = page[page.index("<tbody>") :]
    found = {name: body.find(f">{name}</a>") for name in ["alice", "bob", "carol"]}
    return sorted((name for name in found if found[name] >= 0), key=found.get)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["alice", "bob", "carol"]),
        ("student", ["alice", "bob", "carol"]),
        ("-student", ["carol", "bob", "alice"]),
        ("total", ["carol", "bob", "alice"]),
        ("-total", ["alice", "bob", "carol"]),
        ("exercise:e1", ["carol", "alice", "bob"]),
        ("-exercise:e1", ["bob", "alice", "carol"]),
        ("exercise:e2", ["alice", "carol", "bob"]),  # nothing is lowest; ties by name
        ("-exercise:e2", ["bob", "alice", "carol"]),
        ("quiz:lesson-one", ["bob", "carol", "alice"]),
        ("no-such-column", ["alice", "bob", "carol"]),
    ],
)
def test_sorting_by_any_column(client, klass, sort, expected):
    page = staff(client, klass).get("/courses/c/gradebook/", {"sort": sort}).content.decode()
    assert order_of(page) == expected


def test_a_heading_sorts_by_it_then_the_other_way(client, klass):
    page = staff(client, klass).get("/courses/c/gradebook/?sort=total").content.decode()
    assert '<th scope="col" aria-sort="ascending"><a href="?sort=-total">Total</a>' in page
    assert '<a href="?sort=exercise%3Ae1">First</a>' in page


def test_a_students_detail_lists_every_submission_and_attempt(client, klass):
    alice = UserFactory(username="alice")
    page = staff(client, klass).get(f"/courses/c/gradebook/{alice.pk}/").content.decode()
    for item, counts in [("quiz:lesson-one", "90"), ("exercise:e1", "80"), ("exercise:e4", "70")]:
        section = page[page.index(f'id="{item}"') :]
        assert f"counts {counts}%" in section[: section.index("</h2>")]
    e1 = page[page.index('id="exercise:e1"') : page.index('id="exercise:e2"')]
    assert e1.count("<tr>") == 3  # the header and two submissions
    assert "2026-01-14 12:00:00 UTC" in e1 and "2026-01-16 12:00:01 UTC" in e1
    assert '<td class="number">0.8</td><td class="number">80%</td>' in e1
    e2 = page[page.index('id="exercise:e2"') : page.index('id="exercise:e4"')]
    assert "nothing yet" in e2 and "error" in e2
    submission = Submission.objects.filter(student=alice, exercise__slug="e1").first()
    assert submission.get_absolute_url() in e1


def test_the_course_page_links_the_grade_book_and_statistics_for_staff_only(client, klass):
    page = staff(client, klass).get("/courses/c/").content.decode()
    assert 'href="/courses/c/gradebook/">Grade book</a>' in page
    assert 'href="/exercises/e1/statistics/">statistics</a>' in page
    client.logout()
    page = logged_in(client, UserFactory(username="alice")).get("/courses/c/").content.decode()
    assert "gradebook" not in page and "statistics" not in page


@pytest.mark.parametrize(
    "url", ["/courses/c/gradebook/", "/courses/c/gradebook.csv", "/exercises/e1/statistics/"]
)
def test_students_get_404_and_strangers_the_login_page(client, klass, url):
    assert client.get(url).status_code == 302
    assert logged_in(client, UserFactory(username="alice")).get(url).status_code == 404


def test_a_students_detail_is_404_for_students(client, klass):
    alice = UserFactory(username="alice")
    response = logged_in(client, alice).get(f"/courses/c/gradebook/{alice.pk}/")
    assert response.status_code == 404


def test_the_database_and_the_arithmetic_agree_around_every_boundary(db):
    """The grade book groups by days late in SQL; late_factor decides one time at a time."""
    lesson = LessonFactory(course__slug="g")
    graced = ExerciseFactory(lesson=lesson, grace_minutes=30, **PENALTY)
    # 0.1 % per day up to 100 %: a thousand levels, so its rows come one by one.
    slow = ExerciseFactory(lesson=lesson, penalty_per_day=0.001, penalty_cap=1.0, **PENALTY)
    assert deadlines.penalty_levels(slow) > gradebook.MAX_LEVELS
    offsets = [-DAY, timedelta(0), 30 * timedelta(minutes=1), SECOND, DAY, 2 * DAY, 70 * DAY]
    times = sorted({DUE + grace + offset for offset in offsets for grace in [timedelta(0)]})
    times += [DUE + timedelta(minutes=30) + offset + SECOND for offset in offsets]
    students = [UserFactory() for _ in range(6)]
    expected = {}
    scores = itertools.cycle([1.0, 0.3, 0.75, 0.9, 0.5])
    for index, student in enumerate(students):
        for exercise in [graced, slow]:
            chosen = times[index:] + times[: index % 3]
            counted = []
            for at in chosen[: 3 + index]:
                score = next(scores)
                submit(student, exercise, score, at)
                counted.append(score * deadlines.late_factor(exercise, at))
            expected[(student.username, f"exercise:{exercise.slug}")] = max(counted)
    course = lesson.course
    cols = gradebook.columns(course)
    found = {
        (row.username, key): value
        for row in gradebook.rows(course, cols)
        for key, value in row.scores.items()
    }
    assert found == pytest.approx(expected)


@pytest.fixture
def big_class(db):
    """A course of two lessons, each with a quiz and two exercises (one late, with a
    penalty); `make(n)` adds n students who did everything, some of it late."""
    course = CourseFactory(slug="big")
    items = []
    for order in (1, 2):
        lesson = LessonFactory(course=course, order=order)
        quiz = QuizFactory(lesson=lesson, **PENALTY)
        exercises = [ExerciseFactory(lesson=lesson, order=n, **PENALTY) for n in (1, 2)]
        items.append((quiz, exercises))

    def make(n: int) -> None:
        for _ in range(n):
            student = UserFactory()
            for quiz, exercises in items:
                answer(student, quiz, 0.5, DUE - DAY)
                answer(student, quiz, 1.0, DUE + DAY)  # x 0.9
                for exercise in exercises:
                    submit(student, exercise, 0.5, DUE)
                    submit(student, exercise, 1.0, DUE + DAY + SECOND)

    return make


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        else:
            response.content
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/courses/big/gradebook/", "/courses/big/gradebook.csv"])
def test_the_number_of_queries_does_not_grow_with_the_class(client, big_class, url):
    client = staff(client, None)
    big_class(3)
    few = queries(client, url)
    big_class(27)
    many = queries(client, url)
    assert many == few <= 6  # session, user, lessons, exercises, the cells: one query
    if url.endswith(".csv"):
        text = csv_text(client.get(url))
        assert text.count("\r\n") == 31  # the header and 30 students
        assert text.splitlines()[1].endswith(",90.0,80.0,80.0,90.0,80.0,80.0,83.3")
