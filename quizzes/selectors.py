"""Reads of the quizzes app."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from courses import selectors as course_selectors
from courses.selectors import sees_drafts

from .models import Attempt, Quiz


def quiz(course_slug: str, lesson_slug: str, user) -> Quiz:
    quizzes = Quiz.objects.select_related("lesson__course").prefetch_related("questions")
    if not sees_drafts(user):
        quizzes = quizzes.filter(
            published=True, lesson__published=True, lesson__course__published=True
        )
    return get_object_or_404(quizzes, lesson__course__slug=course_slug, lesson__slug=lesson_slug)


def attempt_of(user, pk: int) -> Attempt:
    """A student's own attempt; anyone else's is a 404, not a 403 (ids are not secrets)."""
    return get_object_or_404(
        Attempt.objects.select_related("quiz__lesson__course").prefetch_related("quiz__questions"),
        pk=pk,
        user=user,
    )


def attempts(user, quiz: Quiz):
    return Attempt.objects.filter(user=user, quiz=quiz)


def attempts_used(user, quiz: Quiz) -> int:
    return Attempt.objects.filter(user=user, quiz=quiz).count()


def refusal(user, quiz: Quiz, *, lock: bool = False) -> str | None:
    """Why `user` may not answer `quiz` now (not open, closed, no attempts left)."""
    return course_selectors.refusal(user, quiz, lambda: attempts_used(user, quiz), lock=lock)


def schedule(user, quiz: Quiz) -> course_selectors.Schedule:
    return course_selectors.schedule(user, quiz, lambda: attempts_used(user, quiz))


def with_counted_scores(attempts, quiz: Quiz) -> list[dict]:
    """Each attempt with its late factor and the score that counts."""
    return course_selectors.with_late_factors(quiz, attempts, "attempt")
