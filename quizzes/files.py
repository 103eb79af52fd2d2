"""Reading quizzes/<lesson-slug>.yaml: one quiz per lesson, strictly checked.

    lesson: process-states
    title: Process states
    questions:
      - id: zombie-meaning
        type: single
        prompt: What is a zombie process?      (Markdown)
        choices: [{text: ..., correct: true}, ...]
        explanation: ...                      (Markdown, shown after answering)

Every error names the file, the line of the question where it has one, and
the problem. See kinds.py for each type's fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .kinds import QuestionError, validate

COMMON = {"id", "type", "prompt", "explanation"}
# Each kind's own fields, in the order an exported file lists them.
FIELDS = {
    "single": ("choices",),
    "multiple": ("choices",),
    "true_false": ("answer",),
    "ordering": ("items",),
    "numeric": ("answer", "tolerance"),
    "text": ("accept",),
    "outputs": ("program", "choices"),
}
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class QuizFileError(ValueError):
    """A quiz file is malformed: the message names the file, the line and the problem."""


@dataclass(frozen=True)
class QuestionFile:
    key: str
    kind: str
    prompt: str
    explanation: str
    data: dict[str, Any]
    order: int


@dataclass(frozen=True)
class QuizFile:
    lesson: str
    title: str
    questions: tuple[QuestionFile, ...]
    path: Path
    published: bool = True


def read_quiz(path: Path) -> QuizFile:
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise QuizFileError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise QuizFileError(f"{path}: expected a mapping with lesson, title and questions")
    for key in ("lesson", "title"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise QuizFileError(f"{path}: {key}: missing")
    if unknown := sorted(set(data) - {"lesson", "title", "published", "questions"}):
        raise QuizFileError(f"{path}: unknown field(s): {', '.join(unknown)}")
    if not isinstance(data.get("published", True), bool):
        raise QuizFileError(f"{path}: published: true or false")
    items = data.get("questions")
    if not isinstance(items, list) or not items:
        raise QuizFileError(f"{path}: questions: a list of at least one question")
    nodes = _question_nodes(root)
    questions = []
    for order, item in enumerate(items, start=1):
        line = nodes[order - 1].start_mark.line + 1 if order <= len(nodes) else 0
        try:
            questions.append(_question(item, order))
        except QuestionError as exc:
            raise QuizFileError(f"{path}, line {line}: question {order}: {exc}") from exc
    keys = [q.key for q in questions]
    if len(set(keys)) != len(keys):
        twice = next(k for k in keys if keys.count(k) > 1)
        raise QuizFileError(f"{path}: two questions have the id {twice!r}")
    published = data.get("published", True)
    return QuizFile(data["lesson"], data["title"].strip(), tuple(questions), path, published)


def _question_nodes(root: yaml.Node) -> list[yaml.Node]:
    for key, value in getattr(root, "value", []):
        if getattr(key, "value", None) == "questions" and isinstance(value, yaml.SequenceNode):
            return value.value
    return []


def _question(item: Any, order: int) -> QuestionFile:
    if not isinstance(item, dict):
        raise QuestionError("expected a mapping (id, type, prompt, ...)")
    kind = item.get("type")
    if kind not in FIELDS:
        raise QuestionError(f"type: one of {', '.join(FIELDS)}, not {kind!r}")
    key = item.get("id")
    if not isinstance(key, str) or not SLUG.match(key):
        raise QuestionError("id: a slug (lower-case letters, digits, -)")
    for field in ("prompt", "explanation"):
        if not isinstance(item.get(field), str) or not item[field].strip():
            raise QuestionError(f"{key}: {field}: missing")
    allowed = COMMON | set(FIELDS[kind])
    if set(item) - allowed:
        raise QuestionError(
            f"{key}: unknown field(s) for {kind}: {', '.join(sorted(set(item) - allowed))}"
        )
    data = {field: item[field] for field in FIELDS[kind] if field in item}
    if kind == "numeric":
        data.setdefault("tolerance", 0)
    try:
        validate(kind, data)
    except QuestionError as exc:
        raise QuestionError(f"{key}: {exc}") from exc
    return QuestionFile(key, kind, item["prompt"], item["explanation"], data, order)


def read_quizzes(directory: Path) -> tuple[QuizFile, ...]:
    """Every quizzes/*.yaml of a course directory, in file name order."""
    return tuple(read_quiz(path) for path in sorted((directory / "quizzes").glob("*.yaml")))
