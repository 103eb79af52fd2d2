"""Reads of the quizzes app."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

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
