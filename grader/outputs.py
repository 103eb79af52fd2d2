"""Which outputs can a small concurrent program print? Run it and see.

For "possible outputs" quiz questions: the program runs in the sandbox under
seeded schedules (the graders' own perturbations: late start-ups, pauses
around locks, queues and pipes, one CPU or all), and the distinct outputs are
counted. An answer key is then judged against what was seen: an output marked
possible that never showed in the runs, or one marked impossible that did,
is a problem for the author to look at.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import sandbox

from . import jobfiles
from .engine import Schedule

RUNS = 40  # at most, per program
ENOUGH = 16  # stop once this many runs have shown every possible output


@dataclass(frozen=True)
class Choice:
    output: str
    possible: bool


def run_once(program: str, seed: int, limits: sandbox.Limits, isolation: str) -> str:
    schedule = Schedule.from_seed(seed)
    job = sandbox.Job(
        files={
            "sitecustomize.py": jobfiles.read("sitecustomize.py"),
            "program.py": program.encode(),
        },
        argv=("python3", "/job/program.py"),
        env={"PROCTOR_SEED": str(seed), "PROCTOR_SCHEDULE": schedule.to_env()},
    )
    observations = sandbox.run(job, limits, isolation)
    if observations.exit_code != 0:
        raise OutputsError(
            f"the program ended with status {observations.exit_code} under schedule "
            f"{seed}: {observations.stderr.decode('utf-8', 'replace')[-500:]}"
        )
    return observations.stdout.decode("utf-8", "replace")


class OutputsError(RuntimeError):
    """The program failed to run: its outputs cannot be judged."""


def observe(
    program: str,
    expected: Iterable[str] = (),
    *,
    runs: int = RUNS,
    seed: int = 1,
    limits: sandbox.Limits | None = None,
    isolation: str = "bwrap",
) -> Counter[str]:
    """How often each output was seen in up to `runs` runs under schedules seed, seed + 1, ...

    Stops early once ENOUGH runs have shown every output of `expected`.
    """
    limits = limits or sandbox.Limits(wall_seconds=10)
    wanted, seen = set(expected), Counter()
    for attempt in range(runs):
        seen[run_once(program, seed + attempt, limits, isolation)] += 1
        if attempt + 1 >= ENOUGH and wanted <= set(seen):
            break
    return seen


def key_problems(choices: Iterable[Choice], seen: Counter[str]) -> list[str]:
    """What the runs contradict in an answer key, in the author's terms."""
    runs = sum(seen.values())
    problems = []
    for choice in choices:
        count = seen.get(choice.output, 0)
        if choice.possible and not count:
            problems.append(f"marked possible but never printed in {runs} runs: {choice.output!r}")
        if not choice.possible and count:
            problems.append(
                f"marked impossible but printed {count} time(s) in {runs} runs: {choice.output!r}"
            )
    return problems
