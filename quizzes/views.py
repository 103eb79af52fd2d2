"""Pages of the quizzes app: take a quiz, see an attempt scored and explained."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from courses.rendering import render_markdown

from . import answers, selectors, services


@login_required
@require_http_methods(["GET", "POST"])
def quiz(request: HttpRequest, course: str, lesson: str) -> HttpResponse:
    found = selectors.quiz(course, lesson, request.user)
    questions = list(found.questions.all())
    if request.method == "POST":
        try:
            attempt = services.submit_attempt(
                request.user, found, answers.parse(questions, request.POST)
            )
        except services.AttemptRefused as exc:
            messages.error(request, str(exc))
            return redirect(found)
        return redirect("quizzes:attempt", pk=attempt.pk)
    return render(
        request,
        "quizzes/quiz.html",
        {
            "quiz": found,
            "questions": [_shown(q, request.user.pk) for q in questions],
            "attempts": selectors.with_counted_scores(
                selectors.attempts(request.user, found)[:10], found
            ),
            "schedule": selectors.schedule(request.user, found),
        },
    )


@login_required
def attempt(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.attempt_of(request.user, pk)
    questions = []
    for question in found.quiz.questions.all():
        shown = _shown(question, request.user.pk)
        shown["answer"] = found.answers.get(question.key)
        shown["score"] = found.scores.get(question.key, 0.0)
        shown["explanation"] = render_markdown(question.explanation)
        questions.append(shown)
    return render(
        request,
        "quizzes/attempt.html",
        {
            "attempt": found,
            "questions": questions,
            "counted": selectors.with_counted_scores([found], found.quiz)[0],
        },
    )


def _shown(question, seed) -> dict:
    """What the template needs of a question; answers are added only after an attempt."""
    shown = {
        "q": question,
        "field": answers.field(question),
        "prompt": render_markdown(question.prompt),
        "choices": [c.get("text", c.get("output")) for c in question.data.get("choices", [])],
    }
    if question.kind == "ordering":
        shown["items"] = [
            (i, question.data["items"][i]) for i in answers.display_order(question, seed)
        ]
    return shown
