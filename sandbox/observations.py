"""What the sandbox saw of one run: plain frozen data, JSON-serialisable.

Times are seconds since the job started (the supervisor's fork of the main
command). Pids are pids inside the sandbox's pid namespace: 1 is the
supervisor, the main command is normally 2; a ppid of 1 means the process
was orphaned and re-parented to the supervisor.
"""

from __future__ import annotations

import base64
import dataclasses
from dataclasses import dataclass
from typing import Any

END_REASONS = ("exited", "timeout", "killed")
#: Values of Observations.limit_hits, in the order they are reported.
LIMIT_HITS = ("wall_time", "cpu_time", "memory", "processes", "output", "disk")


@dataclass(frozen=True)
class ProcessRecord:
    """One process (thread group) the job created, the main command included."""

    pid: int
    ppid: int
    start: float
    end: float | None = None
    exit_code: int | None = None
    signal: int | None = None
    cpu_seconds: float | None = None
    threads: int = 0
    cmdline: str | None = None
    comm: str | None = None
    # Its parent exited without waiting for it, so the kernel re-parented it to
    # the supervisor: while it still ran (an orphan), or after it had ended (a
    # zombie its parent never reaped). A running orphan killed by SIGKILL ends
    # without the exit stop where that is read, and is not marked.
    orphaned: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProcessRecord:
        return cls(**data)


@dataclass(frozen=True)
class Snapshot:
    """Live job processes (pid, ppid, /proc state letter) at one moment."""

    time: float
    reason: str  # "main_exiting", "child_exiting" or "main_exited"
    trigger_pid: int
    processes: tuple[tuple[int, int, str], ...]

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["processes"] = [list(p) for p in self.processes]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Snapshot:
        procs = tuple((int(p), int(pp), str(s)) for p, pp, s in data["processes"])
        return cls(data["time"], data["reason"], data["trigger_pid"], procs)

    def state_of(self, pid: int) -> str | None:
        for p, _ppid, state in self.processes:
            if p == pid:
                return state
        return None


STREAM_NAMES = ("stdout", "stderr")


@dataclass(frozen=True)
class OutputEvent:
    """One write system call of a job process to the job's stdout or stderr.

    Seen by the supervisor (ptrace, at a seccomp stop) just before the kernel
    performed it: `pid` is the writing process (its thread group), `time` when
    it made the call. `data` is what it asked to write (a write that fails or
    is cut short by a kill is still here: see Observations.warnings).
    """

    pid: int
    time: float
    stream: str  # "stdout" or "stderr"
    data: bytes

    def to_dict(self) -> dict[str, Any]:
        return {
            "pid": self.pid,
            "time": self.time,
            "stream": self.stream,
            "data": base64.b64encode(self.data).decode("ascii"),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OutputEvent:
        if data["stream"] not in STREAM_NAMES:
            raise ValueError(f"unknown stream {data['stream']!r}")
        payload = base64.b64decode(data["data"], validate=True)
        return cls(int(data["pid"]), float(data["time"]), data["stream"], payload)


@dataclass(frozen=True)
class OutputLine:
    """A line of one process's output: `time` is that of the write that began it."""

    pid: int
    time: float
    stream: str
    text: bytes  # without the newline; a last unterminated piece as it is


@dataclass(frozen=True)
class ProcRead:
    """A job process opening /proc/<target>/stat or /proc/<target>/status.

    Seen by the supervisor (ptrace, at a seccomp stop) just before the kernel
    performed the open; only with run(..., proc_reads=True). `pid` is the
    opening process (its thread group), `time` when it made the call, `state`
    the target's state letter in /proc/<target>/stat as the supervisor read it
    at that moment ("R", "S", "D", "Z", "T", "t"...; "" if there was no such
    process). "t" (tracing stop) means the target was itself stopped for the
    supervisor then (writing to stdout/stderr, forking, exiting...).
    """

    pid: int
    target: int
    state: str
    time: float

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProcRead:
        return cls(int(data["pid"]), int(data["target"]), str(data["state"]), float(data["time"]))


@dataclass(frozen=True)
class Observations:
    """Everything run() returns about a job."""

    processes: tuple[ProcessRecord, ...]
    snapshots: tuple[Snapshot, ...]
    stdout: bytes
    stderr: bytes
    stdout_truncated: bool
    stderr_truncated: bool
    result: bytes
    result_truncated: bool
    exit_code: int | None
    signal: int | None
    wall_seconds: float
    timed_out: bool
    end_reason: str
    warnings: tuple[str, ...] = ()
    leftovers: tuple[int, ...] = ()
    main_pid: int | None = None
    #: Limits the job ran into (a subset of LIMIT_HITS, in that order).
    limit_hits: tuple[str, ...] = ()
    #: (pid, system call) of each process killed for a forbidden system call.
    forbidden: tuple[tuple[int, str], ...] = ()
    #: False only in the explicit insecure mode (no isolation at all).
    sandboxed: bool = True
    #: CPU time of the whole job (its cgroup, supervisor included), when measured.
    cgroup_cpu_seconds: float | None = None
    #: Peak memory (+ swap) of the job's cgroup, tmpfs pages included, when measured.
    peak_memory_bytes: int | None = None
    #: Each write of a job process to stdout/stderr, in the order the supervisor
    #: saw them (by time). Empty without the seccomp filter (insecure mode).
    outputs: tuple[OutputEvent, ...] = ()
    #: True when not every write is in `outputs`: output_bytes per stream (or
    #: 50,000 events) recorded, the rest only went to stdout/stderr (or beyond).
    outputs_truncated: bool = False
    #: Opens of /proc/<n>/stat or /proc/<n>/status by job processes, with n's
    #: state then, by time; only with run(..., proc_reads=True) (and a filter).
    proc_reads: tuple[ProcRead, ...] = ()

    @property
    def main(self) -> ProcessRecord | None:
        """The record of the main command, if it was started."""
        for record in self.processes:
            if record.pid == self.main_pid:
                return record
        return None

    def children_of(self, pid: int) -> tuple[ProcessRecord, ...]:
        return tuple(r for r in self.processes if r.ppid == pid)

    def output_lines(self, stream: str | None = "stdout") -> tuple[OutputLine, ...]:
        """The lines each process wrote (to `stream`, or both if None), by time.

        Writes are joined per process and stream (print() makes two: the text,
        then the newline), so lines of processes writing at the same time do
        not mix; each line has the time of the write holding its first byte.
        """
        pending: dict[tuple[int, str], tuple[float, bytearray]] = {}
        lines: list[OutputLine] = []
        for event in self.outputs:
            if stream is not None and event.stream != stream:
                continue
            key = (event.pid, event.stream)
            data = event.data
            while data:
                start, buf = pending.pop(key, (event.time, bytearray()))
                head, newline, data = data.partition(b"\n")
                buf += head
                if newline:
                    lines.append(OutputLine(event.pid, start, event.stream, bytes(buf)))
                else:
                    pending[key] = (start, buf)
        for (pid, name), (start, buf) in pending.items():
            lines.append(OutputLine(pid, start, name, bytes(buf)))
        return tuple(sorted(lines, key=lambda line: line.time))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if field.name in ("processes", "outputs", "proc_reads"):
                value = [r.to_dict() for r in value]
            elif field.name == "snapshots":
                value = [s.to_dict() for s in value]
            elif field.name == "forbidden":
                value = [list(item) for item in value]
            elif isinstance(value, bytes):
                value = base64.b64encode(value).decode("ascii")
            elif isinstance(value, tuple):
                value = list(value)
            data[field.name] = value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Observations:
        kwargs = dict(data)
        kwargs["processes"] = tuple(ProcessRecord.from_dict(r) for r in data["processes"])
        kwargs["snapshots"] = tuple(Snapshot.from_dict(s) for s in data["snapshots"])
        for name in ("stdout", "stderr", "result"):
            kwargs[name] = base64.b64decode(data[name], validate=True)
        kwargs["warnings"] = tuple(data.get("warnings", ()))
        kwargs["leftovers"] = tuple(data.get("leftovers", ()))
        kwargs["limit_hits"] = tuple(data.get("limit_hits", ()))
        kwargs["forbidden"] = tuple((int(p), str(n)) for p, n in data.get("forbidden", ()))
        kwargs["outputs"] = tuple(OutputEvent.from_dict(o) for o in data.get("outputs", ()))
        kwargs["proc_reads"] = tuple(ProcRead.from_dict(r) for r in data.get("proc_reads", ()))
        return cls(**kwargs)
