"""The verdict: what a grading concluded, in the JSON shape the API and `grade --json` give.

Fields:
- exercise, passed (every check passed), score (earned points / total, in [0, 1]),
  seed (replays the run with `grade --seed`), duration_ms (the whole grading);
- checks: per check name, passed, points, hidden, message (expected vs observed);
- sandboxed: false only when the worker ran without isolation (development mode);
- stdout, stderr (what the job printed, cut at the sandbox's cap), output_truncated;
- timeline: per process (at most 200): pid, ppid, start, end (seconds since the
  job began), exit_code, signal, cpu_seconds, and output: [time, stream, text] of
  the lines it wrote (at most 50); for the pages to draw;
- notes: what the student should know beyond the checks (a time limit was hit...);
- schedule: {"explored": how many schedules ran, "failed_under": the schedule that
  exposed a failure, in words, or null}; `seed` then replays that schedule.
"""

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class CheckOutcome:
    name: str
    passed: bool
    points: int
    message: str
    hidden: bool = False


@dataclass(frozen=True)
class Verdict:
    exercise: str
    checks: tuple[CheckOutcome, ...]
    seed: int
    duration_ms: int
    sandboxed: bool = True
    stdout: str = ""
    stderr: str = ""
    output_truncated: bool = False
    timeline: tuple[dict, ...] = ()
    notes: tuple[str, ...] = field(default=())
    schedule: dict = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(c.passed for c in self.checks)

    @property
    def score(self) -> float:
        total = sum(c.points for c in self.checks)
        earned = sum(c.points for c in self.checks if c.passed)
        return round(earned / total, 4) if total else 0.0

    def to_dict(self) -> dict:
        data = asdict(self)
        data["checks"] = [asdict(c) for c in self.checks]
        data["timeline"] = list(self.timeline)
        data["notes"] = list(self.notes)
        return {"exercise": self.exercise, "passed": self.passed, "score": self.score} | data
