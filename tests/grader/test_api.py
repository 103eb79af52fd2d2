import pytest
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

from grader.models import Submission
from grader.throttling import SubmissionRateThrottle

from ..factories import SubmissionFactory

VERDICT = {
    "checks": [
        {"name": "visible", "passed": True, "points": 1, "message": "fine", "hidden": False},
        {"name": "secret rule", "passed": False, "points": 1, "message": "SECRET", "hidden": True},
    ]
}


@pytest.fixture(autouse=True)
def _redis(redis_url):
    """The rate limit lives in the shared cache, Redis."""


def test_anonymous_requests_are_refused(db):
    assert APIClient().get("/api/v1/exercises").status_code in (401, 403)


def test_exercises_are_listed(api, run_in_child):
    response = api.get("/api/v1/exercises")
    assert response.status_code == 200
    assert {
        "slug": "run-in-child",
        "title": run_in_child.title,
        "course": "processes",
        "lesson": run_in_child.lesson.slug,
    } in response.json()


def test_submission_is_created_queued(api, student, run_in_child):
    response = api.post(
        "/api/v1/submissions", {"exercise": "run-in-child", "code": "x = 1\n"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "queued" and body["url"] == f"/api/v1/submissions/{body['id']}"
    assert Submission.objects.get(pk=body["id"]).student == student


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"exercise": "nope", "code": "x = 1"}, "no exercise 'nope'"),
        ({"exercise": "run-in-child"}, "Send JSON"),
        ({"exercise": "run-in-child", "code": "a\x00b"}, "NUL byte"),
        ({"exercise": "run-in-child", "code": "x" * 70000}, "at most 65,536 bytes"),
    ],
)
def test_bad_input_is_a_400_with_a_message_and_stores_nothing(api, run_in_child, payload, message):
    response = api.post("/api/v1/submissions", payload, format="json")
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Submission.objects.exists()


def test_a_student_gets_404_for_another_students_submission(api, other_student):
    theirs = SubmissionFactory(student=other_student)
    assert api.get(f"/api/v1/submissions/{theirs.pk}").status_code == 404


def test_own_submission_shows_hidden_checks_without_their_contents(api, student):
    mine = SubmissionFactory(student=student, status="failed", score=0.5, verdict=VERDICT)
    response = api.get(f"/api/v1/submissions/{mine.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "failed" and body["score"] == 0.5
    assert body["checks"][0]["message"] == "fine"
    assert body["checks"][1] == {"name": "hidden check 2", "passed": False, "hidden": True}
    assert "SECRET" not in response.content.decode()
    assert "secret rule" not in response.content.decode()


def test_token_authentication_with_the_api_token_command(student, capsys):
    call_command("api_token", "student")
    key = capsys.readouterr().out.strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/exercises").status_code == 200
    call_command("api_token", "student")
    assert capsys.readouterr().out.strip() == key, "the key is created once"


def test_session_posts_need_a_csrf_token(student, run_in_child):
    from .. import factories

    client = APIClient(enforce_csrf_checks=True)
    client.login(username="student", password=factories.PASSWORD)
    response = client.post(
        "/api/v1/submissions", {"exercise": "run-in-child", "code": "x = 1"}, format="json"
    )
    assert response.status_code == 403


def test_rate_limit_answers_429_with_the_wait(api, student, run_in_child, monkeypatch):
    monkeypatch.setattr(SubmissionRateThrottle, "rate", "2/min", raising=False)
    cache.delete(
        SubmissionRateThrottle.cache_format % {"scope": "submissions", "ident": student.pk}
    )
    payload = {"exercise": "run-in-child", "code": "x = 1\n"}
    codes = [api.post("/api/v1/submissions", payload, format="json") for _ in range(3)]
    assert [r.status_code for r in codes] == [201, 201, 429]
    assert "available in" in codes[2].json()["detail"]
    assert int(codes[2]["Retry-After"]) > 0
