"""A real Celery prefork worker, in its own process, on the real Redis and the test database."""

import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

from grader.models import Submission

from ..databases import database_env
from ..grader.conftest import require_sandbox


@contextmanager
def running_worker(redis_url: str, log_dir: Path, **env: str):
    """A worker process, its log file written as it goes (no pipe to fill up), and its name."""
    name = f"test-{uuid.uuid4().hex[:8]}"
    log = log_dir / f"{name}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "grading,maintenance",
             "--pool", "prefork", "--concurrency", "2", "-l", "info", "-n", f"{name}@%h",
             "--without-mingle", "--without-gossip"],
            cwd=settings.BASE_DIR, env=database_env() | {"REDIS_URL": redis_url} | env,
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_until_ready(process, log)
        yield process, log, name
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_ready(process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if " ready." in log.read_text():
            return
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    raise AssertionError("the worker did not start:\n" + log.read_text())


@pytest.fixture
def worker(transactional_db, redis_url, tmp_path):
    require_sandbox()
    with running_worker(redis_url, tmp_path) as (process, _log, _name):
        yield process


def wait_for_verdict(submission_id: int, timeout: float = 60) -> Submission:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        submission = Submission.objects.get(pk=submission_id)
        if submission.is_final:
            return submission
        time.sleep(0.2)
    raise AssertionError(f"submission {submission_id} is still {submission.status}")
