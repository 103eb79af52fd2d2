"""Grade every stored solution of every exercise N times: verdicts, times, schedules.

    .venv/bin/python bench/gradings.py [--runs 10] [--busy] [--drafts] [--only SLUG ...]

Correct solutions (solution.py, solutions/*.py) must be accepted every time and
wrong ones (wrong/*.py) rejected every time; the table says how often each was,
the grading time (p50, p95) and, for wrong ones, how many schedules the grader
explored before the bug showed (min, median, max). With --busy another process
keeps one core spinning throughout, as in `make soak`. With --drafts the
exercises still being built (content/*/drafts/) are graded too. Exits 1 if any solution
got a wrong verdict even once. Prints Markdown.
"""

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from courses.content import read_exercise  # noqa: E402
from grader import engine  # noqa: E402

SPIN = "while True: pass"


def solutions(directory: Path):
    for path in [directory / "solution.py", *sorted(directory.glob("solutions/*.py"))]:
        yield path, True
    for path in sorted(directory.glob("wrong/*.py")):
        yield path, False


def percentile(values: list[float], q: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def measure(spec: engine.ExerciseSpec, path: Path, runs: int) -> dict:
    code = path.read_text()
    times, explored, right, failures = [], [], 0, []
    for _ in range(runs):
        verdict = engine.grade(spec, code)
        times.append(verdict.duration_ms / 1000)
        explored.append(verdict.schedule.get("explored", 1))
        right += verdict.passed
        failed = next((c for c in verdict.checks if not c.passed), None)
        if failed:  # kept to explain a wrong verdict: which check, said what, replayable how
            failures.append(f"seed {verdict.seed}: {failed.name}: {failed.message[:400]}")
    return {"times": times, "explored": explored, "passed": right, "failures": failures}


def row(slug: str, path: Path, correct: bool, result: dict, runs: int) -> tuple[str, bool]:
    times, explored = result["times"], result["explored"]
    good = result["passed"] if correct else runs - result["passed"]
    schedules = (
        f"{min(explored)} / {statistics.median(explored):g} / {max(explored)}"
        if not correct
        else "—"
    )
    verdict = "accepted" if correct else "rejected"
    name = path.relative_to(path.parent.parent if path.parent.name != slug else path.parent)
    line = (
        f"| {slug} | {name} | {verdict} {good}/{runs} | {percentile(times, 50):.2f} "
        f"| {percentile(times, 95):.2f} | {schedules} |"
    )
    return line, good == runs


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--busy", action="store_true", help="keep one core busy meanwhile")
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--drafts", action="store_true", help="grade the drafts too")
    args = parser.parse_args()
    spinner = subprocess.Popen([sys.executable, "-c", SPIN]) if args.busy else None
    started = time.monotonic()
    print("| exercise | solution | verdicts | p50 s | p95 s | schedules to failure (min/med/max) |")
    print("|---|---|---|---|---|---|")
    all_good = True
    wrong_verdicts = []
    try:
        folders = ["exercises", "drafts"] if args.drafts else ["exercises"]
        directories = [
            d for f in folders for d in (ROOT / "content").glob(f"*/{f}/*") if d.is_dir()
        ]
        for directory in sorted(directories, key=lambda d: d.name):
            if args.only and directory.name not in args.only:
                continue
            exercise = read_exercise(directory)
            spec = engine.ExerciseSpec(
                exercise.slug, exercise.checks, exercise.limits, exercise.tasks, exercise.schedules
            )
            for path, correct in solutions(directory):
                result = measure(spec, path, args.runs)
                line, good = row(exercise.slug, path, correct, result, args.runs)
                all_good &= good
                print(line, flush=True)
                if correct and not good:
                    wrong_verdicts.extend(
                        f"{exercise.slug}/{path.name}: {f}" for f in result["failures"]
                    )
    finally:
        if spinner:
            spinner.kill()
    load = "one core kept busy by another process" if args.busy else "idle machine"
    print(f"\n{args.runs} gradings each, {load}, {time.monotonic() - started:.0f} s in all.")
    print("Every verdict right." if all_good else "SOME VERDICTS WERE WRONG.")
    for failure in wrong_verdicts:  # a correct solution rejected: what the grader said
        print(f"- {failure}")
    return 0 if all_good else 1


if __name__ == "__main__":
    sys.exit(main())
