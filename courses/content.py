"""Reading a course from files: content/<course>/course.yaml, lessons/*.md, exercises/*/.

Layout:
    course.yaml                 slug, title, description, lessons: [lesson slugs in order]
    lessons/<slug>.md           front matter (--- title: ... ---) then Markdown
    exercises/<slug>/exercise.yaml   slug, title, lesson, points, limits
    exercises/<slug>/prompt.md, starter.py, checks.py, solution.py
    exercises/<slug>/tasks.py        optional trusted tasks (the job's exercise_tasks)
    exercises/<slug>/solutions/*.py  other correct solutions (for tests)
    exercises/<slug>/wrong/*.py      solutions that must fail (for tests)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


class ContentError(ValueError):
    """A course directory is malformed; the message names the file."""


@dataclass(frozen=True)
class LessonFile:
    slug: str
    title: str
    body: str
    order: int


@dataclass(frozen=True)
class ExerciseFile:
    slug: str
    title: str
    lesson: str
    prompt: str
    starter_code: str
    checks: str
    tasks: str
    reference_solution: str
    points: int
    schedules: int
    limits: dict
    directory: Path


@dataclass(frozen=True)
class CourseFiles:
    slug: str
    title: str
    description: str
    lessons: tuple[LessonFile, ...]
    exercises: tuple[ExerciseFile, ...]


def read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ContentError(f"{path}: expected a mapping")
    return data


def split_front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise ContentError(f"{path}: starts with no front matter (--- title: ... ---)")
    head, _, body = text[4:].partition("\n---\n")
    meta = yaml.safe_load(head) or {}
    if not isinstance(meta, dict) or "title" not in meta:
        raise ContentError(f"{path}: the front matter needs a title")
    return meta, body.lstrip("\n")


def read_course(directory: Path) -> CourseFiles:
    meta = read_yaml(directory / "course.yaml")
    lessons = tuple(
        read_lesson(directory / "lessons" / f"{slug}.md", slug, order)
        for order, slug in enumerate(meta.get("lessons") or [], start=1)
    )
    exercise_dirs = sorted(p for p in (directory / "exercises").glob("*") if p.is_dir())
    exercises = tuple(read_exercise(p) for p in exercise_dirs)
    known = {lesson.slug for lesson in lessons}
    for exercise in exercises:
        if exercise.lesson not in known:
            raise ContentError(f"{exercise.directory}: unknown lesson {exercise.lesson!r}")
    return CourseFiles(
        slug=str(meta["slug"]),
        title=str(meta["title"]),
        description=str(meta.get("description", "")).strip(),
        lessons=lessons,
        exercises=exercises,
    )


def read_lesson(path: Path, slug: str, order: int) -> LessonFile:
    if not path.exists():
        raise ContentError(f"{path}: listed in course.yaml but missing")
    meta, body = split_front_matter(path)
    return LessonFile(slug=slug, title=str(meta["title"]), body=body, order=order)


def read_exercise(directory: Path) -> ExerciseFile:
    meta = read_yaml(directory / "exercise.yaml")
    if meta.get("slug") != directory.name:
        raise ContentError(f"{directory}: exercise.yaml's slug must be {directory.name!r}")

    def text(name: str, required: bool = True) -> str:
        path = directory / name
        if not path.exists():
            if required:
                raise ContentError(f"{path}: missing")
            return ""
        return path.read_text(encoding="utf-8")

    return ExerciseFile(
        slug=directory.name,
        title=str(meta["title"]),
        lesson=str(meta["lesson"]),
        prompt=text("prompt.md"),
        starter_code=text("starter.py", required=False),
        checks=text("checks.py"),
        tasks=text("tasks.py", required=False),
        reference_solution=text("solution.py"),
        points=int(meta.get("points", 10)),
        schedules=int(meta.get("schedules", 3)),
        limits=dict(meta.get("limits") or {}),
        directory=directory,
    )
