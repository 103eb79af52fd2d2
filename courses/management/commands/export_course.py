from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.export import export_course
from courses.models import Course


class Command(BaseCommand):
    help = "Write a course to files in the layout import_course reads."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("directory", type=Path)

    def handle(self, *args, slug, directory, **options):
        course = Course.objects.filter(slug=slug).first()
        if course is None:
            raise CommandError(f"no course {slug!r}")
        written = export_course(course, directory)
        self.stdout.write(f"Exported {slug} to {directory}: {len(written)} files")
