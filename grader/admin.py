from django.contrib import admin
from django.http import HttpRequest

from courses.permissions import TaughtCoursesOnly

from . import regrading
from .models import Regrade, Submission, Validation


@admin.register(Submission)
class SubmissionAdmin(TaughtCoursesOnly, admin.ModelAdmin):
    course_path = "exercise__lesson__course"

    list_display = ("id", "exercise", "student", "status", "score", "created", "attempts")
    list_filter = ("status", "exercise")
    search_fields = ("student__username", "exercise__slug")
    readonly_fields = ("created", "started", "finished", "attempts", "worker", "verdict")
    actions = ["regrade"]

    @admin.action(description="Regrade the selected final submissions")
    def regrade(self, request: HttpRequest, queryset) -> None:
        by_exercise: dict = {}
        for submission in queryset.select_related("exercise"):
            by_exercise.setdefault(submission.exercise, []).append(submission.pk)
        for exercise, ids in by_exercise.items():
            regrade = regrading.start_regrade(exercise, request.user, ids)
            self.message_user(request, f"{exercise.slug}: {regrade.total} submission(s) queued.")


@admin.register(Regrade)
class RegradeAdmin(TaughtCoursesOnly, admin.ModelAdmin):
    course_path = "exercise__lesson__course"

    """Progress of each regrade: who asked, when, how far, how many verdicts changed."""

    list_display = ("exercise", "requested_by", "created", "progress", "changed", "failed")
    list_filter = ("exercise",)
    readonly_fields = ("exercise", "requested_by", "created", "total", "done", "changed", "failed")

    @admin.display(description="Done")
    def progress(self, regrade: Regrade) -> str:
        return f"{regrade.done} of {regrade.total}"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # started from the exercises or the submissions


@admin.register(Validation)
class ValidationAdmin(TaughtCoursesOnly, admin.ModelAdmin):
    course_path = "exercise__lesson__course"

    list_display = ("exercise", "requested_by", "created", "status", "ok")
    list_filter = ("status", "ok", "exercise")
    readonly_fields = (
        "exercise", "requested_by", "fingerprint", "status", "ok", "results", "error", "created",
        "finished",
    )  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # started with the Validate button of an exercise
