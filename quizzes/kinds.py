"""Question kinds: what each one's data holds, how it is checked on import, how it is scored.

Pure functions, no Django: the content reader validates with them and the
attempt service scores with them. A question's `data` is a plain dict:

    single      {"choices": [{"text", "correct"}]}         exactly one correct
    multiple    {"choices": [{"text", "correct"}]}         partial credit
    true_false  {"answer": bool}
    ordering    {"items": [str, ...]}                      the correct order
    numeric     {"answer": number, "tolerance": number}
    text        {"accept": [str, ...]}                     case and whitespace tolerant
    outputs     {"program": str, "choices": [{"output", "possible"}]}

An answer is what the form sends, already parsed: an index (single), a list of
indices (multiple, outputs), a bool, a list of item indices in the student's
order (ordering), a number, or a string.
"""

from __future__ import annotations

import math
from typing import Any

KINDS = ("single", "multiple", "true_false", "ordering", "numeric", "text", "outputs")


class QuestionError(ValueError):
    """A question's data is malformed; the message says what is wrong."""


def validate(kind: str, data: dict[str, Any]) -> None:
    if kind not in KINDS:
        raise QuestionError(f"unknown type {kind!r}; one of {', '.join(KINDS)}")
    _VALIDATORS[kind](data)


def _choices(data: dict, flag: str, label: str) -> list[dict]:
    choices = data.get("choices")
    if not isinstance(choices, list) or len(choices) < 2:
        raise QuestionError("choices: a list of at least two")
    for number, choice in enumerate(choices, start=1):
        if not isinstance(choice, dict) or not isinstance(choice.get(label), str):
            raise QuestionError(f"choice {number}: needs {label}: (text)")
        if not isinstance(choice.get(flag), bool):
            raise QuestionError(f"choice {number}: needs {flag}: true or false")
    if len({c[label] for c in choices}) != len(choices):
        raise QuestionError(f"choices: two have the same {label}")
    return choices


def _single(data: dict) -> None:
    if sum(c["correct"] for c in _choices(data, "correct", "text")) != 1:
        raise QuestionError("a single-choice question needs exactly one correct choice")


def _multiple(data: dict) -> None:
    if not any(c["correct"] for c in _choices(data, "correct", "text")):
        raise QuestionError("a multiple-choice question needs at least one correct choice")


def _true_false(data: dict) -> None:
    if not isinstance(data.get("answer"), bool):
        raise QuestionError("answer: true or false")


def _ordering(data: dict) -> None:
    items = data.get("items")
    if not isinstance(items, list) or len(items) < 2 or not all(isinstance(i, str) for i in items):
        raise QuestionError("items: a list of at least two texts, in the correct order")
    if len(set(items)) != len(items):
        raise QuestionError("items: two are the same")


def _numeric(data: dict) -> None:
    for key in ("answer", "tolerance"):
        value = data.get(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            raise QuestionError(f"{key}: a number")
    if data["tolerance"] < 0:
        raise QuestionError("tolerance: not negative")


def _text(data: dict) -> None:
    accept = data.get("accept")
    if not isinstance(accept, list) or not accept or not all(isinstance(a, str) for a in accept):
        raise QuestionError("accept: a list of accepted answers")
    if not all(normalise(a) for a in accept):
        raise QuestionError("accept: an accepted answer is blank")


def _outputs(data: dict) -> None:
    if not isinstance(data.get("program"), str) or not data["program"].strip():
        raise QuestionError("program: the Python program whose outputs are asked about")
    try:
        compile(data["program"], "<program>", "exec")
    except SyntaxError as exc:
        raise QuestionError(f"program: line {exc.lineno}: {exc.msg}") from exc
    if not any(c["possible"] for c in _choices(data, "possible", "output")):
        raise QuestionError("at least one output must be possible")


_VALIDATORS = {
    "single": _single,
    "multiple": _multiple,
    "true_false": _true_false,
    "ordering": _ordering,
    "numeric": _numeric,
    "text": _text,
    "outputs": _outputs,
}


def normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def correct_indices(kind: str, data: dict) -> set[int]:
    flag = "possible" if kind == "outputs" else "correct"
    return {i for i, c in enumerate(data["choices"]) if c[flag]}


def score(kind: str, data: dict, answer: Any) -> float:
    """0.0 to 1.0. A missing or malformed answer scores 0."""
    if answer is None:
        return 0.0
    if kind == "single":
        return float(answer in correct_indices(kind, data))
    if kind in ("multiple", "outputs"):
        # Each right choice ticked earns, each wrong one ticked costs; never below 0.
        right = correct_indices(kind, data)
        ticked = set(answer)
        return max(0.0, (len(ticked & right) - len(ticked - right)) / len(right))
    if kind == "true_false":
        return float(answer is data["answer"])
    if kind == "ordering":
        expected = list(range(len(data["items"])))
        if sorted(answer) != expected:
            return 0.0
        return sum(a == b for a, b in zip(answer, expected, strict=True)) / len(expected)
    if kind == "numeric":
        return float(abs(answer - data["answer"]) <= data["tolerance"])
    if kind == "text":
        return float(normalise(answer) in {normalise(a) for a in data["accept"]})
    raise QuestionError(f"unknown type {kind!r}")
