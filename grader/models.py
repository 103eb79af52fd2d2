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
