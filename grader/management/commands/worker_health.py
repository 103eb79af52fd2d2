from django.core.management.base import BaseCommand, CommandError

from grader import health


class Command(BaseCommand):
    help = "Show each grading worker's sandbox self-test; exit 1 if none is able to grade."

    def handle(self, *args, **options):
        workers = health.workers()
        for worker in workers:
            state = "grading" if worker["ok"] else "REFUSING TO GRADE"
            self.stdout.write(f"{worker['hostname']} ({worker['sandbox_mode']}): {state}")
            for problem in worker["problems"]:
                self.stdout.write(f"    {problem}")
        if not any(worker["ok"] for worker in workers):
            raise CommandError("no worker is able to grade")
