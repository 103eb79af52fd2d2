"""Writing a course back to files, in the layout content.py reads.

The files are written in one canonical form (YAML with keys in a fixed order,
multi-line texts as literal blocks; Markdown and Python as stored), so that
exporting a course imported from canonical files gives the same bytes. The
built-in course is kept in that form (a test checks it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from quizzes.files import FIELDS
from quizzes.models import Quiz

from .content import EXERCISE_FIELDS
from .models import Course, Exercise


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)


def course_files(course: Course) -> dict[str, str]:
    """{relative path: text} of every file of the course."""
    lessons = list(course.lessons.all())
    meta = {"slug": course.slug, "title": course.title}
    if not course.published:
        meta["published"] = False
    if course.description:
        meta["description"] = course.description
    meta["lessons"] = [lesson.slug for lesson in lessons]
    files = {"course.yaml": dump_yaml(meta)}
    for lesson in lessons:
        front = dump_yaml({"title": lesson.title} | draft(lesson))
        files[f"lessons/{lesson.order:02d}-{lesson.slug}.md"] = f"---\n{front}---\n{lesson.body}"
    quizzes = Quiz.objects.filter(lesson__course=course).select_related("lesson")
    for quiz in quizzes.prefetch_related("questions"):
        files[f"quizzes/{quiz.lesson.slug}.yaml"] = dump_yaml(quiz_data(quiz))
    for exercise in Exercise.objects.filter(lesson__course=course).select_related("lesson"):
        files.update(exercise_files(exercise))
    for asset in course.assets.all():
        files[f"media/{asset.name}"] = asset.content
    return files


def quiz_data(quiz: Quiz) -> dict:
    questions = []
    for question in quiz.questions.all():
        item = {"id": question.key, "type": question.kind, "prompt": question.prompt}
        item.update(
            {key: question.data[key] for key in FIELDS[question.kind] if key in question.data}
        )
        item["explanation"] = question.explanation
        questions.append(item)
    head = {"lesson": quiz.lesson.slug, "title": quiz.title} | draft(quiz)
    return head | {"questions": questions}


def draft(item) -> dict:
    """`published: false` for a draft; nothing for a published item (the default)."""
    return {} if item.published else {"published": False}


def exercise_files(exercise: Exercise) -> dict[str, str]:
    values = {
        "slug": exercise.slug,
        "title": exercise.title,
        "lesson": exercise.lesson.slug,
        "published": exercise.published,
        "topic": exercise.topic,
        "points": exercise.points,
        "schedules": exercise.schedules,
        "limits": exercise.limits,
        "hints": list(exercise.hints),
        "notes": exercise.notes,
    }
    optional = {"published", "topic", "limits", "hints", "notes"}  # left out when empty or true
    values["published"] = None if exercise.published else False
    meta = {
        k: values[k]
        for k in EXERCISE_FIELDS
        if k not in optional or values[k] or values[k] is False
    }
    base = f"exercises/{exercise.slug}"
    files = {
        f"{base}/exercise.yaml": dump_yaml(meta),
        f"{base}/prompt.md": exercise.prompt,
        f"{base}/checks.py": exercise.checks,
        f"{base}/solution.py": exercise.reference_solution,
    }
    if exercise.starter_code:
        files[f"{base}/starter.py"] = exercise.starter_code
    if exercise.tasks:
        files[f"{base}/tasks.py"] = exercise.tasks
    for folder, code in (("solutions", exercise.solutions), ("wrong", exercise.wrong_solutions)):
        files.update({f"{base}/{folder}/{name}": text for name, text in code.items()})
    return files


def export_course(course: Course, directory: Path) -> list[Path]:
    """Write the course's files under `directory`; returns the paths written."""
    written = []
    for relative, text in sorted(course_files(course).items()):
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
