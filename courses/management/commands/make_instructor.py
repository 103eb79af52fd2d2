from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from courses.models import Course
from courses.roles import make_instructor


class Command(BaseCommand):
    help = "Make USERNAME an instructor of the course SLUG (staff, Instructors group)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("course")

    def handle(self, *args, username, course, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        found = Course.objects.filter(slug=course).first()
        if found is None:
            raise CommandError(f"no course {course!r}")
        make_instructor(user, found)
        self.stdout.write(f"{username} now instructs {course}")
