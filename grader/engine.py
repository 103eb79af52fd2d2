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

from . import jobfiles, stacks
from .checks import Call, CallRun, Check, Line, Process, ProcRead, Result, Run, signal_name
from .values import BadValue, decode
from .verdict import CheckOutcome, Verdict

MAX_CALLS = 50
# Exploration stops once this much time went into one grading, failed or not.
EXPLORATION_BUDGET_SECONDS = 8.0


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
    # How many schedules to try at most before a solution is accepted.
    schedules: int = 3


@dataclass(frozen=True)
class Schedule:
    """A seeded perturbation of the scheduler, applied inside the job by sitecustomize."""

    seed: int
    cpus: str  # "all" or "one"
    start_delay_ms: int  # each new process starts up to this late
    sync_delay_ms: int  # random pauses around locks, queues, events, pipes

    @classmethod
    def from_seed(cls, seed: int) -> Schedule:
        rng = random.Random(seed)  # noqa: S311 - a replayable schedule, not a secret
        return cls(
            seed=seed,
            cpus=rng.choice(["all", "one"]),
            start_delay_ms=rng.choice([0, 10, 30, 60]),
            sync_delay_ms=rng.choice([0, 2, 5, 15]),
        )

    def to_env(self) -> str:
        return json.dumps(
            {
                "seed": self.seed,
                "cpus": self.cpus,
                "start_delay_ms": self.start_delay_ms,
                "sync_delay_ms": self.sync_delay_ms,
            }
        )

    def describe(self) -> str:
        parts = ["all processes on one CPU" if self.cpus == "one" else "all CPUs"]
        if self.start_delay_ms:
            parts.append(f"each new process starting up to {self.start_delay_ms} ms late")
        if self.sync_delay_ms:
            parts.append(
                f"random pauses of up to {self.sync_delay_ms} ms around locks, semaphores, "
                "events, queues, pipes and shared values"
            )
        return f"seed {self.seed}: " + ", ".join(parts)


@dataclass(frozen=True)
class ExerciseChecks:
    calls: tuple[Call, ...]
    checks: tuple[Check, ...]
    # The checks module sets WATCH_PROC_READS = True to have the sandbox record
    # every open of /proc/<pid>/stat (it costs a trace stop per open of any file).
    proc_reads: bool = False


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
    return ExerciseChecks(calls, checks, proc_reads=namespace.get("WATCH_PROC_READS") is True)


def build_job(
    spec: ExerciseSpec, calls: tuple[Call, ...], code: str, schedule: Schedule
) -> sandbox.Job:
    scenario = {"seed": schedule.seed, "calls": [c.to_json() for c in calls]}
    return sandbox.Job(
        files={
            "harness.py": jobfiles.read("harness.py"),
            "sitecustomize.py": jobfiles.read("sitecustomize.py"),
            "proctor_tasks.py": jobfiles.read("proctor_tasks.py"),
            "exercise_tasks.py": spec.tasks_source.encode(),
            "solution.py": code.encode(),
            "scenario.json": json.dumps(scenario).encode(),
        },
        argv=("python3", "/job/harness.py"),
        env={"PROCTOR_SEED": str(schedule.seed), "PROCTOR_SCHEDULE": schedule.to_env()},
    )


def grade(
    spec: ExerciseSpec,
    code: str,
    *,
    seed: int | None = None,
    limits: sandbox.Limits | None = None,
    isolation: str = "bwrap",
) -> Verdict:
    """Judge `code` under up to spec.schedules schedules; the first failure decides.

    The schedules are seed, seed + 1, ...: `grade(..., seed=verdict.seed)` replays
    the schedule that exposed a bug first. Raises GradingError.
    """
    started = time.monotonic()
    exercise = load_checks(spec)
    base = random.SystemRandom().randrange(2**31) if seed is None else seed
    try:
        limits = (limits or sandbox.Limits()).with_overrides(**dict(spec.limits))
    except (TypeError, ValueError) as exc:
        raise GradingError(f"the limits of {spec.slug} are invalid: {exc}") from exc
    for attempt in range(1, max(1, spec.schedules) + 1):
        schedule = Schedule.from_seed(base + attempt - 1)
        run, observations = run_once(spec, exercise, code, schedule, limits, isolation)
        outcomes = judge(exercise.checks, run)
        failed = not all(o.passed for o in outcomes)
        spent = time.monotonic() - started
        if failed or spent > EXPLORATION_BUDGET_SECONDS or blocked(run):
            break
    return Verdict(
        exercise=spec.slug,
        checks=outcomes,
        seed=schedule.seed if failed else base,
        duration_ms=round((time.monotonic() - started) * 1000),
        stdout=run.stdout,
        stderr=run.stderr,
        output_truncated=observations.stdout_truncated or observations.stderr_truncated,
        timeline=timeline(run),
        notes=run.notes + UNSANDBOXED_NOTE if isolation == "none" else run.notes,
        sandboxed=isolation != "none",
        schedule={
            "explored": attempt,
            "failed_under": schedule.describe() if failed else None,
        },
    )


UNSANDBOXED_NOTE = (
    "Graded WITHOUT a sandbox (SANDBOX_MODE=insecure-dev, development only): "
    "limits were not all enforced and this verdict is not a real one.",
)


def run_once(
    spec: ExerciseSpec,
    exercise: ExerciseChecks,
    code: str,
    schedule: Schedule,
    limits: sandbox.Limits,
    isolation: str,
) -> tuple[Run, sandbox.Observations]:
    job = build_job(spec, exercise.calls, code, schedule)
    try:
        observations = sandbox.run(job, limits, isolation, proc_reads=exercise.proc_reads)
    except sandbox.SandboxError as exc:
        raise GradingError(f"the sandbox failed: {exc}") from exc
    return observe(exercise.calls, observations, limits, code), observations


def blocked(run: Run) -> bool:
    """The code cannot run at all: no other schedule will change that."""
    return any(c.status in {"import_error", "missing"} for c in run)


def observe(
    calls: tuple[Call, ...],
    observations: sandbox.Observations,
    limits: sandbox.Limits,
    code: str = "",
) -> Run:
    processes = tuple(to_process(p) for p in observations.processes)
    by_pid = {p.pid: p for p in processes}
    lines = tuple(
        Line(line.pid, line.time, line.stream, line.text.decode("utf-8", "replace")[:2000])
        for line in observations.output_lines(None)
    )
    records = parse_records(
        observations.result, {c.id for c in calls}, observations.main_pid, by_pid
    )
    runs = {}
    for call in calls:
        record = records.get(call.id)
        if record is None:
            runs[call.id] = CallRun(call, "timeout" if observations.timed_out else "not_run")
            continue
        runs[call.id] = call_run(call, record, by_pid, observations, code, lines)
    return Run(
        calls=runs,
        processes=processes,
        lines=lines,
        stdout=observations.stdout.decode("utf-8", "replace"),
        stderr=observations.stderr.decode("utf-8", "replace"),
        notes=limit_notes(observations, limits)
        + harness_notes(observations, records, calls)
        + crash_notes(processes),
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


def harness_notes(
    observations: sandbox.Observations, records: dict[str, dict], calls: tuple[Call, ...]
) -> tuple[str, ...]:
    """The grader's own harness was stopped by the student's code: say so, not 'not run'."""
    main = observations.main
    if observations.timed_out or main is None or main.signal is None or len(records) == len(calls):
        return ()
    return (
        f"Your code stopped the grader's harness (it was killed by {signal_name(main.signal)}), "
        "so the remaining calls could not run.",
    )


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
        orphaned=record.orphaned,
    )


STATUSES = {"returned", "raised", "crashed", "timeout", "import_error", "missing", "too_big"}


def parse_records(
    data: bytes, ids: set[str], main_pid: int | None, by_pid: dict[int, Process]
) -> dict[str, dict]:
    """The harness's lines; anything malformed is dropped (the call counts as not run).

    Each call's caller must be a distinct process the harness itself created: the
    kernel's record, not the line, says who a process's parent was.
    """
    callers: set[int] = set()
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
            and record["caller"] not in callers
            and (record["caller"] not in by_pid or by_pid[record["caller"]].ppid == main_pid)
        ):
            records[record["id"]] = record
            callers.add(record["caller"])
    return records


def call_run(
    call: Call,
    record: dict,
    by_pid: dict[int, Process],
    observations: sandbox.Observations,
    code: str,
    lines: tuple[Line, ...],
) -> CallRun:
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
    processes = descendants(record["caller"], by_pid) if caller else ()
    own = tuple(p for p in processes if not p.is_helper)
    writers = {record["caller"], *(p.pid for p in processes)}
    return CallRun(
        call=call,
        status=status,
        value=value,
        exception=exception,
        caller=caller,
        processes=processes,
        wait=wait,
        at_return=next(
            (s.processes for s in observations.snapshots if s.trigger_pid == record["caller"]), ()
        ),
        blocked=stacks.describe(parse_stacks(record.get("stacks")), caller, own, code),
        lines=tuple(line for line in lines if line.pid in writers),
        proc_reads=tuple(
            ProcRead(r.pid, r.target, r.state, r.time)
            for r in observations.proc_reads
            if r.pid in writers
        ),
    )


def parse_stacks(data: Any) -> dict[int, str]:
    if not isinstance(data, dict):
        return {}
    return {
        int(pid): dump[:16384]
        for pid, dump in list(data.items())[:64]
        if isinstance(pid, str) and pid.isdigit() and isinstance(dump, str)
    }


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


def timeline(run: Run) -> tuple[dict, ...]:
    """Per process: its life, and the lines it wrote as marks (capped), for the pages."""
    marks: dict[int, list] = {}
    for line in run.lines:
        if len(marks.setdefault(line.pid, [])) < MAX_MARKS:
            marks[line.pid].append([round(line.time, 4), line.stream, line.text[:200]])
    return tuple(
        timeline_entry(p) | {"output": marks.get(p.pid, [])} for p in run.processes[:MAX_TIMELINE]
    )


MAX_TIMELINE = 200
MAX_MARKS = 50


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
