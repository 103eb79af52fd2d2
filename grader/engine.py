"""Grade one piece of code against one exercise: sandbox, observations, checks, verdict.

Django-free on purpose: the worker, the `grade` command and the tests all call
`grade()` with an ExerciseSpec, so they share one code path.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sandbox

from . import jobfiles
from .checks import Call, CallRun, Check, Process, Result, Run, signal_name
from .values import BadValue, decode
from .verdict import CheckOutcome, Verdict

MAX_CALLS = 50


class GradingError(Exception):
    """The platform, not the student's code, could not grade (retried, then `error`)."""


@dataclass(frozen=True)
class ExerciseSpec:
    slug: str
    checks_source: str
    limits: Mapping[str, Any] = field(default_factory=dict)
    # The exercise's own trusted tasks (stdlib Python), importable in the job as
    # `exercise_tasks`: arguments for the calls, reference implementations.
    tasks_source: str = ""


@dataclass(frozen=True)
class ExerciseChecks:
    calls: tuple[Call, ...]
    checks: tuple[Check, ...]


def load_checks(spec: ExerciseSpec) -> ExerciseChecks:
    """Run the author's checks module (trusted code) and collect CALLS and its checks."""
    namespace: dict[str, Any] = {"__name__": f"proctor_checks_{spec.slug.replace('-', '_')}"}
    try:
        exec(compile(spec.checks_source, f"<checks of {spec.slug}>", "exec"), namespace)  # noqa: S102
    except Exception as exc:
        raise GradingError(f"the checks of {spec.slug} do not load: {exc!r}") from exc
    calls = tuple(namespace.get("CALLS", ()))
    checks = tuple(v for v in namespace.values() if isinstance(v, Check))
    if not calls or not all(isinstance(c, Call) for c in calls) or len(calls) > MAX_CALLS:
        raise GradingError(f"the checks of {spec.slug} define no valid CALLS")
    if len({c.id for c in calls}) != len(calls):
        raise GradingError(f"the checks of {spec.slug} repeat a call id")
    if not checks:
        raise GradingError(f"the checks of {spec.slug} define no @check")
    return ExerciseChecks(calls, checks)


def build_job(spec: ExerciseSpec, calls: tuple[Call, ...], code: str, seed: int) -> sandbox.Job:
    scenario = {"seed": seed, "calls": [c.to_json() for c in calls]}
    return sandbox.Job(
        files={
            "harness.py": jobfiles.read("harness.py"),
            "proctor_tasks.py": jobfiles.read("proctor_tasks.py"),
            "exercise_tasks.py": spec.tasks_source.encode(),
            "solution.py": code.encode(),
            "scenario.json": json.dumps(scenario).encode(),
        },
        argv=("python3", "/job/harness.py"),
        env={"PROCTOR_SEED": str(seed)},
    )


def grade(
    spec: ExerciseSpec,
    code: str,
    *,
    seed: int | None = None,
    limits: sandbox.Limits | None = None,
) -> Verdict:
    """Run `code` against the exercise in the sandbox and judge it. Raises GradingError."""
    started = time.monotonic()
    exercise = load_checks(spec)
    seed = random.SystemRandom().randrange(2**31) if seed is None else seed
    limits = (limits or sandbox.Limits()).with_overrides(**dict(spec.limits))
    try:
        observations = sandbox.run(build_job(spec, exercise.calls, code, seed), limits)
    except sandbox.SandboxError as exc:
        raise GradingError(f"the sandbox failed: {exc}") from exc
    run = observe(exercise.calls, observations, limits)
    outcomes = judge(exercise.checks, run)
    return Verdict(
        exercise=spec.slug,
        checks=outcomes,
        seed=seed,
        duration_ms=round((time.monotonic() - started) * 1000),
        stdout=run.stdout,
        stderr=run.stderr,
        output_truncated=observations.stdout_truncated or observations.stderr_truncated,
        timeline=tuple(timeline_entry(p) for p in run.processes),
        notes=run.notes,
    )


def observe(
    calls: tuple[Call, ...], observations: sandbox.Observations, limits: sandbox.Limits
) -> Run:
    processes = tuple(to_process(p) for p in observations.processes)
    by_pid = {p.pid: p for p in processes}
    records = parse_records(observations.result, {c.id for c in calls})
    runs = {}
    for call in calls:
        record = records.get(call.id)
        if record is None:
            runs[call.id] = CallRun(call, "timeout" if observations.timed_out else "not_run")
            continue
        runs[call.id] = call_run(call, record, by_pid, observations.snapshots)
    return Run(
        calls=runs,
        processes=processes,
        stdout=observations.stdout.decode("utf-8", "replace"),
        stderr=observations.stderr.decode("utf-8", "replace"),
        notes=limit_notes(observations, limits) + crash_notes(processes),
    )


def limit_notes(observations: sandbox.Observations, limits: sandbox.Limits) -> tuple[str, ...]:
    """Each limit the job ran into, said so that the student knows what stopped them."""
    hits = set(getattr(observations, "limit_hits", ()))
    if observations.timed_out:
        hits.add("wall_time")
    if observations.stdout_truncated or observations.stderr_truncated:
        hits.add("output")
    notes = [
        LIMIT_NOTES[hit].format(limits=limits, MiB=2**20) for hit in LIMIT_ORDER if hit in hits
    ]
    for pid, name in getattr(observations, "forbidden", ()):
        notes.append(
            f"Process {pid} tried a forbidden operation ({name}) and was stopped: "
            "the sandbox allows no such system call."
        )
    return tuple(notes)


LIMIT_ORDER = ("wall_time", "cpu_time", "memory", "processes", "output", "disk")
LIMIT_NOTES = {
    "wall_time": "Time limit: the job ran for {limits.wall_seconds:g} s and was stopped.",
    "cpu_time": "CPU time limit: a process used {limits.cpu_seconds} s of CPU and was stopped.",
    "memory": (
        "Memory limit: your processes used more than {limits.memory_bytes:,} bytes "
        "and the kernel killed one (out of memory)."
    ),
    "processes": (
        "Process limit: your code tried to have more than {limits.max_processes} processes "
        "or threads at once; creating more failed."
    ),
    "output": "Output limit: your program printed more than {limits.output_bytes:,} bytes; "
    "the output is cut.",
    "disk": "Disk limit: your code wrote more than the sandbox allows; the write failed.",
}


def crash_notes(processes: tuple[Process, ...]) -> tuple[str, ...]:
    """Processes that died of a signal that means a crash, not a kill by their parent."""
    crashes = [p for p in processes if p.signal in CRASH_SIGNALS]
    return tuple(
        f"Process {p.pid} (child of {p.ppid}) crashed with {signal_name(p.signal)}."
        for p in crashes[:5]
    )


CRASH_SIGNALS = frozenset({4, 6, 7, 8, 11, 31})  # SIGILL SIGABRT SIGBUS SIGFPE SIGSEGV SIGSYS


def to_process(record: Any) -> Process:
    return Process(
        pid=record.pid,
        ppid=record.ppid,
        start=record.start,
        end=record.end,
        exit_code=record.exit_code,
        signal=record.signal,
        cpu_seconds=record.cpu_seconds or 0.0,
        cmdline=record.cmdline or "",
    )


STATUSES = {"returned", "raised", "crashed", "timeout", "import_error", "missing", "too_big"}


def parse_records(data: bytes, ids: set[str]) -> dict[str, dict]:
    """The harness's lines; anything malformed is dropped (the call counts as not run)."""
    records: dict[str, dict] = {}
    for line in data.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if (
            isinstance(record, dict)
            and record.get("id") in ids
            and record.get("status") in STATUSES
            and isinstance(record.get("caller"), int)
            and record["id"] not in records
        ):
            records[record["id"]] = record
    return records


def call_run(call: Call, record: dict, by_pid: dict[int, Process], snapshots: tuple) -> CallRun:
    status = record["status"]
    value = None
    if status == "returned":
        try:
            value = decode(record.get("value"))
        except BadValue:
            status = "too_big"
    exception = record.get("exception") if isinstance(record.get("exception"), dict) else None
    wait = record.get("wait") if isinstance(record.get("wait"), dict) else None
    caller = by_pid.get(record["caller"])
    return CallRun(
        call=call,
        status=status,
        value=value,
        exception=exception,
        caller=caller,
        processes=descendants(record["caller"], by_pid) if caller else (),
        wait=wait,
        at_return=next((s.processes for s in snapshots if s.trigger_pid == record["caller"]), ()),
    )


def descendants(root: int, by_pid: dict[int, Process]) -> tuple[Process, ...]:
    children: dict[int, list[Process]] = {}
    for process in by_pid.values():
        children.setdefault(process.ppid, []).append(process)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child.pid)
    return tuple(sorted(found, key=lambda p: p.start))


def judge(checks: tuple[Check, ...], run: Run) -> tuple[CheckOutcome, ...]:
    blocker = next(
        (c.problem() for c in run if c.status in {"import_error", "missing"}),
        None,
    )
    outcomes = []
    for check in checks:
        result = Result(False, blocker) if blocker else apply(check, run)
        outcomes.append(
            CheckOutcome(
                name=check.name,
                passed=result.passed,
                points=check.points,
                message=result.message,
                hidden=check.hidden,
            )
        )
    return tuple(outcomes)


def apply(check: Check, run: Run) -> Result:
    try:
        result = check.function(run)
    except Exception as exc:
        raise GradingError(f"the check {check.name!r} crashed: {exc!r}") from exc
    if not isinstance(result, Result):
        raise GradingError(f"the check {check.name!r} returned {result!r}, not a Result")
    return result


def timeline_entry(process: Process) -> dict:
    return {
        "pid": process.pid,
        "ppid": process.ppid,
        "start": round(process.start, 4),
        "end": None if process.end is None else round(process.end, 4),
        "exit_code": process.exit_code,
        "signal": process.signal,
        "cpu_seconds": round(process.cpu_seconds, 4),
    }
