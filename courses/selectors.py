"""Reads of the courses app."""

from dataclasses import dataclass, field

from django.db.models import Max, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import Asset, Course, Exercise, Lesson, LessonRead


def courses() -> QuerySet[Course]:
    return Course.objects.all()


def course_with_lessons(slug: str) -> Course:
    lessons = Lesson.objects.select_related("quiz").prefetch_related("exercises")
    return get_object_or_404(
        Course.objects.prefetch_related(Prefetch("lessons", queryset=lessons)), slug=slug
    )


def lesson(course_slug: str, slug: str) -> Lesson:
    return get_object_or_404(
        Lesson.objects.select_related("course").prefetch_related("exercises"),
        course__slug=course_slug,
        slug=slug,
    )


def exercise(slug: str) -> Exercise:
    return get_object_or_404(Exercise.objects.select_related("lesson__course"), slug=slug)


def exercises() -> QuerySet[Exercise]:
    return Exercise.objects.select_related("lesson__course")


def asset(course_slug: str, name: str) -> Asset:
    return get_object_or_404(Asset, course__slug=course_slug, name=name)


@dataclass
class Progress:
    """One student's progress through a course: what the course page shows."""

    read: set[int] = field(default_factory=set)  # lesson ids
    quiz_scores: dict[int, float] = field(default_factory=dict)  # lesson id -> score counted
    passed: set[int] = field(default_factory=set)  # exercise ids

    def rows(self, course: Course) -> list[dict]:
        """Per lesson, in order: read or not, the quiz score counted, the exercises passed."""
        return [
            {
                "lesson": lesson,
                "read": lesson.id in self.read,
                "quiz_score": self.quiz_scores.get(lesson.id),
                "exercises": [(e, e.id in self.passed) for e in lesson.exercises.all()],
            }
            for lesson in course.lessons.all()
        ]

    def summary(self, course: Course) -> dict[str, tuple[int, int]]:
        lessons = list(course.lessons.all())
        exercises = [e for lesson in lessons for e in lesson.exercises.all()]
        quizzes = [lesson for lesson in lessons if hasattr(lesson, "quiz")]
        return {
            "lessons": (len(self.read), len(lessons)),
            "quizzes": (len(self.quiz_scores), len(quizzes)),
            "exercises": (len(self.passed), len(exercises)),
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
