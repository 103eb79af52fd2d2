import pytest

from grader.models import Submission

from ..factories import SubmissionFactory
from .test_api import VERDICT


def test_pages_need_a_login(client, run_in_child):
    for url in ["/", "/courses/processes/", run_in_child.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_student_reads_course_lesson_and_exercise(student_client, run_in_child):
    assert "Processes and concurrency" in student_client.get("/").content.decode()
    course = student_client.get("/courses/processes/").content.decode()
    assert run_in_child.title in course
    lesson = student_client.get(run_in_child.lesson.get_absolute_url()).content.decode()
    assert '<div class="highlight">' in lesson and "```" not in lesson  # rendered, highlighted
    page = student_client.get(run_in_child.get_absolute_url()).content.decode()
    assert "def run_in_child(target, args):" in page  # the starter code
    assert run_in_child.hints and all(
        f"Hint {n}" in page for n in range(1, len(run_in_child.hints) + 1)
    )


def test_submitting_stores_and_redirects_to_the_submission(student_client, student, run_in_child):
    response = student_client.post(
        f"/exercises/{run_in_child.slug}/submit", {"code": "def run_in_child(t, a):\n    pass\n"}
    )
    submission = Submission.objects.get(student=student)
    assert response.status_code == 302 and response["Location"] == f"/submissions/{submission.pk}/"
    page = student_client.get(response["Location"]).content.decode()
    assert "Queued" in page and "next in the queue" in page
    assert 'hx-trigger="every 1s"' in page  # followed live, with htmx
    assert '<noscript><meta http-equiv="refresh"' in page  # and without JavaScript


def test_bad_code_is_shown_back_and_nothing_stored(student_client, run_in_child):
    response = student_client.post(
        f"/exercises/{run_in_child.slug}/submit", {"code": "x = 1\x00"}, follow=True
    )
    assert "NUL byte" in response.content.decode()
    assert not Submission.objects.exists()


def test_exercise_page_shows_the_students_last_code(student_client, student, run_in_child):
    SubmissionFactory(student=student, exercise=run_in_child, code="# my last try\n")
    assert "# my last try" in student_client.get(run_in_child.get_absolute_url()).content.decode()


def test_another_students_submission_is_404(student_client, other_student):
    theirs = SubmissionFactory(student=other_student, code="# their secret code")
    assert student_client.get(f"/submissions/{theirs.pk}/").status_code == 404


@pytest.mark.parametrize("status", ["passed", "failed"])
def test_final_verdict_shows_checks_without_hidden_contents(student_client, student, status):
    mine = SubmissionFactory(student=student, status=status, score=0.5, verdict=VERDICT)
    page = student_client.get(f"/submissions/{mine.pk}/").content.decode()
    assert "visible" in page and "fine" in page
    assert "hidden check 2" in page
    assert "SECRET" not in page and "secret rule" not in page
    assert 'http-equiv="refresh"' not in page and "hx-trigger" not in page


def test_teacher_sees_any_submission(client, teacher, student):
    from .. import factories

    submission = SubmissionFactory(student=student)
    client.login(username=teacher.username, password=factories.PASSWORD)
    assert client.get(f"/submissions/{submission.pk}/").status_code == 200


def test_a_schedule_dependent_failure_names_its_schedule(student_client, student):
    verdict = VERDICT | {"schedule": {"explored": 2, "failed_under": "seed 8: all CPUs"}}
    mine = SubmissionFactory(student=student, status="failed", score=0.5, verdict=verdict)
    page = student_client.get(f"/submissions/{mine.pk}/").content.decode()
    assert "this failure showed under seed 8: all CPUs" in page


def test_the_status_poll_gives_the_queue_position_then_the_verdict_and_stops(
    student_client, student, django_assert_max_num_queries
):
    earlier = SubmissionFactory(status="queued")
    mine = SubmissionFactory(student=student, status="queued")
    url = f"/submissions/{mine.pk}/status"
    with django_assert_max_num_queries(4):  # session, user, the submission, the count
        poll = student_client.get(url).content.decode()
    assert "number 2 in the queue" in poll and 'hx-trigger="every 1s"' in poll
    Submission.objects.filter(pk=earlier.pk).update(status="running")
    assert "next in the queue" in student_client.get(url).content.decode()
    Submission.objects.filter(pk=mine.pk).update(status="failed", score=0.5, verdict=VERDICT)
    final = student_client.get(url).content.decode()
    assert "hx-trigger" not in final  # polling stops here
    assert "visible" in final and "hidden check 2" in final and "SECRET" not in final


def test_another_students_status_is_404(student_client, other_student):
    theirs = SubmissionFactory(student=other_student)
    assert student_client.get(f"/submissions/{theirs.pk}/status").status_code == 404


def test_submitting_too_fast_gives_a_429_page_with_the_wait(
    student_client, student, run_in_child, monkeypatch
):
    from django.core.cache import cache

    from grader.throttling import SubmissionRateThrottle

    monkeypatch.setattr(SubmissionRateThrottle, "rate", "1/min", raising=False)
    cache.delete(
        SubmissionRateThrottle.cache_format % {"scope": "submissions", "ident": student.pk}
    )
    url = f"/exercises/{run_in_child.slug}/submit"
    assert student_client.post(url, {"code": "x = 1\n"}).status_code == 302
    response = student_client.post(url, {"code": "x = 2\n"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "You can submit again in" in response.content.decode()
    assert Submission.objects.count() == 1


def test_the_verdict_draws_the_process_timeline(student_client, student):
    timeline = [
        {"pid": 1, "ppid": 0, "start": 0.0, "end": 1.0, "exit_code": 0, "signal": None,
         "cpu_seconds": 0.1, "output": []},
        {"pid": 2, "ppid": 1, "start": 0.1, "end": 0.9, "exit_code": 0, "signal": None,
         "cpu_seconds": 0.1, "output": []},
        {"pid": 3, "ppid": 2, "start": 0.2, "end": 0.5, "exit_code": None, "signal": 9,
         "cpu_seconds": 0.0, "output": [[0.3, "stdout", "<b>hi</b>"]]},
    ]  # fmt: skip
    verdict = VERDICT | {"timeline": timeline}
    mine = SubmissionFactory(student=student, status="failed", score=0.5, verdict=verdict)
    page = student_client.get(f"/submissions/{mine.pk}/").content.decode()
    assert "<svg" in page and "killed by SIGKILL" in page
    assert "<b>hi</b>" not in page  # the student's output, escaped inside the drawing


def test_the_line_a_failed_check_points_at_is_highlighted_in_the_code(student_client, student):
    code = "from multiprocessing import Queue\n\ndef drain(q):\n    return [q.get()]\n"
    verdict = VERDICT | {
        "checks": [
            {"name": "returns at once", "passed": False, "points": 1, "hidden": False,
             "message": "drain(q) did not return: blocked in Queue.get() at line 4 of your code"},
            {"name": "secret", "passed": False, "points": 1, "hidden": True,
             "message": "line 1 of your code"},
        ]
    }  # fmt: skip
    mine = SubmissionFactory(student=student, status="failed", score=0, verdict=verdict, code=code)
    page = student_client.get(f"/submissions/{mine.pk}/").content.decode()
    assert '<span class="line flagged" id="L4">' in page
    assert '<span class="line" id="L1">' in page  # a hidden check's message points nowhere
