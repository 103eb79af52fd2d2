from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

ACCOUNTS = [("student", "student", False), ("teacher", "teacher", True)]


class Command(BaseCommand):
    help = "Create the demo accounts student/student and teacher/teacher (development only)."

    def handle(self, *args, **options):
        # Known passwords: never in production.
        if not settings.DEBUG:
            raise CommandError("demo accounts are for development only: run with DEBUG=true")
        users = get_user_model()
        for username, password, staff in ACCOUNTS:
            user, _ = users.objects.get_or_create(username=username)
            user.set_password(password)
            user.is_staff = user.is_superuser = staff
            user.save()
            role = "staff" if staff else "student"
            self.stdout.write(f"Demo account: {username} / {password} ({role})")
