"""Writes of the courses app."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import models, transaction

from quizzes.services import import_quizzes

from .content import CourseFiles, read_course
from .models import Asset, Course, Exercise, Lesson, LessonRead


@dataclass
class Changes:
    """What an import did, said per object: created, updated (with the fields), unchanged."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    def upsert(self, model: type[models.Model], label: str, defaults: dict, **lookup):
        """update_or_create that notes what changed; returns the object."""
        found = model.objects.filter(**lookup).first()
        if found is None:
            self.created.append(label)
            return model.objects.create(**lookup, **defaults)
        differ = [name for name, value in defaults.items() if getattr(found, name) != value]
        if not differ:
            self.unchanged += 1
            return found
        for name in differ:
            setattr(found, name, defaults[name])
        found.save(update_fields=differ)
        self.updated.append(f"{label} ({', '.join(differ)})")
        return found

    def remove_missing(self, queryset: models.QuerySet, field: str, kept, label: str) -> None:
        """Delete what the files no longer hold (`field` not in `kept`), noting each."""
        for gone in queryset.exclude(**{f"{field}__in": list(kept)}):
            self.removed.append(f"{label} {getattr(gone, field)}")
            gone.delete()

    def report(self) -> str:
        lines = [
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.removed)} removed, {self.unchanged} unchanged"
        ]
        lines += [f"  + {label}" for label in self.created]
        lines += [f"  ~ {label}" for label in self.updated]
        lines += [f"  - {label}" for label in self.removed]
        return "\n".join(lines)


@transaction.atomic
def import_course(directory: Path) -> tuple[Course, Changes]:
    """Create or update a course from its files, all or nothing.

    Objects are matched by slug (questions by their id in the quiz), so lessons,
    exercises and quizzes keep their ids, and students' submissions and quiz
    attempts survive an update.
    """
    files = read_course(directory)
    changes = Changes()
    course = changes.upsert(
        Course,
        f"course {files.slug}",
        {"title": files.title, "description": files.description, "published": files.published},
        slug=files.slug,
    )
    lessons = _import_lessons(course, files, changes)
    for order, exercise in enumerate(files.exercises, start=1):
        changes.upsert(
            Exercise,
            f"exercise {exercise.slug}",
            {
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
                "topic": exercise.topic,
                "hints": list(exercise.hints),
                "notes": exercise.notes,
                "solutions": exercise.solutions,
                "wrong_solutions": exercise.wrong_solutions,
                "published": exercise.published,
            },
            slug=exercise.slug,
        )
    import_quizzes(lessons, files.quizzes, changes)
    for name, content in files.assets.items():
        changes.upsert(Asset, f"media {name}", {"content": content}, course=course, name=name)
    changes.remove_missing(course.assets.all(), "name", files.assets, "media")
    return course, changes


def _import_lessons(course: Course, files: CourseFiles, changes: Changes) -> dict[str, Lesson]:
    return {
        lesson.slug: changes.upsert(
            Lesson,
            f"lesson {lesson.slug}",
            {
                "title": lesson.title,
                "body": lesson.body,
                "order": lesson.order,
                "published": lesson.published,
            },
            course=course,
            slug=lesson.slug,
        )
        for lesson in files.lessons
    }


def mark_read(user, lesson: Lesson) -> None:
    """Note that `user` opened `lesson`; once is enough."""
    LessonRead.objects.get_or_create(user=user, lesson=lesson)
