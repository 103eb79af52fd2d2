"""Reading a quiz form: POST fields to {question key: answer} as kinds.score expects."""

from __future__ import annotations

import math
import random
from typing import Any

from django.http import QueryDict

from .models import Question

MAX_TEXT = 200


def field(question: Question) -> str:
    return f"q-{question.key}"


def display_order(question: Question, seed: str) -> list[int]:
    """The items of an ordering question, shuffled the same way for one student."""
    order = list(range(len(question.data["items"])))
    random.Random(f"{seed}:{question.pk}").shuffle(order)  # noqa: S311 - not a secret
    if order == sorted(order):  # never show the answer
        order = order[1:] + order[:1]
    return order


def parse(questions: list[Question], post: QueryDict) -> dict[str, Any]:
    """Every question's answer, or None when missing or malformed (it scores 0)."""
    return {q.key: _parse_one(q, post) for q in questions}


def _index(text: str | None, count: int) -> int | None:
    if text is None or not text.isdigit() or int(text) >= count:
        return None
    return int(text)


def _parse_one(question: Question, post: QueryDict) -> Any:
    name, data = field(question), question.data
    if question.kind == "single":
        return _index(post.get(name), len(data["choices"]))
    if question.kind in ("multiple", "outputs"):
        picked = {_index(v, len(data["choices"])) for v in post.getlist(name)}
        return sorted(i for i in picked if i is not None)
    if question.kind == "true_false":
        return {"true": True, "false": False}.get(post.get(name, ""))
    if question.kind == "ordering":
        return _ordering(question, post)
    if question.kind == "numeric":
        try:
            value = float(post.get(name, "").strip().replace(",", "."))
        except ValueError:
            return None
        return value if math.isfinite(value) else None
    if question.kind == "text":
        text = post.get(name, "").strip()
        return text[:MAX_TEXT] or None
    return None


def _ordering(question: Question, post: QueryDict) -> list[int] | None:
    """Each item gets a position 1..n (field q-KEY-ITEM); the answer is the items by position."""
    count = len(question.data["items"])
    positions = {}
    for item in range(count):
        text = post.get(f"{field(question)}-{item}", "").strip()
        if not text.isdigit() or not 1 <= int(text) <= count:
            return None
        positions[item] = int(text)
    if len(set(positions.values())) != count:
        return None
    return sorted(positions, key=positions.get)
