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
from .checks import Call, CallRun, Check, Process, Result, Run
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


def build_job(calls: tuple[Call, ...], code: str, seed: int) -> sandbox.Job:
    scenario = {"seed": seed, "calls": [c.to_json() for c in calls]}
    return sandbox.Job(
        files={
            "harness.py": jobfiles.read("harness.py"),
            "proctor_tasks.py": jobfiles.read("proctor_tasks.py"),
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
        observations = sandbox.run(build_job(exercise.calls, code, seed), limits)
    except sandbox.SandboxError as exc:
        raise GradingError(f"the sandbox failed: {exc}") from exc
    run = observe(exercise.calls, observations)
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


def observe(calls: tuple[Call, ...], observations: sandbox.Observations) -> Run:
    processes = tuple(to_process(p) for p in observations.processes)
    by_pid = {p.pid: p for p in processes}
    records = parse_records(observations.result, {c.id for c in calls})
    notes = []
    if observations.timed_out:
        notes.append("The job reached its time limit and was stopped.")
    if observations.stdout_truncated or observations.stderr_truncated:
        notes.append("Your program printed more than the grader keeps; the output is cut.")
    runs = {}
    for call in calls:
        record = records.get(call.id)
        if record is None:
            runs[call.id] = CallRun(call, "timeout" if observations.timed_out else "not_run")
            continue
        runs[call.id] = call_run(call, record, by_pid)
    return Run(
        calls=runs,
        processes=processes,
        stdout=observations.stdout.decode("utf-8", "replace"),
        stderr=observations.stderr.decode("utf-8", "replace"),
        notes=tuple(notes),
    )


def to_process(record: Any) -> Process:
    return Process(
        pid=record.pid,
        ppid=record.ppid,
        start=record.start,
        end=record.end,
        exit_code=record.exit_code,
        signal=record.signal,
        cpu_seconds=record.cpu_seconds or 0.0,
        cmdline=getattr(record, "cmdline", None) or "",
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


def call_run(call: Call, record: dict, by_pid: dict[int, Process]) -> CallRun:
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
