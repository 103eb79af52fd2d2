"""Reading a course from files: content/<course>/course.yaml, lessons/*.md, exercises/*/.

Layout:
    course.yaml                 slug, title, description, lessons: [lesson slugs in order]
    lessons/NN-<slug>.md        front matter (--- title: ... ---) then Markdown; NN orders them
    quizzes/<lesson>.yaml       the lesson's quiz (quizzes/files.py)
    exercises/<slug>/exercise.yaml   slug, title, lesson, points, limits
    exercises/<slug>/prompt.md, starter.py, checks.py, solution.py
    exercises/<slug>/tasks.py        optional trusted tasks (the job's exercise_tasks)
    exercises/<slug>/solutions/*.py  other correct solutions (for tests)
    exercises/<slug>/wrong/*.py      solutions that must fail (for tests)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from quizzes.files import QuizFile, QuizFileError, read_quizzes


class ContentError(ValueError):
    """A course directory is malformed; the message names the file."""


@dataclass(frozen=True)
class LessonFile:
    slug: str
    title: str
    body: str
    order: int
    published: bool = True


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
    topic: str = ""
    hints: tuple[str, ...] = ()
    notes: str = ""
    solutions: dict[str, str] = field(default_factory=dict)
    wrong_solutions: dict[str, str] = field(default_factory=dict)
    published: bool = True


@dataclass(frozen=True)
class CourseFiles:
    slug: str
    title: str
    description: str
    lessons: tuple[LessonFile, ...]
    exercises: tuple[ExerciseFile, ...]
    quizzes: tuple[QuizFile, ...] = ()
    assets: dict[str, str] = field(default_factory=dict)  # media/<name>: SVG text
    published: bool = True


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
    try:
        meta = yaml.safe_load(head) or {}
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: front matter: {exc}") from exc
    if not isinstance(meta, dict) or "title" not in meta:
        raise ContentError(f"{path}: the front matter needs a title")
    return meta, body


LESSON_NAME = re.compile(r"^(\d+)-([a-z0-9][a-z0-9-]*)\.md$")


def lesson_paths(directory: Path) -> list[tuple[str, Path]]:
    """[(slug, path)] of lessons/NN-slug.md, in the order of NN."""
    found = []
    for path in sorted((directory / "lessons").glob("*.md")):
        match = LESSON_NAME.match(path.name)
        if not match:
            raise ContentError(
                f"{path}: a lesson file is named NN-slug.md (01-what-is-a-process.md)"
            )
        found.append((int(match[1]), match[2], path))
    numbers = [number for number, _, _ in found]
    if len(set(numbers)) != len(numbers):
        raise ContentError(f"{directory / 'lessons'}: two lessons share a number")
    return [(slug, path) for _, slug, path in sorted(found)]


def read_course(directory: Path) -> CourseFiles:
    meta = read_yaml(directory / "course.yaml")
    paths = lesson_paths(directory)
    listed = meta.get("lessons")
    if listed is not None and list(listed) != [slug for slug, _ in paths]:
        raise ContentError(
            f"{directory / 'course.yaml'}: lessons lists {list(listed)}, but lessons/ holds "
            f"{[slug for slug, _ in paths]} (in the order of their numbers)"
        )
    lessons = tuple(
        read_lesson(path, slug, order) for order, (slug, path) in enumerate(paths, start=1)
    )
    exercise_dirs = sorted(p for p in (directory / "exercises").glob("*") if p.is_dir())
    exercises = tuple(read_exercise(p) for p in exercise_dirs)
    known = {lesson.slug for lesson in lessons}
    for exercise in exercises:
        if exercise.lesson not in known:
            raise ContentError(f"{exercise.directory}: unknown lesson {exercise.lesson!r}")
    quizzes = read_course_quizzes(directory, known)
    return CourseFiles(
        slug=str(meta["slug"]),
        title=str(meta["title"]),
        description=str(meta.get("description", "")).strip(),
        lessons=lessons,
        exercises=exercises,
        quizzes=quizzes,
        assets=read_assets(directory),
        published=flag(meta, "published", directory / "course.yaml"),
    )


# What a diagram must not hold: it is served from the site's own origin.
UNSAFE_SVG = re.compile(
    r"<\s*(script|foreignObject|iframe|object|embed)\b|\son\w+\s*=|javascript:"
    r"|(href|src)\s*=\s*[\"'](?!#)",
    re.IGNORECASE,
)
ASSET_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.svg$")


def read_assets(directory: Path) -> dict[str, str]:
    """media/*.svg: self-contained drawings, no scripts, no links out."""
    assets = {}
    for path in sorted((directory / "media").glob("*")):
        if not ASSET_NAME.match(path.name):
            raise ContentError(f"{path}: media files are SVG drawings named like state-diagram.svg")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ContentError(f"{path}: {exc}") from exc
        if "<svg" not in text:
            raise ContentError(f"{path}: not an SVG drawing")
        if found := UNSAFE_SVG.search(text):
            line = text.count("\n", 0, found.start()) + 1
            raise ContentError(
                f"{path}, line {line}: {found.group(0).strip()!r}: no scripts, event "
                "handlers or references to other files in a drawing"
            )
        assets[path.name] = text
    return assets


def read_course_quizzes(directory: Path, lessons: set[str]) -> tuple[QuizFile, ...]:
    """quizzes/<lesson>.yaml: at most one per lesson, each for a lesson of the course."""
    try:
        quizzes = read_quizzes(directory)
    except QuizFileError as exc:
        raise ContentError(str(exc)) from exc
    seen = set()
    for quiz in quizzes:
        if quiz.lesson not in lessons:
            raise ContentError(f"{quiz.path}: lesson: unknown lesson {quiz.lesson!r}")
        if quiz.lesson in seen:
            raise ContentError(f"{quiz.path}: lesson {quiz.lesson!r} already has a quiz")
        seen.add(quiz.lesson)
    return quizzes


def read_lesson(path: Path, slug: str, order: int) -> LessonFile:
    if not path.exists():
        raise ContentError(f"{path}: listed in course.yaml but missing")
    meta, body = split_front_matter(path)
    if unknown := sorted(set(meta) - {"title", "published"}):
        raise ContentError(f"{path}: front matter: unknown field(s): {', '.join(unknown)}")
    return LessonFile(
        slug=slug,
        title=str(meta["title"]),
        body=body,
        order=order,
        published=flag(meta, "published", path),
    )


def flag(meta: dict, key: str, path: Path) -> bool:
    """A true/false field, true when absent (`published: false` marks a draft)."""
    value = meta.get(key, True)
    if not isinstance(value, bool):
        raise ContentError(f"{path}: {key}: true or false, not {value!r}")
    return value


EXERCISE_FIELDS = (
    "slug",
    "title",
    "lesson",
    "topic",
    "points",
    "schedules",
    "limits",
    "hints",
    "notes",
)


def read_exercise(directory: Path) -> ExerciseFile:
    path = directory / "exercise.yaml"
    meta = read_yaml(path)
    if meta.get("slug") != directory.name:
        raise ContentError(f"{path}: slug must be {directory.name!r}, the folder's name")
    if unknown := sorted(set(meta) - set(EXERCISE_FIELDS)):
        raise ContentError(f"{path}: unknown field(s): {', '.join(unknown)}")
    for key in ("title", "lesson"):
        if not isinstance(meta.get(key), str):
            raise ContentError(f"{path}: {key}: missing")
    hints = meta.get("hints") or []
    if not isinstance(hints, list) or not all(isinstance(h, str) for h in hints):
        raise ContentError(f"{path}: hints: a list of texts")

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
        topic=str(meta.get("topic", "")),
        hints=tuple(hints),
        notes=str(meta.get("notes", "")),
        solutions=code_files(directory / "solutions"),
        wrong_solutions=code_files(directory / "wrong"),
        published=flag(meta, "published", path),
    )


def code_files(directory: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.py"))}
