"""Reads of the courses app."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from . import deadlines
from .models import Asset, Course, Exercise, Lesson, LessonRead, Scheduled

# What a list of exercises shows (titles, links, schedules): their code stays in the database.
EXERCISE_TEXTS = (
    "prompt", "starter_code", "checks", "tasks", "reference_solution", "solutions",
    "wrong_solutions", "notes",
)  # fmt: skip
LISTED = Exercise.objects.defer(*EXERCISE_TEXTS)


def sees_drafts(user) -> bool:
    """Instructors (staff) see unpublished items, to preview them; students never do."""
    return bool(getattr(user, "is_staff", False))


def _published(queryset: QuerySet, user, *paths: str) -> QuerySet:
    """Only what is published, itself and along `paths` (e.g. "lesson", "lesson__course")."""
    if sees_drafts(user):
        return queryset
    fields = ["published", *(f"{path}__published" for path in paths)]
    return queryset.filter(**dict.fromkeys(fields, True))


def courses(user) -> QuerySet[Course]:
    return _published(Course.objects.all(), user)


def course_with_lessons(slug: str, user) -> Course:
    exercises = _published(LISTED.all(), user)
    lessons = _published(Lesson.objects.select_related("quiz"), user).prefetch_related(
        Prefetch("exercises", queryset=exercises)
    )
    return get_object_or_404(
        _published(Course.objects.all(), user).prefetch_related(
            Prefetch("lessons", queryset=lessons)
        ),
        slug=slug,
    )


def lesson(course_slug: str, slug: str, user) -> Lesson:
    return get_object_or_404(
        _published(
            Lesson.objects.select_related("course", "quiz"), user, "course"
        ).prefetch_related(Prefetch("exercises", queryset=_published(LISTED.all(), user))),
        course__slug=course_slug,
        slug=slug,
    )


def exercise(slug: str, user) -> Exercise:
    queryset = _published(Exercise.objects.all(), user, "lesson", "lesson__course")
    return get_object_or_404(queryset.select_related("lesson__course"), slug=slug)


def exercises(user) -> QuerySet[Exercise]:
    return _published(Exercise.objects.all(), user, "lesson", "lesson__course").select_related(
        "lesson__course"
    )


def visible_quiz(lesson: Lesson, user):
    """The lesson's quiz if this user may see it, else None."""
    quiz = getattr(lesson, "quiz", None)
    if quiz is None or not (quiz.published or sees_drafts(user)):
        return None
    return quiz


def asset(course_slug: str, name: str) -> Asset:
    return get_object_or_404(Asset, course__slug=course_slug, name=name)


# The fields of an item's schedule, for .only() on whatever reads one.
SCHEDULE_FIELDS = tuple(field.name for field in Scheduled._meta.get_fields())


@dataclass
class Progress:
    """One student's progress through a course: what the course page shows."""

    read: set[int] = field(default_factory=set)  # lesson ids
    quiz_scores: dict[int, float] = field(default_factory=dict)  # lesson id -> score counted
    passed: set[int] = field(default_factory=set)  # exercise ids

    def rows(self, course: Course, user) -> list[dict]:
        """Per lesson, in order: read or not, its quiz and the score counted, the exercises."""
        return [
            {
                "lesson": lesson,
                "read": lesson.id in self.read,
                "quiz": visible_quiz(lesson, user),
                "quiz_score": self.quiz_scores.get(lesson.id),
                "exercises": [(e, e.id in self.passed) for e in lesson.exercises.all()],
            }
            for lesson in course.lessons.all()
        ]

    def summary(self, rows: list[dict]) -> dict[str, tuple[int, int]]:
        exercises = [passed for row in rows for _, passed in row["exercises"]]
        quizzes = [row for row in rows if row["quiz"]]
        return {
            "lessons": (sum(row["read"] for row in rows), len(rows)),
            "quizzes": (sum(row["quiz_score"] is not None for row in quizzes), len(quizzes)),
            "exercises": (sum(exercises), len(exercises)),
        }


def progress(user, course: Course) -> Progress:
    """Three queries, whatever the size of the course or the student's history."""
    from grader.models import Submission
    from quizzes.models import Attempt

    read = set(
        LessonRead.objects.filter(user=user, lesson__course=course).values_list(
            "lesson_id", flat=True
        )
    )
    # Each attempt with its quiz's schedule: the late factor depends on when it was made.
    # A student's attempts in one course are few, so they are scored here, not in SQL.
    attempts = (
        Attempt.objects.filter(user=user, quiz__lesson__course=course)
        .select_related("quiz")
        .only("score", "created", "quiz__lesson_id", *(f"quiz__{f}" for f in SCHEDULE_FIELDS))
        .order_by("created", "id")
    )
    scores = {}
    for attempt in attempts:  # oldest first: with "last", the newest one stays
        counted = attempt.score * deadlines.late_factor(attempt.quiz, attempt.created)
        lesson_id = attempt.quiz.lesson_id
        if course.quiz_scoring == Course.QuizScoring.LAST or counted > scores.get(lesson_id, -1):
            scores[lesson_id] = counted
    passed = set(
        Submission.objects.filter(
            student=user, exercise__lesson__course=course, status=Submission.Status.PASSED
        )
        .values_list("exercise_id", flat=True)
        .distinct()
    )
    return Progress(read=read, quiz_scores=scores, passed=passed)


def site_timezone() -> tzinfo:
    """The zone pages show times in (TIME_ZONE)."""
    return timezone.get_current_timezone()


def is_limited(user) -> bool:
    """Staff are never held to opening times, deadlines or attempts: they test their items."""
    return not getattr(user, "is_staff", False)


def refusal(
    user,
    item: Scheduled,
    count_attempts: Callable[[], int],
    *,
    lock: bool = False,
    now: datetime | None = None,
) -> str | None:
    """Why `user` may not submit work for `item` now, or None if they may.

    `count_attempts` is called only when the item limits attempts (no query otherwise).
    With `lock`, inside the transaction that will store the work, the user's row is locked
    first (PostgreSQL; SQLite transactions are already serialised), so that two submissions
    sent at once cannot both take the last attempt.
    """
    if not is_limited(user):
        return None
    if lock and item.max_attempts is not None:
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values("pk"))
    used = count_attempts() if item.max_attempts is not None else 0
    allowed, reason = deadlines.can_submit(item, now or timezone.now(), used, site_timezone())
    return None if allowed else reason


@dataclass(frozen=True)
class Schedule:
    """What a page says of an item's schedule, for this user."""

    lines: list[str]
    refusal: str | None  # why this user cannot submit now, if they cannot
    exempt: bool  # staff: shown the schedule, not held to it


def schedule(user, item: Scheduled, count_attempts: Callable[[], int]) -> Schedule:
    now = timezone.now()
    used = count_attempts() if item.max_attempts is not None else None
    lines = deadlines.describe(item, now, site_timezone(), used if is_limited(user) else None)
    return Schedule(
        lines=lines,
        refusal=refusal(user, item, lambda: used, now=now),
        exempt=not is_limited(user),
    )


def with_late_factors(item: Scheduled, rows, name: str) -> list[dict]:
    """Each of `rows` (submissions or quiz attempts of `item`) as {name: row, "factor": its
    late factor, "counted": its score times that factor (None if it has no score)}."""
    scored = []
    for row in rows:
        factor = deadlines.late_factor(item, row.created)
        counted = None if row.score is None else row.score * factor
        scored.append({name: row, "factor": factor, "counted": counted})
    return scored
