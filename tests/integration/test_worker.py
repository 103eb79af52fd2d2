"""The real path: stored, queued in Redis, a prefork worker, the sandbox, the verdict stored."""

from rest_framework.test import APIClient

from grader import services, tasks
from grader.models import Submission

from ..conftest import CONTENT
from .conftest import wait_for_verdict

RUN_IN_CHILD = CONTENT / "processes" / "exercises" / "run-in-child"


def submit(student, exercise, path):
    return services.create_submission(student=student, exercise=exercise, code=path.read_text())


def test_correct_wrong_and_hanging_submissions_get_their_verdicts(worker, student, run_in_child):
    correct = submit(student, run_in_child, RUN_IN_CHILD / "solution.py")
    wrong = submit(student, run_in_child, RUN_IN_CHILD / "wrong" / "no_wait.py")
    hangs = submit(student, run_in_child, RUN_IN_CHILD / "wrong" / "hangs.py")

    correct = wait_for_verdict(correct.pk)
    assert correct.status == Submission.Status.PASSED and correct.score == 1.0
    assert correct.attempts == 1 and correct.worker.startswith("test-")
    assert correct.started <= correct.finished

    wrong = wait_for_verdict(wrong.pk)
    assert wrong.status == Submission.Status.FAILED
    failed = [c for c in wrong.verdict["checks"] if not c["passed"]]
    assert failed[0]["name"] == "waits for the child to end"

    hangs = wait_for_verdict(hangs.pk)
    assert hangs.status == Submission.Status.FAILED
    assert "did not return within 3 s" in hangs.verdict["checks"][0]["message"]


def test_a_second_delivery_of_the_same_task_grades_once(worker, student, run_in_child):
    submission = submit(student, run_in_child, RUN_IN_CHILD / "solution.py")
    tasks.grade_submission.delay(submission.pk)  # a duplicate, as a redelivery would be
    submission = wait_for_verdict(submission.pk)
    assert submission.status == Submission.Status.PASSED
    assert submission.attempts == 1


def test_the_api_round_trip(worker, student, run_in_child):
    client = APIClient()
    client.force_authenticate(student)
    code = (RUN_IN_CHILD / "solutions" / "os_fork.py").read_text()
    created = client.post(
        "/api/v1/submissions", {"exercise": "run-in-child", "code": code}, format="json"
    ).json()
    wait_for_verdict(created["id"])
    body = client.get(created["url"]).json()
    assert body["status"] == "passed" and body["score"] == 1.0
    assert all(check["passed"] for check in body["checks"])
    assert body["finished"] is not None
