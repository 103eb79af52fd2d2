"""Server time of the student pages under load: course, lesson, exercise, submission, status poll.

Creates its own PostgreSQL database (default proctor_bench on 127.0.0.1:5432, user
postgres), migrates it, imports the built-in course, and makes a student with 200
graded submissions spread over the exercises (verdicts in the engine's shape, each
with a timeline of 10 processes and their output, so the submission page draws its
SVG), a few quiz attempts, and one queued submission for the status poll. Then it
serves the site with gunicorn (DEBUG off, plain HTTP: SECURE_SSL_REDIRECT and the
secure-cookie settings turned off by their environment variables, SERVER_TIMING=true)
and lets N client threads, each with its own logged-in session, request the pages
round-robin. Every response must be 200 and be the page meant (its title, the SVG,
the queue position); the script exits 1 otherwise.

The server time is the `Server-Timing: app;dur=` header (config/middleware.py): the
time inside Django, without the wait in gunicorn's accept queue. The client latency
(connect to last byte) is recorded too; with many more clients than workers it is
mostly that queueing.

First one client (--baseline-requests per page: the server time without contention),
then --clients (--requests per page). Each run starts with an unrecorded warm-up
round per client. The database and the server are removed at the end, also on
Ctrl-C or an error.

    .venv/bin/python bench/pages.py --clients 50 --requests 2000
    .venv/bin/python bench/pages.py --clients 50 --requests 2000 --workers 4
    .venv/bin/python bench/pages.py --wait-for-tests 1200 ...  # wait for a test run to end
    .venv/bin/python bench/pages.py --profile   # cProfile of each page in-process, no load

Queries per request are counted once per page in-process (Django's test client, same
settings) before the server starts.
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import itertools
import math
import os
import pstats
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-student-password-1"  # noqa: S105 - a throwaway account in a throwaway database
USERNAME = "bench-student"
SUBMISSIONS = 200


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (50)")
    parser.add_argument("--requests", type=int, default=2000, help="requests per page (2000)")
    parser.add_argument(
        "--baseline-requests", type=int, default=200,
        help="requests per page at 1 client, first (200; 0 skips)",
    )  # fmt: skip
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", default="proctor_bench")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL")
    parser.add_argument(
        "--wait-for-tests", type=int, default=0, metavar="SECONDS",
        help="first wait (polling every 30 s) up to this long until no pytest process runs",
    )  # fmt: skip
    parser.add_argument("--profile", action="store_true", help="profile each page, no load run")
    return parser.parse_args()


ARGS = parse_args()
DATABASE_URL = f"{ARGS.pg}/{ARGS.database}"
# The settings read these; the gunicorn workers inherit them.
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on 127.0.0.1: no redirect to https, cookies not https-only.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SERVER_TIMING": "true",
        "PROCTOR_VAR_DIR": tempfile.mkdtemp(prefix="proctor-bench-pages-"),
        "LOG_LEVEL": "WARNING",
    }
)
sys.path.insert(0, str(ROOT))


# --- the database --------------------------------------------------------------------


def admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{ARGS.pg}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def create_database() -> None:
    # Ours by name: a leftover of an interrupted run is dropped first.
    admin_sql(f'DROP DATABASE IF EXISTS "{ARGS.database}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{ARGS.database}"')


def drop_database() -> None:
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # noqa: S110 - Django may not be set up yet
        pass
    admin_sql(f'DROP DATABASE IF EXISTS "{ARGS.database}" WITH (FORCE)')


# --- the data --------------------------------------------------------------------------


def timeline(rng: random.Random, calls: int = 4) -> list[dict]:
    """10 processes as grader/engine.py's timeline() gives them: the harness (pid 1), one
    caller process per call, the child each call starts, one grandchild; output marks."""

    def proc(pid, ppid, start, end, exit_code=0, sig=None, output=()):
        return {
            "pid": pid, "ppid": ppid, "start": round(start, 4),
            "end": None if end is None else round(end, 4),
            "exit_code": None if sig or end is None else exit_code, "signal": sig,
            "cpu_seconds": round(rng.uniform(0.001, 0.05), 4),
            "output": [[round(t, 4), stream, text] for t, stream, text in output],
        }  # fmt: skip

    total = rng.uniform(0.8, 1.6)
    procs = [proc(1, 0, 0.0, total, output=[(0.01, "stdout", "harness: 4 calls")])]
    pid = 100
    span = total / calls
    for call in range(calls):
        start = call * span + 0.01
        caller, child = pid, pid + 1
        child_end = start + span * rng.uniform(0.4, 0.8)
        marks = [
            (start + span * f, "stdout", f"child {child}: step {n} of 3")
            for n, f in enumerate((0.2, 0.4, 0.6), start=1)
        ]
        if rng.random() < 0.3:
            marks.append((child_end - 0.01, "stderr", "Traceback (most recent call last): ..."))
        procs.append(
            proc(
                caller,
                1,
                start,
                start + span * 0.9,
                output=[(start + 0.005, "stdout", f"call {call + 1}: started {child}")],
            )
        )
        killed = rng.random() < 0.15
        procs.append(proc(child, caller, start + 0.02, child_end,
                          exit_code=rng.choice((0, 0, 0, 1)), sig=9 if killed else None,
                          output=marks))  # fmt: skip
        pid += 10
    grandchild_parent = procs[2]
    procs.append(
        proc(pid, grandchild_parent["pid"], grandchild_parent["start"] + 0.05,
             grandchild_parent["end"] - 0.02, output=[(grandchild_parent["start"] + 0.1,
                                                        "stdout", "grandchild says hello")])
    )  # fmt: skip
    return procs


def verdict(exercise, passed: bool, rng: random.Random) -> dict:
    """The shape of grader/verdict.py's Verdict.to_dict(), checks like tests/grader/test_api.py's
    VERDICT: visible ones with a message, a hidden one."""
    from grader.verdict import CheckOutcome, Verdict

    names = ["runs in a child process", "the parent waits", "the exit code is returned",
             "no zombie is left", "output order"]  # fmt: skip
    # A failed check points at a line of the code, as the engine's feedback does.
    failed = "expected exit code 0, observed 1: blocked in os.wait() at line {} of your code"
    checks = [
        CheckOutcome(name, passed or i % 2 == 0, 1,
                     "fine" if passed or i % 2 == 0 else failed.format(2 + i))
        for i, name in enumerate(names)
    ]  # fmt: skip
    checks.append(CheckOutcome("secret rule", passed, 1, "SECRET", hidden=True))
    failed_under = None if passed else "the child delayed by 50 ms before it starts"
    return Verdict(
        exercise=exercise.slug,
        checks=tuple(checks),
        seed=rng.randrange(2**31),
        duration_ms=rng.randrange(400, 2000),
        stdout="".join(f"child {n}: step {s} of 3\n" for n in range(4) for s in (1, 2, 3)),
        stderr="" if passed else "Traceback (most recent call last):\n  ...\nValueError: 3\n",
        timeline=tuple(timeline(rng)),
        notes=() if passed else ("A check failed under one of the explored schedules.",),
        schedule={"explored": exercise.schedules, "failed_under": failed_under},
    ).to_dict()


@dataclass
class Fixture:
    student: object
    course: object
    lesson: object
    exercise: object
    final_ids: list[int]
    queued_id: int


def seed() -> Fixture:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from courses.models import Course, Exercise, Lesson
    from grader.models import Submission
    from quizzes.models import Attempt, Quiz

    call_command("migrate", verbosity=0)
    call_command("import_course", stdout=io.StringIO())
    rng = random.Random(20)  # noqa: S311 - reproducible data, not secrets
    student = get_user_model().objects.create_user(USERNAME, password=PASSWORD)
    exercises = list(Exercise.objects.order_by("order"))
    now = timezone.now()
    rows = []
    for n in range(SUBMISSIONS):
        exercise = exercises[n % len(exercises)]
        passed = rng.random() < 0.4
        code = exercise.reference_solution if passed else exercise.starter_code
        v = verdict(exercise, passed, rng)
        rows.append(
            Submission(
                student=student, exercise=exercise, code=code or "x = 1\n",
                status="passed" if passed else "failed", score=v["score"], verdict=v,
                attempts=1, worker="bench@localhost",
            )
        )  # fmt: skip
    rows = Submission.objects.bulk_create(rows)
    for n, row in enumerate(rows):  # spread over 20 days, oldest first
        row.created = now - timedelta(minutes=(SUBMISSIONS - n) * 144)
        row.started = row.created + timedelta(seconds=1)
        row.finished = row.started + timedelta(milliseconds=row.verdict["duration_ms"])
    Submission.objects.bulk_update(rows, ["created", "started", "finished"])
    queued = Submission.objects.create(
        student=student, exercise=exercises[0], code=exercises[0].starter_code or "x = 1\n"
    )
    for quiz in Quiz.objects.all()[:4]:
        Attempt.objects.create(quiz=quiz, user=student, score=rng.choice((0.5, 0.75, 1.0)))
    course = Course.objects.get()
    # The heaviest of each: the longest lesson, the exercise with the most to render.
    lesson = max(Lesson.objects.select_related("course"), key=lambda x: len(x.body))
    exercise = max(exercises, key=lambda e: len(e.prompt) + sum(map(len, e.hints)))
    return Fixture(student, course, lesson, exercise, [r.pk for r in rows], queued.pk)


# --- the pages -------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    paths: tuple[str, ...]  # requested in turn
    must_contain: tuple[str, ...]


def pages(f: Fixture) -> list[Page]:
    from django.utils.html import escape

    return [
        Page("course", (f.course.get_absolute_url(),), (f"<h1>{escape(f.course.title)}</h1>",)),
        Page("lesson", (f.lesson.get_absolute_url(),), (f"<h1>{escape(f.lesson.title)}</h1>",)),
        Page(
            "exercise",
            (f.exercise.get_absolute_url(),),
            (f"<h1>{escape(f.exercise.title)}</h1>", "Your submissions"),
        ),
        Page(
            "submission",
            tuple(f"/submissions/{pk}/" for pk in f.final_ids),
            ("<h1>Submission ", "<svg", 'class="checks"'),
        ),
        Page(
            "status",
            (f"/submissions/{f.queued_id}/status",),
            ('id="result"', "hx-get=", "next in the queue"),
        ),
    ]


def check_body(page: Page, path: str, body: str) -> str | None:
    missing = [s for s in page.must_contain if s not in body]
    if page.name == "submission" and f"<h1>Submission {path.split('/')[2]}</h1>" not in body:
        missing.append("its number")
    return f"{page.name} {path}: missing {missing}" if missing else None


def count_queries(f: Fixture, all_pages: list[Page]) -> dict[str, int]:
    """Queries per request, in-process, with the same settings; also checks each page."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(f.student)
    counts = {}
    for page in all_pages:
        client.get(page.paths[0])  # the lesson page's first visit writes; count a later one
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page.paths[0])
        if response.status_code != 200 or check_body(page, page.paths[0], response.text):
            raise SystemExit(f"{page.name}: {response.status_code} or not the page meant")
        counts[page.name] = len(ctx.captured_queries)
    return counts


def profile(f: Fixture, all_pages: list[Page], runs: int = 100) -> None:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(f.student)
    for page in all_pages:
        for path in page.paths[:5]:
            client.get(path)  # warm
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for n in range(runs):
            client.get(page.paths[n % len(page.paths)])
        profiler.disable()
        took = (time.perf_counter() - started) / runs * 1000
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(15)
        print(f"\n=== {page.name}: {took:.1f} ms per request in-process (profiled) ===")
        print(out.getvalue())


def sessions(f: Fixture, count: int) -> list[str]:
    """One logged-in session per client, made as Django's login makes them."""
    from django.conf import settings
    from django.test import Client

    cookies = []
    for _ in range(count):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(f.student)
        cookies.append(
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
    return cookies


# --- the server ------------------------------------------------------------------------


def start_server() -> subprocess.Popen:
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-w", str(ARGS.workers),
         "-b", f"127.0.0.1:{ARGS.port}", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            status, *_ = fetch("/accounts/login/", "")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)  # the arbiter and its workers: its own group
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


# --- the clients -----------------------------------------------------------------------


def fetch(path: str, cookie: str) -> tuple[int, str, float | None, float]:
    """GET on a new connection (gunicorn's sync workers close each one):
    status, body, server ms from Server-Timing, client ms from connect to last byte."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", ARGS.port, timeout=120)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        body = response.read().decode()
        elapsed = (time.perf_counter() - started) * 1000
        timing = response.getheader("Server-Timing", "")
    finally:
        conn.close()
    server_ms = float(timing.split("dur=")[1]) if "dur=" in timing else None
    return response.status, body, server_ms, elapsed


@dataclass
class Samples:
    server: list[float] = field(default_factory=list)
    client: list[float] = field(default_factory=list)


@dataclass
class Run:
    clients: int
    per_page: int
    samples: dict[str, Samples]
    errors: list[str]
    seconds: float
    cpu: dict[str, float]
    machine: dict[str, float]  # share of the machine's CPU time: user, system, idle, steal...


def run(all_pages: list[Page], cookies: list[str], per_page: int) -> Run:
    """Each client takes the next request from one shared round-robin list of all pages."""
    work = [(page, n) for n in range(per_page) for page in all_pages]
    next_index = itertools.count()
    lock = threading.Lock()
    samples = {page.name: Samples() for page in all_pages}
    errors: list[str] = []

    def one(page: Page, n: int, cookie: str, record: bool) -> None:
        path = page.paths[n % len(page.paths)]
        try:
            status, body, server_ms, client_ms = fetch(path, cookie)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            with lock:
                errors.append(f"{page.name} {path}: {exc!r}")
            return
        problem = None
        if status != 200:
            problem = f"{page.name} {path}: status {status}"
        elif server_ms is None:
            problem = f"{page.name} {path}: no Server-Timing header"
        else:
            problem = check_body(page, path, body)
        with lock:
            if problem:
                errors.append(problem)
            elif record:
                samples[page.name].server.append(server_ms)
                samples[page.name].client.append(client_ms)

    def client(number: int, cookie: str, start: threading.Barrier) -> None:
        for offset, page in enumerate(all_pages):  # warm-up round, not recorded
            one(page, number + offset, cookie, record=False)
        start.wait()
        while not stop.is_set():
            with lock:
                index = next(next_index)
            if index >= len(work):
                return
            one(*work[index], cookie, record=True)

    stop = threading.Event()
    start = threading.Barrier(len(cookies) + 1)
    threads = [
        threading.Thread(target=client, args=(n, cookie, start), daemon=True)
        for n, cookie in enumerate(cookies)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    cpu_before, machine_before = cpu_by_process(), machine_cpu()
    began = time.perf_counter()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(0.5)
    finally:
        stop.set()
    seconds = time.perf_counter() - began
    cpu = cpu_by_command(cpu_before, cpu_by_process())
    machine = {k: v - machine_before[k] for k, v in machine_cpu().items()}
    total = sum(machine.values()) or 1
    machine = {k: v / total for k, v in machine.items()}
    return Run(len(cookies), per_page, samples, errors, seconds, cpu, machine)


def machine_cpu() -> dict[str, int]:
    """The machine's CPU time so far by kind (/proc/stat), in ticks; steal is the time the
    hypervisor gave our virtual CPUs to someone else."""
    names = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"]
    values = Path("/proc/stat").read_text().splitlines()[0].split()[1:9]
    return dict(zip(names, map(int, values), strict=True))


def cpu_by_process() -> dict[int, tuple[str, float]]:
    """CPU seconds used so far by every process on the machine, with a name for it: the
    command, the script of a Python program, kernel workers as one."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        # Its own time and its reaped children's: a test run that started and ended
        # during the run shows up in the shell or tool that started it.
        used = sum(int(f) for f in fields[11:15]) / tick
        if int(entry.name) == os.getpid():
            name = "bench clients (this script)"
        elif name.startswith("kworker"):
            name = "kernel workers"
        elif name.startswith("python") and len(cmdline) > 1:
            args = [a.decode(errors="replace") for a in cmdline[1:] if a]
            script = next((a for a in args if not a.startswith("-")), "")
            name = f"python {Path(script).name or args[0]}"
        found[int(entry.name)] = (name, used)
    return found


def cpu_by_command(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds per name between two cpu_by_process() (processes that ended and were reaped
    by one that ended too are missed)."""
    totals: dict[str, float] = {}
    for pid, (name, used) in after.items():
        totals[name] = totals.get(name, 0.0) + used - before.get(pid, (name, 0.0))[1]
    return totals


# --- the report ------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


TARGETS = {"status": ("p50", 10.0)}  # every other page: p95 at most 50 ms
DEFAULT_TARGET = ("p95", 50.0)


def report(result: Run, queries: dict[str, int]) -> str:
    lines = [
        f"\n{result.clients} client(s), {result.per_page} requests per page, "
        f"{ARGS.workers} gunicorn sync workers: {result.seconds:.1f} s, "
        f"{sum(len(s.server) for s in result.samples.values()) / result.seconds:.0f} req/s",
        "",
        "| page | requests | server p50 | server p95 | server p99 | client p50 | client p95 "
        "| queries | target | met |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, s in result.samples.items():
        if not s.server:
            lines.append(f"| {name} | 0 | | | | | | | | |")
            continue
        which, limit = TARGETS.get(name, DEFAULT_TARGET)
        value = percentile(s.server, 50 if which == "p50" else 95)
        lines.append(
            f"| {name} | {len(s.server)} | {percentile(s.server, 50):.1f} "
            f"| {percentile(s.server, 95):.1f} | {percentile(s.server, 99):.1f} "
            f"| {percentile(s.client, 50):.1f} | {percentile(s.client, 95):.1f} "
            f"| {queries.get(name, '')} | {which} <= {limit:g} ms "
            f"| {'yes' if value <= limit else '**no**'} |"
        )
    busy = sorted(result.cpu.items(), key=lambda kv: -kv[1])[:8]
    lines.append("")
    lines.append(
        "CPU seconds used during the run, by command (2 cores = "
        f"{2 * result.seconds:.0f} s available): "
        + ", ".join(f"{name} {secs:.1f}" for name, secs in busy if secs >= 0.05)
    )
    m = result.machine
    lines.append(
        f"The machine's CPU time during the run: {m['user'] + m['nice']:.0%} user, "
        f"{m['system'] + m['irq'] + m['softirq']:.0%} system, {m['idle'] + m['iowait']:.0%} idle, "
        f"{m['steal']:.0%} stolen by the hypervisor"
    )
    if result.errors:
        lines.append(f"{len(result.errors)} bad responses, e.g.: " + "; ".join(result.errors[:5]))
    return "\n".join(lines)


def conditions() -> str:
    load = Path("/proc/loadavg").read_text().split()[:3]
    return f"load average {' '.join(load)}; pytest processes: {pytest_processes()}"


def pytest_processes() -> int:
    """What `pgrep -f pytest -c` counts, less this script (its arguments may say pytest)."""
    found = subprocess.run(["pgrep", "-f", "pytest"], capture_output=True, text=True)
    return len([pid for pid in found.stdout.split() if int(pid) != os.getpid()])


def wait_for_pytest(limit: int) -> None:
    deadline = time.monotonic() + limit
    while True:
        count = pytest_processes()
        if count == 0:
            return
        if time.monotonic() >= deadline:
            print(f"still {count} pytest processes after {limit} s; measuring anyway", flush=True)
            return
        print(f"{count} pytest processes running; waiting 30 s", flush=True)
        time.sleep(30)


# --- main ------------------------------------------------------------------------------


def interrupted(*_) -> None:
    raise KeyboardInterrupt  # a SIGTERM cleans up as Ctrl-C does


def main() -> int:
    signal.signal(signal.SIGTERM, interrupted)
    server = None
    try:
        if ARGS.wait_for_tests:
            wait_for_pytest(ARGS.wait_for_tests)
        code_before = code_state()
        create_database()
        import django

        django.setup()
        fixture = seed()
        all_pages = pages(fixture)
        if ARGS.profile:
            profile(fixture, all_pages)
            return 0
        queries = count_queries(fixture, all_pages)
        cookies = sessions(fixture, max(ARGS.clients, 1))
        from django.db import connections

        connections.close_all()
        server = start_server()
        print(f"code: {code_before}; {os.cpu_count()} CPUs; before: {conditions()}", flush=True)
        print(
            f"fixture: course {fixture.course.slug}, lesson {fixture.lesson.slug} "
            f"({len(fixture.lesson.body)} chars), exercise {fixture.exercise.slug}, "
            f"{SUBMISSIONS} submissions + 1 queued",
            flush=True,
        )
        failed = False
        if ARGS.baseline_requests:
            baseline = run(all_pages, cookies[:1], ARGS.baseline_requests)
            print(report(baseline, queries), flush=True)
            failed |= bool(baseline.errors)
        loaded = run(all_pages, cookies[: ARGS.clients], ARGS.requests)
        print(report(loaded, queries), flush=True)
        failed |= bool(loaded.errors)
        print(f"\nafter: {conditions()}", flush=True)
        if (code_after := code_state()) != code_before:
            print(f"the code changed during the run; now: {code_after}", flush=True)
        return 1 if failed else 0
    except KeyboardInterrupt:
        print("interrupted; cleaning up", file=sys.stderr)
        return 130
    finally:
        stop_server(server)
        drop_database()
        shutil.rmtree(os.environ["PROCTOR_VAR_DIR"], ignore_errors=True)


def code_state() -> str:
    """The commit, and whether files outside bench/ differ from it (what was measured)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, text=True
        ).stdout

    if not (ROOT / ".git").exists():
        return f"{ROOT}, not a git checkout (an export of a commit?)"
    changed = [
        line[3:] for line in git("status", "--porcelain").splitlines()
        if not line[3:].startswith("bench/")
    ]  # fmt: skip
    return f"commit {git('rev-parse', '--short', 'HEAD').strip()}" + (
        f", with uncommitted changes to {', '.join(changed)}" if changed else ", clean"
    )


if __name__ == "__main__":
    sys.exit(main())
