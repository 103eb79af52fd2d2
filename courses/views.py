"""Pages of the courses app."""

import markdown
import nh3
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from grader import selectors as grader_selectors

from . import selectors


def render_markdown(text: str) -> str:
    """Markdown to HTML, sanitised: content is authored, but never trusted blindly."""
    html = markdown.markdown(text, extensions=["fenced_code", "tables"])
    return mark_safe(nh3.clean(html))  # noqa: S308 - sanitised just above


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    return render(request, "courses/course_list.html", {"courses": selectors.courses()})


@login_required
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request, "courses/course_detail.html", {"course": selectors.course_with_lessons(slug)}
    )


@login_required
def lesson_detail(request: HttpRequest, course: str, slug: str) -> HttpResponse:
    lesson = selectors.lesson(course, slug)
    return render(
        request,
        "courses/lesson_detail.html",
        {"lesson": lesson, "body": render_markdown(lesson.body)},
    )


@login_required
def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = selectors.exercise(slug)
    return render(
        request,
        "courses/exercise_detail.html",
        {
            "exercise": exercise,
            "prompt": render_markdown(exercise.prompt),
            "code": grader_selectors.latest_code(request.user, exercise),
            "submissions": grader_selectors.submissions_of(request.user, exercise)[:20],
        },
    )
