"""Reads of the courses app."""

from dataclasses import dataclass, field

from django.db.models import Max, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import Asset, Course, Exercise, Lesson, LessonRead


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
    exercises = _published(Exercise.objects.all(), user)
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
        ).prefetch_related(
            Prefetch("exercises", queryset=_published(Exercise.objects.all(), user))
        ),
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
    attempts = Attempt.objects.filter(user=user, quiz__lesson__course=course)
    if course.quiz_scoring == Course.QuizScoring.BEST:
        scores = dict(
            attempts.values("quiz__lesson_id")
            .annotate(best=Max("score"))
            .values_list("quiz__lesson_id", "best")
        )
    else:  # the last attempt of each quiz: ordered newest first, keep the first seen
        scores = {}
        for lesson_id, score in attempts.order_by("-created", "-id").values_list(
            "quiz__lesson_id", "score"
        ):
            scores.setdefault(lesson_id, score)
    passed = set(
        Submission.objects.filter(
            student=user, exercise__lesson__course=course, status=Submission.Status.PASSED
        )
        .values_list("exercise_id", flat=True)
        .distinct()
    )
    return Progress(read=read, quiz_scores=scores, passed=passed)
