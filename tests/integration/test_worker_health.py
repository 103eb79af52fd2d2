"""A worker proves its sandbox before it takes work; one that cannot, refuses and says why."""

import time

from django.core.management import call_command

from grader import health, services
from grader.models import Submission

from ..conftest import CONTENT
from ..grader.conftest import require_sandbox
from .conftest import running_worker, wait_for_verdict

SOLUTION = CONTENT / "processes" / "exercises" / "run-in-child" / "solution.py"


def state_of(name: str) -> dict:
    return next(w for w in health.workers() if w["hostname"].startswith(name))


def test_a_healthy_worker_says_so(transactional_db, redis_url, tmp_path, capsys):
    require_sandbox()
    with running_worker(redis_url, tmp_path) as (_, log, name):
        assert state_of(name)["ok"] is True
        assert "sandbox self-test passed" in log.read_text()
        call_command("worker_health")
        assert f"{name}@" in capsys.readouterr().out
    assert not any(w["hostname"].startswith(name) for w in health.workers()), "forgotten at exit"


def test_a_worker_without_a_working_sandbox_refuses_and_nothing_is_lost(
    transactional_db, redis_url, tmp_path, student, run_in_child
):
    require_sandbox()
    with running_worker(redis_url, tmp_path, SANDBOX_BWRAP="/nonexistent/bwrap") as (_, log, name):
        state = state_of(name)
        assert state["ok"] is False
        assert any("bubblewrap" in problem for problem in state["problems"])
        assert "will not grade" in log.read_text()
        submission = services.create_submission(
            student=student, exercise=run_in_child, code=SOLUTION.read_text()
        )
        time.sleep(3)
        submission.refresh_from_db()
        assert submission.status == Submission.Status.QUEUED, "a broken worker took the work"
    with running_worker(redis_url, tmp_path):
        assert wait_for_verdict(submission.pk).status == Submission.Status.PASSED


def test_healthz_reports_the_workers(transactional_db, redis_url, tmp_path, client):
    require_sandbox()
    with running_worker(redis_url, tmp_path):
        response = client.get("/healthz")
        assert response.status_code == 200
        body = response.json()
        assert body["ok"] and body["checks"]["grading_workers"] >= 1
        assert "workers" not in body, "details are for staff"
