"""Reads of the courses app."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Asset, Course, Exercise, Lesson


def courses() -> QuerySet[Course]:
    return Course.objects.all()


def course_with_lessons(slug: str) -> Course:
    return get_object_or_404(Course.objects.prefetch_related("lessons__exercises"), slug=slug)


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
