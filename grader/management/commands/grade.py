"""`grade SLUG FILE [--json] [--seed N]`: the worker's code path, synchronously, storing nothing.

Exit status: 0 passed, 1 failed, 2 could not grade.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from courses.models import Exercise
from grader import engine, services


class Command(BaseCommand):
    help = "Grade FILE as a submission to exercise SLUG (exit 0 passed, 1 failed, 2 error)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", dest="as_json", help="print JSON")
        parser.add_argument("--seed", type=int, default=None, help="replay a grading")

    def handle(self, *args, slug, file, as_json: bool, seed, **options):
        try:
            verdict = self.grade(slug, file, seed)
        except (engine.GradingError, services.InvalidSubmission, LookupError, OSError) as exc:
            self.stderr.write(f"grade: {exc}")
            sys.exit(2)
        if as_json:
            self.stdout.write(json.dumps(verdict.to_dict()))
        else:
            self.print_verdict(verdict)
        sys.exit(0 if verdict.passed else 1)

    def grade(self, slug: str, file: Path, seed: int | None):
        exercise = Exercise.objects.filter(slug=slug).first()
        if exercise is None:
            raise LookupError(f"there is no exercise {slug!r}")
        code = services.validate_code(file.read_bytes())
        return services.grade_code(exercise, code, seed)

    def print_verdict(self, verdict) -> None:
        outcome = "PASSED" if verdict.passed else "FAILED"
        self.stdout.write(f"{verdict.exercise}: {outcome}, score {verdict.score:.0%}")
        for check in verdict.checks:
            mark = "ok  " if check.passed else "FAIL"
            self.stdout.write(f"  {mark} {check.name}: {check.message}")
        for note in verdict.notes:
            self.stdout.write(f"  note: {note}")
        self.stdout.write(f"seed {verdict.seed}, {verdict.duration_ms} ms")
