"""Pages of the courses app."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from grader import selectors as grader_selectors

from . import gradebook, permissions, selectors, services
from .permissions import staff_only
from .rendering import render_markdown


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    return render(request, "courses/course_list.html", {"courses": selectors.courses(request.user)})


@login_required
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    course = selectors.course_with_lessons(slug, request.user)
    progress = selectors.progress(request.user, course)
    rows = progress.rows(course, request.user)
    return render(
        request,
        "courses/course_detail.html",
        {"course": course, "rows": rows, "summary": progress.summary(rows)},
    )


@login_required
def lesson_detail(request: HttpRequest, course: str, slug: str) -> HttpResponse:
    lesson = selectors.lesson(course, slug, request.user)
    services.mark_read(request.user, lesson)
    return render(
        request,
        "courses/lesson_detail.html",
        {
            "lesson": lesson,
            "body": render_markdown(lesson.body, media=media_prefix(lesson.course.slug)),
            "quiz": selectors.visible_quiz(lesson, request.user),
        },
    )


@login_required
def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = selectors.exercise(slug, request.user)
    return render(
        request,
        "courses/exercise_detail.html",
        {
            "exercise": exercise,
            "prompt": render_markdown(exercise.prompt),
            "hints": [render_markdown(hint) for hint in exercise.hints],
            "code": grader_selectors.latest_code(request.user, exercise),
            "submissions": grader_selectors.with_counted_scores(
                grader_selectors.submissions_of(request.user, exercise).defer("code", "verdict")[
                    :20
                ],
                exercise,
            ),
            "schedule": grader_selectors.schedule(request.user, exercise),
        },
    )


def media_prefix(course_slug: str) -> str:
    return reverse("courses:asset", args=[course_slug, "x.svg"]).removesuffix("x.svg")


# A drawing served from our own origin: no script may run even if one slipped in.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


@require_GET
@login_required
def asset(request: HttpRequest, course: str, name: str) -> HttpResponse:
    found = selectors.asset(course, name)
    response = HttpResponse(found.content, content_type="image/svg+xml; charset=utf-8")
    response["Content-Security-Policy"] = SVG_POLICY
    response["Cache-Control"] = "private, max-age=3600"
    return response


@staff_only
def gradebook_page(request: HttpRequest, slug: str) -> HttpResponse:
    course = permissions.taught_course(request.user, slug)
    cols = gradebook.columns(course)
    rows, sort = gradebook.sort_rows(
        gradebook.rows(course, cols), request.GET.get("sort", "student"), cols
    )
    return render(
        request,
        "courses/gradebook.html",
        {
            "course": course,
            "headers": gradebook.headers(cols, sort),
            "rows": [
                (
                    row,
                    [gradebook.percent(row.scores.get(c.key)) for c in cols],
                    gradebook.percent(row.total),
                )
                for row in rows
            ],
        },
    )


@staff_only
def gradebook_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """Streamed: each line is written as its student's cells arrive from the database."""
    course = permissions.taught_course(request.user, slug)
    cols = gradebook.columns(course)
    response = StreamingHttpResponse(
        gradebook.csv_lines(cols, gradebook.rows(course, cols)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{course.slug}-gradebook.csv"'
    return response


@staff_only
def gradebook_student(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    course = permissions.taught_course(request.user, slug)
    student = get_object_or_404(get_user_model(), pk=user_id)
    cols = gradebook.columns(course)
    return render(
        request,
        "courses/gradebook_student.html",
        {
            "course": course,
            "student": student,
            "items": gradebook.student_items(course, cols, student),
        },
    )
