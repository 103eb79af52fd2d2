from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from grader import outputs
from grader.services import base_limits, isolation
from quizzes.files import QuizFileError, read_quizzes


class Command(BaseCommand):
    help = (
        "Check the answer keys of 'possible outputs' questions by running their programs "
        "under explored schedules (default: every course under content/). Exit 1 on a problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("directories", nargs="*", type=Path)
        parser.add_argument("--runs", type=int, default=outputs.RUNS)

    def handle(self, *args, directories, runs, **options):
        if not directories:
            directories = sorted(
                p.parent for p in (settings.BASE_DIR / "content").glob("*/course.yaml")
            )
        problems = 0
        for directory in directories:
            try:
                quizzes = read_quizzes(directory)
            except QuizFileError as exc:
                raise CommandError(str(exc)) from exc
            for quiz in quizzes:
                for question in quiz.questions:
                    if question.kind == "outputs":
                        problems += self.check(quiz.path, question, runs)
        if problems:
            raise CommandError(f"{problems} answer key problem(s)")

    def check(self, path, question, runs) -> int:
        choices = [outputs.Choice(c["output"], c["possible"]) for c in question.data["choices"]]
        try:
            seen = outputs.observe(
                question.data["program"],
                [c.output for c in choices if c.possible],
                runs=runs,
                limits=base_limits(),
                isolation=isolation(),
            )
        except outputs.OutputsError as exc:
            self.stdout.write(f"{path}: {question.key}: {exc}")
            return 1
        found = outputs.key_problems(choices, seen)
        listed = {c.output for c in choices}
        unlisted = [out for out in seen if out not in listed]
        for problem in found:
            self.stdout.write(f"{path}: {question.key}: {problem}")
        note = f"; also printed, not an option: {unlisted!r}" if unlisted else ""
        verdict = "ok" if not found else "PROBLEM"
        self.stdout.write(
            f"{path.name}: {question.key}: {verdict} ({sum(seen.values())} runs){note}"
        )
        return len(found)
