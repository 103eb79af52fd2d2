"""The vocabulary of exercise checks.

An exercise's checks are a Python module written by its author (trusted). It
defines CALLS, the calls the harness makes inside the sandbox, and checks, each a
function decorated with @check that takes the Run (what the grader observed) and
returns passed(...) or failed(...). Checks run outside the sandbox.

What a check can rely on, and where it comes from:
- Run.processes, CallRun.processes, CallRun.caller: the kernel's record of every
  process (pid, parent, start, end, exit status or signal, CPU time), made by the
  sandbox's supervisor through ptrace events. The student's code cannot forge it.
- CallRun.returned_at: when the process that made the call exited, from the same
  record; the harness exits that process as soon as the call returns.
- Run.lines and CallRun.lines: every line a process wrote to stdout or stderr,
  with the writing process and the time, from the supervisor's trace of the
  write system calls (not from anything in the student's process).
- CallRun.proc_reads: every time the call's processes opened /proc/<pid>/stat,
  with the state the kernel showed for <pid> at that moment, recorded by the
  supervisor at the open system call (for exercises that ask for it).
- CallRun.value and CallRun.exception: what the function returned or raised, sent
  by the caller process from inside the sandbox. It is the student's own return
  value, so a check judges it against the kernel's record, never alone.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any


def task(name: str) -> dict:
    """A trusted helper task (grader/jobfiles/proctor_tasks.py) passed as an argument."""
    return {"$task": name}


@dataclass(frozen=True)
class Call:
    """One call the harness makes: `function(*args)` in a fresh caller process.

    `source="tasks"` calls the exercise's own trusted tasks module instead of the
    student's code: a reference run in the same job, to compare speed against.
    """

    id: str
    function: str
    args: tuple = ()
    timeout: float = 5.0
    source: str = "solution"

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "function": self.function,
            "args": list(self.args),
            "timeout": self.timeout,
            "source": self.source,
        }

    def describe(self) -> str:
        return f"{self.function}({', '.join(_describe_arg(a) for a in self.args)})"


def _describe_arg(arg: Any) -> str:
    if isinstance(arg, dict) and "$task" in arg:
        return arg["$task"]
    return repr(arg)


@dataclass(frozen=True)
class Result:
    passed: bool
    message: str = ""


def passed(message: str = "") -> Result:
    return Result(True, message)


def failed(message: str) -> Result:
    return Result(False, message)


@dataclass(frozen=True)
class Check:
    name: str
    function: Callable[[Run], Result]
    points: int = 1
    hidden: bool = False


def check(name: str, *, points: int = 1, hidden: bool = False) -> Callable:
    """Declare a check: `@check("waits for the child")` above `def f(run): ...`."""

    def declare(function: Callable[[Run], Result]) -> Check:
        return Check(name=name, function=function, points=points, hidden=hidden)

    return declare


# Run as `python -c 'from multiprocessing.resource_tracker import main; main(fd)'`.
HELPERS = ("multiprocessing.resource_tracker", "multiprocessing.forkserver")


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


@dataclass(frozen=True)
class Process:
    """A process of the job as the kernel reported it; times in seconds since the job began."""

    pid: int
    ppid: int
    start: float
    end: float | None
    exit_code: int | None
    signal: int | None
    cpu_seconds: float
    cmdline: str = ""
    # Its parent exited without waiting for it (the kernel re-parented it), while
    # it ran (an orphan) or after it had ended (a zombie never reaped).
    orphaned: bool = False

    @property
    def is_helper(self) -> bool:
        """A process multiprocessing keeps for the caller (resource tracker, fork server)."""
        return any(helper in self.cmdline for helper in HELPERS)

    def ended_by(self, moment: float | None) -> bool:
        return self.end is not None and moment is not None and self.end <= moment

    @property
    def exitcode(self) -> int | None:
        """As multiprocessing's Process.exitcode gives it: -N for signal N."""
        if self.signal is not None:
            return -self.signal
        return self.exit_code

    def how_it_ended(self) -> str:
        if self.signal is not None:
            return f"was killed by {signal_name(self.signal)}"
        if self.exit_code is not None:
            return f"exited with status {self.exit_code}"
        return "was still running"


@dataclass(frozen=True)
class Line:
    """A line one process wrote, as the kernel saw the write; time since the job began."""

    pid: int
    time: float
    stream: str  # stdout or stderr
    text: str


@dataclass(frozen=True)
class ProcRead:
    """A process opened /proc/<target>/stat; `state` is what the kernel showed for
    the target at that moment ("" if it was gone). Recorded only for exercises that
    set WATCH_PROC_READS."""

    pid: int
    target: int
    state: str
    time: float


@dataclass(frozen=True)
class CallRun:
    """What the grader observed of one call."""

    call: Call
    status: str  # returned, raised, crashed, timeout, import_error, missing, not_run, too_big
    value: Any = None
    exception: dict | None = None
    caller: Process | None = None
    processes: tuple[Process, ...] = ()  # created by the call: the caller's descendants
    wait: dict | None = None
    # (pid, ppid, state) of every process of the job as the caller exited, i.e. as
    # the call returned: "Z" is a zombie nobody reaped.
    at_return: tuple[tuple[int, int, str], ...] = ()
    # For a call that hung: where each of its live processes was blocked.
    blocked: tuple[str, ...] = ()
    # What the caller and the processes it created wrote, in time order.
    lines: tuple[Line, ...] = ()
    # The opens of /proc/<pid>/stat by the caller and its processes, in time order.
    proc_reads: tuple[ProcRead, ...] = ()

    def stdout_lines(self) -> list[str]:
        return [line.text for line in self.lines if line.stream == "stdout"]

    @property
    def started_at(self) -> float | None:
        return self.caller.start if self.caller else None

    @property
    def duration(self) -> float | None:
        if self.caller is None or self.caller.end is None:
            return None
        return self.caller.end - self.caller.start

    def leftovers(self) -> list[tuple[Process, str]]:
        """The call's own processes still there when it returned: running, or unreaped."""
        own = {p.pid: p for p in self.own_processes}
        return [(own[pid], state) for pid, _, state in self.at_return if pid in own]

    @property
    def own_processes(self) -> tuple[Process, ...]:
        """The processes the student's code made: multiprocessing's helpers left out."""
        return tuple(p for p in self.processes if not p.is_helper)

    @property
    def returned(self) -> bool:
        return self.status == "returned"

    @property
    def returned_at(self) -> float | None:
        return self.caller.end if self.caller else None

    def problem(self) -> str | None:
        """Why the call did not return a value, in the student's terms; None if it did."""
        described = self.call.describe()
        if self.status == "returned":
            return None
        if self.status == "raised":
            return f"{described} raised {format_exception(self.exception)}"
        if self.status == "timeout":
            where = f": {'; '.join(self.blocked)}" if self.blocked else ""
            return f"{described} did not return within {self.call.timeout:g} s{where}"
        if self.status == "crashed":
            how = (self.wait or {}).get("signal")
            ending = f"killed by {signal_name(how)}" if how else "ended without returning"
            return f"the process that called {described} was {ending}"
        if self.status == "import_error":
            return f"your code could not be imported: {format_exception(self.exception)}"
        if self.status == "missing":
            return f"your code defines no function {self.call.function}()"
        if self.status == "too_big":
            return f"{described} returned a value too big to check"
        return f"{described} was not run: an earlier call did not finish"


def format_exception(info: dict | None) -> str:
    if not info:
        return "an exception"
    text = f"{info.get('type', 'Exception')}"
    if info.get("message"):
        text += f": {info['message']}"
    line = info.get("line") if info.get("type") == "SyntaxError" else None
    frames = info.get("frames") or []
    if line is None and frames:
        line = frames[-1].get("line")
    if line:
        text += f" (line {line} of your code)"
    return text


@dataclass(frozen=True)
class Run:
    """Everything observed of one grading job."""

    calls: dict[str, CallRun]
    processes: tuple[Process, ...] = ()
    lines: tuple[Line, ...] = ()
    stdout: str = ""
    stderr: str = ""
    notes: tuple[str, ...] = field(default=())

    def __iter__(self) -> Iterator[CallRun]:
        return iter(self.calls.values())


# What checks compute from the observations. Pure functions of kernel records.


def alive_at(processes: tuple[Process, ...], moment: float) -> list[Process]:
    return [p for p in processes if p.start <= moment and (p.end is None or p.end > moment)]


def max_alive(processes: tuple[Process, ...]) -> int:
    """The most processes that were alive at the same moment."""
    events = []
    for p in processes:
        events.append((p.start, 1))
        events.append((p.end if p.end is not None else float("inf"), -1))
    most = alive = 0
    for _, change in sorted(events, key=lambda e: (e[0], e[1])):
        alive += change
        most = max(most, alive)
    return most


def parallelism(processes: tuple[Process, ...]) -> float:
    """CPU time accrued by the processes over the wall time they spanned: >1 is parallel."""
    ended = [p for p in processes if p.end is not None]
    if not ended:
        return 0.0
    span = max(p.end for p in ended) - min(p.start for p in ended)
    return sum(p.cpu_seconds for p in ended) / span if span > 0 else 0.0


def exit_kind(process: Process) -> str:
    """normal (status 0), error (status > 0), signal, or running."""
    if process.signal is not None:
        return "signal"
    if process.exit_code is None:
        return "running"
    return "normal" if process.exit_code == 0 else "error"


def tree(processes: tuple[Process, ...]) -> dict[int, int]:
    """{pid: parent pid} as the kernel saw them created."""
    return {p.pid: p.ppid for p in processes}


def same_result(actual: Any, expected: Any, *, ordered: bool = True) -> bool:
    """Equality, or equality as multisets (any order) when ordered is False."""
    if ordered:
        return type(actual) is type(expected) and actual == expected
    if not isinstance(actual, (list, tuple)):
        return False
    remaining = list(expected)
    for item in actual:
        if item not in remaining:
            return False
        remaining.remove(item)
    return not remaining


def first_violation(
    events: list[tuple[float, str]], before: Callable[[str], bool], after: Callable[[str], bool]
) -> tuple[str, str] | None:
    """Happens-before: every event matching `before` precedes every one matching `after`.

    Returns the first offending pair (an `after` event, then a `before` one), or None.
    """
    ordered = sorted(events)
    for i, (_, label) in enumerate(ordered):
        if after(label):
            late = next((other for _, other in ordered[i + 1 :] if before(other)), None)
            if late is not None:
                return label, late
    return None


def max_alive_beyond(processes: tuple[Process, ...], slack: float) -> int:
    """The most processes alive at once, counting only overlaps that lasted over `slack` s.

    A parent that starts a new process the moment an old one ends (woken by the
    old one's exit, before the supervisor has recorded it) shows a few ms of
    overlap that is no real excess: each process counts as ended `slack` earlier.
    """
    from dataclasses import replace

    shortened = tuple(
        p if p.end is None else replace(p, end=p.end - slack)
        for p in processes
        if p.end is None or p.end - slack > p.start
    )
    return max_alive(shortened)


def speedup(reference: CallRun, call: CallRun) -> float | None:
    """How many times faster `call` ran than `reference` (e.g. a serial run by the
    exercise's tasks, `Call(..., source="tasks")`) in the same job, on the same
    machine: durations from the kernel's record of each caller. None if either
    did not return."""
    if not (reference.returned and call.returned):
        return None
    if not reference.duration or not call.duration:
        return None
    return reference.duration / call.duration


def first_problem(
    calls: Iterable[CallRun], problem: Callable[[CallRun], str | None], success: str = ""
) -> Result:
    """Fail with the first call's problem (a message, or None for none); else pass."""
    for call in calls:
        found = problem(call)
        if found:
            return failed(found)
    return passed(success)


def hidden_result(calls: Iterable[CallRun], *problems: Callable[[CallRun], str | None]) -> Result:
    """For a hidden check: fail if any problem shows in any call, saying no more than that."""
    for call in calls:
        if any(problem(call) for problem in problems):
            return failed("a hidden case failed")
    return passed()
