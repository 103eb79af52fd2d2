from django.contrib import admin

from .models import Submission


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("id", "exercise", "student", "status", "score", "created", "attempts")
    list_filter = ("status", "exercise")
    search_fields = ("student__username", "exercise__slug")
    readonly_fields = ("created", "started", "finished", "attempts", "worker", "verdict")
