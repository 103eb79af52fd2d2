from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from courses.content import ContentError
from courses.services import import_course


class Command(BaseCommand):
    help = "Import courses from their files (default: every course under content/)."

    def add_arguments(self, parser):
        parser.add_argument("directories", nargs="*", type=Path)

    def handle(self, *args, directories, **options):
        if not directories:
            directories = sorted(
                p.parent for p in (settings.BASE_DIR / "content").glob("*/course.yaml")
            )
        for directory in directories:
            try:
                course, changes = import_course(directory)
            except (ContentError, OSError, KeyError) as exc:
                raise CommandError(f"{directory}: {exc}") from exc
            lessons = course.lessons.all()
            self.stdout.write(
                f"Imported {course.slug}: {len(lessons)} lessons, "
                f"{sum(lesson.exercises.count() for lesson in lessons)} exercises, "
                f"{sum(hasattr(lesson, 'quiz') for lesson in lessons)} quizzes; "
                f"{changes.report()}"
            )
