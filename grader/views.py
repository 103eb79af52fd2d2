"""Pages of the grader: submit, and follow a submission to its verdict."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from courses import permissions
from courses import selectors as course_selectors
from courses.permissions import staff_only

from . import selectors, services, throttling
from .timeline_svg import render_timeline


@login_required
@require_POST
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = course_selectors.exercise(slug, request.user)
    if (wait := throttling.seconds_to_wait(request)) is not None:
        response = render(request, "429.html", {"wait": wait}, status=429)
        response["Retry-After"] = str(wait)
        return response
    try:
        submission = services.create_submission(
            student=request.user, exercise=exercise, code=request.POST.get("code", "")
        )
    except services.InvalidSubmission as exc:
        messages.error(request, str(exc))
        return redirect(exercise)
    return redirect(submission)


@login_required
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.submission_for(request.user, pk)
    context = result_context(found)
    context["code_lines"] = selectors.code_lines(found, context.get("checks", []))
    return render(request, "grader/submission.html", context)


@login_required
def status(request: HttpRequest, pk: int) -> HttpResponse:
    """What the page polls (htmx) until the verdict is final: the live part only."""
    found = selectors.submission_for(request.user, pk)
    return render(request, "grader/_result.html", result_context(found))


def result_context(found) -> dict:
    if not found.is_final:  # nothing of a verdict to read yet: keep the poll cheap
        return {"submission": found, "position": selectors.queue_position(found)}
    verdict = found.verdict or {}
    return {
        "submission": found,
        "checks": selectors.public_checks(found),
        "stdout": verdict.get("stdout", ""),
        "stderr": verdict.get("stderr", ""),
        "notes": verdict.get("notes", []),
        "failed_under": (verdict.get("schedule") or {}).get("failed_under"),
        # Safe: render_timeline escapes every text it puts in the SVG.
        "timeline_svg": mark_safe(render_timeline(verdict.get("timeline") or [])),  # noqa: S308
    }


@staff_only
def statistics(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = course_selectors.exercise(slug, request.user)
    permissions.taught_course(request.user, exercise.lesson.course.slug)  # else a 404
    return render(
        request,
        "grader/statistics.html",
        {"exercise": exercise, "stats": selectors.exercise_statistics(exercise)},
    )
