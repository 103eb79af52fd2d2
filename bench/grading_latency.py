"""Submit -> verdict latency of run-in-child through the real path, on an idle worker.

Starts what `make run` starts, in a private directory: a fresh SQLite database,
the course, a Celery prefork worker on REDIS_URL (run it with scripts/with_redis.py
for a private Redis). Then submits the reference solution N times, one after the
other, through services.create_submission (what the form and the API call), and
reads each verdict's timestamps from the database: created -> finished.

    .venv/bin/python scripts/with_redis.py -- .venv/bin/python bench/grading_latency.py [N]
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ["PROCTOR_VAR_DIR"] = tempfile.mkdtemp(prefix="proctor-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from courses.models import Exercise  # noqa: E402
from grader import services  # noqa: E402
from grader.models import Submission  # noqa: E402

SOLUTION = ROOT / "content/processes/exercises/run-in-child/solution.py"


def start_worker() -> subprocess.Popen:
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "grading",
         "--pool", "prefork", "--concurrency", "2", "-l", "info", "-n", "bench@%h"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    for line in worker.stdout:
        if " ready." in line:
            return worker
    raise SystemExit("the worker did not start")


def grade_once(student, exercise) -> tuple[float, float]:
    submitted = time.monotonic()
    submission = services.create_submission(
        student=student, exercise=exercise, code=SOLUTION.read_text()
    )
    while True:
        submission.refresh_from_db()
        if submission.is_final:
            break
        time.sleep(0.01)
    assert submission.status == Submission.Status.PASSED, submission.verdict
    polled = time.monotonic() - submitted
    stored = (submission.finished - submission.created).total_seconds()
    return stored, polled


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    call_command("migrate", verbosity=0)
    call_command("import_course", verbosity=0)
    student = get_user_model().objects.create_user("bench")
    exercise = Exercise.objects.get(slug="run-in-child")
    worker = start_worker()
    try:
        grade_once(student, exercise)  # warm-up, not counted
        results = [grade_once(student, exercise) for _ in range(count)]
    finally:
        worker.terminate()
        worker.wait(30)
    stored = [s for s, _ in results]
    polled = [p for _, p in results]
    print(f"run-in-child reference solution, {count} submissions one after another")
    print(
        f"created -> finished (database): p50 {statistics.median(stored) * 1000:.0f} ms, "
        f"p95 {percentile(stored, 95) * 1000:.0f} ms, max {max(stored) * 1000:.0f} ms"
    )
    print(
        f"submit -> verdict seen (client): p50 {statistics.median(polled) * 1000:.0f} ms, "
        f"p95 {percentile(polled, 95) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
