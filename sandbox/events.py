"""Host side of the supervisor's event stream: strict parsing into Observations.

The supervisor is our code, but its pipe is still data written from inside the
sandbox: every line is bounded, type-checked, and the totals are capped.
"""

from __future__ import annotations

import json
import signal
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .limits import Limits
from .observations import (
    LIMIT_HITS,
    Observations,
    OutputEvent,
    ProcessRecord,
    ProcRead,
    Snapshot,
)

if TYPE_CHECKING:
    from .cgroups import CgroupStats

MAX_LINE = 1 << 20  # a snapshot of 10,000 processes is about 250 KB
MAX_PROCESSES = 10_000
MAX_SNAPSHOTS = 2_000
MAX_WARNINGS = 50
MAX_FORBIDDEN = 100
#: Output events kept (one per write system call, a long write in several parts).
MAX_OUTPUT_EVENTS = 50_000
#: Bytes of one output event at most (a longer write comes in parts): as JSON
#: (a latin-1 string, \u00XX escapes at worst) well below MAX_LINE.
OUTPUT_CHUNK = 32 * 1024
#: Opens of /proc/<n>/stat(us) kept (run(..., proc_reads=True)).
MAX_PROC_READS = 10_000
STREAMS = {1: "stdout", 2: "stderr"}
LIMIT_SIGNALS = {signal.SIGXCPU, signal.SIGXFSZ}

_NUM = (int, float)
_OPT_INT = (int, type(None))
_OPT_NUM = (int, float, type(None))
# kind -> required fields and their accepted types (bool is rejected separately).
SCHEMA: dict[str, dict[str, tuple[type, ...]]] = {
    "hello": {"t": _NUM},
    "proc": {"pid": (int,), "ppid": (int,), "t": _NUM},
    "thread": {"pid": (int,), "tid": (int,), "t": _NUM},
    "exec": {"pid": (int,), "cmdline": (str,), "comm": (str,)},
    "exit": {
        "pid": (int,),
        "t": _NUM,
        "code": _OPT_INT,
        "sig": _OPT_INT,
        "cpu": _OPT_NUM,
        "orphan": (int,),
    },
    "snap": {"t": _NUM, "reason": (str,), "trigger": (int,), "procs": (list,)},
    "forbidden": {"pid": (int,), "nr": (int,), "t": _NUM},
    "output": {"pid": (int,), "t": _NUM, "fd": (int,), "data": (str,), "part": (int,)},
    "outcap": {"fd": (int,)},
    "procread": {"pid": (int,), "target": (int,), "state": (str,), "t": _NUM},
    "procreadcap": {},
    "fsfull": {"paths": (list,)},
    "adopted": {"pid": (int,)},
    "leftovers": {"pids": (list,)},
    "fatal": {"msg": (str,)},
    "done": {"t": _NUM},
}


class LineSplitter:
    """Bounded JSON-lines splitter: an over-long line is dropped, not buffered."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._skipping = False
        self.dropped = 0

    def feed(self, data: bytes) -> list[bytes]:
        self._buf += data
        lines = []
        while (nl := self._buf.find(b"\n")) >= 0:
            line = bytes(self._buf[:nl])
            del self._buf[: nl + 1]
            if self._skipping:
                self._skipping = False  # the tail of an over-long line
            else:
                lines.append(line)
        if len(self._buf) > MAX_LINE:
            self._buf.clear()
            self._skipping = True
            self.dropped += 1
        return lines


def parse_event(line: bytes) -> dict[str, Any] | None:
    """One validated event, or None if the line is malformed."""
    try:
        event = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(event, dict):
        return None
    schema = SCHEMA.get(event.get("e"))  # type: ignore[arg-type]
    if schema is None:
        return None
    for key, types in schema.items():
        value = event.get(key)
        if isinstance(value, bool) or not isinstance(value, types):
            return None
    return event


@dataclass
class _Proc:
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
    orphaned: bool = False

    def freeze(self) -> ProcessRecord:
        return ProcessRecord(**self.__dict__)


@dataclass
class ObservationBuilder:
    """Folds events into process records and snapshots."""

    t0: float | None = None
    main_pid: int | None = None
    main_ended: bool = False
    done: bool = False
    fatal: str | None = None
    records: list[_Proc] = field(default_factory=list)
    live: dict[int, _Proc] = field(default_factory=dict)
    snapshots: list[Snapshot] = field(default_factory=list)
    leftovers: tuple[int, ...] = ()
    warnings: list[str] = field(default_factory=list)
    malformed: int = 0
    forbidden: list[tuple[int, int]] = field(default_factory=list)  # (pid, syscall number)
    disk_full: bool = False
    #: Bytes of output events kept per stream (Limits.output_bytes).
    output_cap: int = 64 * 1024
    #: [pid, t, fd, data] of each write to the job's stdout/stderr.
    outputs: list[tuple[int, float, int, bytearray]] = field(default_factory=list)
    output_bytes: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0})
    outputs_truncated: bool = False
    proc_reads: list[ProcRead] = field(default_factory=list)

    def feed_line(self, line: bytes) -> None:
        event = parse_event(line)
        if event is None:
            self.malformed += 1
            return
        if self.t0 is None and event["e"] not in ("hello", "fatal"):
            self.malformed += 1
            return
        getattr(self, "_on_" + event["e"])(event)

    def warn(self, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS and message not in self.warnings:
            self.warnings.append(message)

    def rel(self, t: float) -> float:
        return round(t - (self.t0 or 0.0), 6)

    def _on_hello(self, ev: dict[str, Any]) -> None:
        if self.t0 is None:
            self.t0 = float(ev["t"])

    def _on_fatal(self, ev: dict[str, Any]) -> None:
        self.fatal = ev["msg"][:1000]

    def _on_done(self, ev: dict[str, Any]) -> None:
        self.done = True

    def _on_proc(self, ev: dict[str, Any]) -> None:
        if len(self.records) >= MAX_PROCESSES:
            self.warn(f"more than {MAX_PROCESSES} processes: the rest are not recorded")
            return
        proc = _Proc(ev["pid"], ev["ppid"], self.rel(ev["t"]))
        if self.main_pid is None:
            self.main_pid = proc.pid  # the supervisor announces the main command first
        self.records.append(proc)
        self.live[proc.pid] = proc

    def _on_thread(self, ev: dict[str, Any]) -> None:
        if (proc := self.live.get(ev["pid"])) is not None:
            proc.threads += 1

    def _on_exec(self, ev: dict[str, Any]) -> None:
        if (proc := self.live.get(ev["pid"])) is not None:
            proc.cmdline, proc.comm = ev["cmdline"][:512], ev["comm"][:64]

    def _on_exit(self, ev: dict[str, Any]) -> None:
        proc = self.live.pop(ev["pid"], None)
        if proc is None:
            return
        proc.end = self.rel(ev["t"])
        proc.exit_code, proc.signal = ev["code"], ev["sig"]
        proc.orphaned = ev["orphan"] == 1
        if ev["cpu"] is not None:
            proc.cpu_seconds = round(float(ev["cpu"]), 3)
        if proc.pid == self.main_pid:
            self.main_ended = True

    def _on_snap(self, ev: dict[str, Any]) -> None:
        if len(self.snapshots) >= MAX_SNAPSHOTS:
            self.warn(f"more than {MAX_SNAPSHOTS} snapshots: the rest are not recorded")
            return
        procs = []
        for item in ev["procs"][:MAX_PROCESSES]:
            if _is_triple(item):
                procs.append((item[0], item[1], item[2][:2]))
            else:
                self.malformed += 1
        self.snapshots.append(
            Snapshot(self.rel(ev["t"]), ev["reason"][:32], ev["trigger"], tuple(procs))
        )

    def _on_forbidden(self, ev: dict[str, Any]) -> None:
        if len(self.forbidden) < MAX_FORBIDDEN:
            self.forbidden.append((ev["pid"], ev["nr"]))

    def _on_output(self, ev: dict[str, Any]) -> None:
        fd, part = ev["fd"], ev["part"]
        try:
            data = ev["data"].encode("latin-1")
        except UnicodeEncodeError:
            data = None
        if fd not in STREAMS or data is None or len(data) > OUTPUT_CHUNK or part < 0:
            self.malformed += 1
            return
        if part > 0:
            last = self.outputs[-1] if self.outputs else None
            if last is None or (last[0], last[2]) != (ev["pid"], fd):
                self.malformed += 1  # a continuation of nothing: out of order
                return
        elif len(self.outputs) >= MAX_OUTPUT_EVENTS:
            self.outputs_truncated = True
            return
        room = self.output_cap - self.output_bytes[fd]
        if len(data) > room:
            self.outputs_truncated = True
            data = data[: max(room, 0)]
            if not data:
                return
        self.output_bytes[fd] += len(data)
        if part > 0:
            self.outputs[-1][3].extend(data)
        else:
            self.outputs.append((ev["pid"], float(ev["t"]), fd, bytearray(data)))

    def _on_outcap(self, ev: dict[str, Any]) -> None:
        self.outputs_truncated = True

    def _on_procread(self, ev: dict[str, Any]) -> None:
        if len(ev["state"]) > 1:
            self.malformed += 1
            return
        if len(self.proc_reads) >= MAX_PROC_READS:
            self._on_procreadcap(ev)
            return
        self.proc_reads.append(ProcRead(ev["pid"], ev["target"], ev["state"], self.rel(ev["t"])))

    def _on_procreadcap(self, ev: dict[str, Any]) -> None:
        self.warn(
            f"{MAX_PROC_READS} opens of /proc/<n>/stat or status recorded: any later ones were not"
        )

    def _on_fsfull(self, ev: dict[str, Any]) -> None:
        self.disk_full = True

    def _on_adopted(self, ev: dict[str, Any]) -> None:
        # A zombie whose parent exited without reaping it: the last record of that pid.
        ended = [p for p in self.records if p.pid == ev["pid"] and p.end is not None]
        if ended:
            ended[-1].orphaned = True

    def _on_leftovers(self, ev: dict[str, Any]) -> None:
        pids = ev["pids"][:MAX_PROCESSES]
        self.leftovers = tuple(p for p in pids if isinstance(p, int) and not isinstance(p, bool))

    def main_record(self) -> _Proc | None:
        return next((r for r in self.records if r.pid == self.main_pid), None)

    def build(
        self,
        io: dict[str, Any],
        limits: Limits,
        wall: float,
        timed_out: bool,
        *,
        stats: CgroupStats | None = None,
        sandboxed: bool = True,
        syscall_names: dict[int, str] | None = None,
        outputs_traced: bool = False,
    ) -> Observations:
        if outputs_traced:
            self._reconcile_outputs(io)
        if self.malformed:
            self.warn(f"{self.malformed} malformed supervisor event(s) ignored")
        if not self.done and not timed_out:
            self.warn("supervisor event stream ended early")
        main = self.main_record()
        names = syscall_names or {}
        forbidden = tuple((pid, names.get(nr, f"syscall {nr}")) for pid, nr in self.forbidden)
        hits = self._limit_hits(limits, timed_out, stats, io)
        return Observations(
            processes=tuple(r.freeze() for r in self.records),
            snapshots=tuple(self.snapshots),
            exit_code=main.exit_code if main else None,
            signal=main.signal if main else None,
            wall_seconds=round(wall, 6),
            timed_out=timed_out,
            end_reason=self._end_reason(main, limits, timed_out, hits),
            warnings=tuple(self.warnings),
            leftovers=self.leftovers,
            main_pid=self.main_pid,
            limit_hits=hits,
            forbidden=forbidden,
            sandboxed=sandboxed,
            cgroup_cpu_seconds=stats.cpu_seconds if stats else None,
            peak_memory_bytes=stats.peak_memory_bytes if stats else None,
            outputs=tuple(
                OutputEvent(pid, self.rel(t), STREAMS[fd], bytes(data))
                for pid, t, fd, data in self.outputs
            ),
            outputs_truncated=self.outputs_truncated,
            proc_reads=tuple(self.proc_reads),
            **io,
        )

    def _reconcile_outputs(self, io: dict[str, Any]) -> None:
        """Warn when the write events do not add up to the captured streams.

        Bytes captured but not traced came through something the filter does
        not see (a duplicate of fd 1/2 on another number, /dev/stdout opened
        anew, splice from a pipe, tee): they are attributed to no process.
        Bytes traced but not captured: writes that failed or were cut short
        (a non-blocking stdout, a kill in the middle).
        """
        if self.outputs_truncated:
            return
        for fd, name in STREAMS.items():
            captured = io.get(name, b"")
            if io.get(f"{name}_truncated") or not isinstance(captured, bytes | bytearray):
                continue
            traced = self.output_bytes[fd]
            if len(captured) > traced:
                self.warn(
                    f"{name}: {len(captured) - traced} of {len(captured)} bytes were not "
                    "written through a traced write to fd 1/2: not attributed to a process"
                )
            elif len(captured) < traced:
                self.warn(
                    f"{name}: {traced - len(captured)} bytes of traced writes did not reach "
                    "it (failed or interrupted writes)"
                )

    def _limit_hits(
        self, limits: Limits, timed_out: bool, stats: CgroupStats | None, io: dict[str, Any]
    ) -> tuple[str, ...]:
        hits = set()
        if timed_out:
            hits.add("wall_time")
        for record in self.records:
            if _cpu_killed(record, limits):
                hits.add("cpu_time")
            if record.signal == signal.SIGXFSZ:
                hits.add("disk")
        if self.disk_full:
            hits.add("disk")
        if stats is not None and stats.oom_kills:
            hits.add("memory")
        if stats is not None and stats.pids_max_hits:
            hits.add("processes")
        if io.get("stdout_truncated") or io.get("stderr_truncated"):
            hits.add("output")
        return tuple(hit for hit in LIMIT_HITS if hit in hits)

    def _end_reason(
        self, main: _Proc | None, limits: Limits, timed_out: bool, hits: tuple[str, ...]
    ) -> str:
        """timeout; killed: the sandbox killed the main command (a limit, a
        forbidden system call, the OOM killer); else exited (crashes included)."""
        if timed_out:
            return "timeout"
        if main is None or main.signal is None:
            return "exited"
        if main.signal in LIMIT_SIGNALS or _cpu_killed(main, limits):
            return "killed"
        if main.signal == signal.SIGKILL:
            if any(pid == main.pid for pid, _nr in self.forbidden):
                return "killed"
            if "memory" in hits:
                return "killed"
        return "exited"


def _cpu_killed(record: _Proc, limits: Limits) -> bool:
    """SIGXCPU, or RLIMIT_CPU's hard limit (one second above the soft one): SIGKILL."""
    if record.signal == signal.SIGXCPU:
        return True
    return record.signal == signal.SIGKILL and (record.cpu_seconds or 0.0) >= limits.cpu_seconds


def _is_triple(item: object) -> bool:
    return (
        isinstance(item, list)
        and len(item) == 3
        and all(isinstance(x, int) and not isinstance(x, bool) for x in item[:2])
        and isinstance(item[2], str)
    )
