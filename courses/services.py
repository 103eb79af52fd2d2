"""Writes of the courses app."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from .content import CourseFiles, read_course
from .models import Course, Exercise, Lesson


@transaction.atomic
def import_course(directory: Path) -> Course:
    """Create or update a course from its files; lessons and exercises keep their ids."""
    files = read_course(directory)
    course, _ = Course.objects.update_or_create(
        slug=files.slug, defaults={"title": files.title, "description": files.description}
    )
    lessons = _import_lessons(course, files)
    for order, exercise in enumerate(files.exercises, start=1):
        Exercise.objects.update_or_create(
            slug=exercise.slug,
            defaults={
                "lesson": lessons[exercise.lesson],
                "title": exercise.title,
                "prompt": exercise.prompt,
                "starter_code": exercise.starter_code,
                "checks": exercise.checks,
                "tasks": exercise.tasks,
                "reference_solution": exercise.reference_solution,
                "points": exercise.points,
                "schedules": exercise.schedules,
                "limits": exercise.limits,
                "order": order,
            },
        )
    return course


def _import_lessons(course: Course, files: CourseFiles) -> dict[str, Lesson]:
    lessons = {}
    for lesson in files.lessons:
        lessons[lesson.slug], _ = Lesson.objects.update_or_create(
            course=course,
            slug=lesson.slug,
            defaults={"title": lesson.title, "body": lesson.body, "order": lesson.order},
        )
    return lessons
