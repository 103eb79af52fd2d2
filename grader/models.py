from django.conf import settings
from django.db import models
from django.urls import reverse

from courses.models import Exercise


class Submission(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        PASSED = "passed"
        FAILED = "failed"
        ERROR = "error"

    FINAL = frozenset({Status.PASSED, Status.FAILED, Status.ERROR})

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="submissions")
    code = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    score = models.FloatField(null=True, blank=True)
    # Per-check results and everything else the grader observed (see grader/verdict.py).
    verdict = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why grading failed, when status is error.")
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["student", "exercise", "-created"]),
            models.Index(fields=["status", "created"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.exercise.slug} by {self.student} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("grader:submission", args=[self.pk])

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL


class Validation(models.Model):
    """An exercise's stored solutions graded by the real grader: may it be published?

    It may if the reference and every other correct solution pass and every wrong
    solution fails, on the exercise as it is now (`fingerprint`).
    """

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        ERROR = "error"

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="validations")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    fingerprint = models.CharField(max_length=64, help_text="Of the checks and solutions graded.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    ok = models.BooleanField(default=False)
    # [{"file", "expected": "pass"|"fail", "passed", "ok", "failed_check", "message", "seconds"}]
    results = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"validation of {self.exercise.slug} ({self.status}{', ok' if self.ok else ''})"


class Regrade(models.Model):
    """Submissions graded again after their exercise changed, behind live gradings."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="regrades")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(auto_now_add=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0, help_text="Verdicts that changed.")
    failed = models.PositiveIntegerField(default=0, help_text="Could not be graded again.")

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"regrade of {self.exercise.slug}: {self.done}/{self.total}, {self.changed} changed"
