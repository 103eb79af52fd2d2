"""Writes of the quizzes app: importing quizzes, scoring attempts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction

from . import selectors
from .files import QuizFile
from .kinds import score
from .models import Attempt, Question, Quiz

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from courses.models import Lesson
    from courses.services import Changes


def import_quizzes(
    lessons: Mapping[str, Lesson], quizzes: Iterable[QuizFile], changes: Changes
) -> None:
    """Create or update each lesson's quiz; questions matched by id, dropped ones removed."""
    for quiz_file in quizzes:
        label = f"quiz {quiz_file.lesson}"
        quiz = changes.upsert(
            Quiz,
            label,
            {"title": quiz_file.title, "published": quiz_file.published},
            lesson=lessons[quiz_file.lesson],
        )
        for question in quiz_file.questions:
            changes.upsert(
                Question,
                f"{label}: question {question.key}",
                {
                    "kind": question.kind,
                    "prompt": question.prompt,
                    "explanation": question.explanation,
                    "data": question.data,
                    "order": question.order,
                },
                quiz=quiz,
                key=question.key,
            )
        kept = [q.key for q in quiz_file.questions]
        changes.remove_missing(quiz.questions.all(), "key", kept, f"{label}: question")


class AttemptRefused(ValueError):
    """The quiz cannot be answered now (not open, closed, no attempts left); says why."""


@transaction.atomic
def submit_attempt(user: AbstractBaseUser, quiz: Quiz, answers: Mapping[str, Any]) -> Attempt:
    """Score `answers` ({question key: parsed answer}) and keep them as an attempt."""
    if reason := selectors.refusal(user, quiz, lock=True):
        raise AttemptRefused(reason)
    questions = list(quiz.questions.all())
    scores = {q.key: score(q.kind, q.data, answers.get(q.key)) for q in questions}
    total = sum(scores.values()) / len(questions) if questions else 0.0
    return Attempt.objects.create(
        quiz=quiz,
        user=user,
        answers={q.key: answers.get(q.key) for q in questions},
        scores=scores,
        score=round(total, 4),
    )
