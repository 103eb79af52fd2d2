"""The HTTP API under /api/v1/ (see the README): thin views over services and selectors."""

from django.urls import reverse
from rest_framework import status
from rest_framework.decorators import api_view, throttle_classes
from rest_framework.request import Request
from rest_framework.response import Response

from courses import selectors as course_selectors

from . import selectors, services
from .models import Submission
from .throttling import SubmissionRateThrottle


@api_view(["GET"])
def exercises(request: Request) -> Response:
    return Response(
        [
            {
                "slug": e.slug,
                "title": e.title,
                "course": e.lesson.course.slug,
                "lesson": e.lesson.slug,
            }
            for e in course_selectors.exercises(request.user)
        ]
    )


@api_view(["POST"])
@throttle_classes([SubmissionRateThrottle])
def create_submission(request: Request) -> Response:
    data = request.data if isinstance(request.data, dict) else {}
    slug, code = data.get("exercise"), data.get("code")
    if not isinstance(slug, str) or not isinstance(code, str):
        return _bad_request('Send JSON {"exercise": SLUG, "code": TEXT}.')
    exercise = course_selectors.exercises(request.user).filter(slug=slug).first()
    if exercise is None:  # unpublished ones do not exist for a student
        return _bad_request(f"There is no exercise {slug!r}.")
    try:
        submission = services.create_submission(student=request.user, exercise=exercise, code=code)
    except services.InvalidSubmission as exc:
        return _bad_request(str(exc))
    return Response(
        {
            "id": submission.pk,
            "status": submission.status,
            "url": reverse("api:submission", args=[submission.pk]),
        },
        status=status.HTTP_201_CREATED,
    )


@api_view(["GET"])
def submission(request: Request, pk: int) -> Response:
    found = selectors.submission_for(request.user, pk)
    return Response(serialize(found))


def serialize(found: Submission) -> dict:
    return {
        "id": found.pk,
        "exercise": found.exercise.slug,
        "status": found.status,
        "score": found.score,
        "checks": selectors.public_checks(found),
        "error": found.error,
        "created": found.created.isoformat(),
        "finished": found.finished.isoformat() if found.finished else None,
    }


def _bad_request(message: str) -> Response:
    return Response({"error": message}, status=status.HTTP_400_BAD_REQUEST)
