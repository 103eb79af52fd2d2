"""A real Celery prefork worker, in its own process, on the real Redis and the test database."""

import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings

from grader.models import Submission

from ..databases import database_env
from ..grader.conftest import require_sandbox


@pytest.fixture
def worker(transactional_db, redis_url):
    require_sandbox()
    name = f"test-{uuid.uuid4().hex[:8]}@%h"
    env = database_env() | {"REDIS_URL": redis_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "grading",
         "--pool", "prefork", "--concurrency", "2", "-l", "info", "-n", name,
         "--without-mingle", "--without-gossip"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    log = wait_until_ready(process)
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    assert process.returncode is not None, log


def wait_until_ready(process: subprocess.Popen, timeout: float = 60) -> str:
    lines = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if " ready." in line:
            return "".join(lines)
    process.kill()
    raise AssertionError("the worker did not start:\n" + "".join(lines))


def wait_for_verdict(submission_id: int, timeout: float = 60) -> Submission:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        submission = Submission.objects.get(pk=submission_id)
        if submission.is_final:
            return submission
        time.sleep(0.2)
    raise AssertionError(f"submission {submission_id} is still {submission.status}")
