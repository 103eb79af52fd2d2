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
                course = import_course(directory)
            except (ContentError, OSError, KeyError) as exc:
                raise CommandError(f"{directory}: {exc}") from exc
            self.stdout.write(
                f"Imported {course.slug}: {course.lessons.count()} lessons, "
                f"{sum(lesson.exercises.count() for lesson in course.lessons.all())} exercises"
            )
