from django.conf import settings
from django.db import models
from django.urls import reverse

from courses.models import Lesson, Publishable, Scheduled

from .kinds import KINDS


class Quiz(Publishable, Scheduled):
    """The quiz of one lesson."""

    lesson = models.OneToOneField(Lesson, on_delete=models.CASCADE, related_name="quiz")
    title = models.CharField(max_length=200)

    class Meta:
        verbose_name_plural = "quizzes"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quizzes:quiz", args=[self.lesson.course.slug, self.lesson.slug])


class Question(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(help_text="Stable id within the quiz (the id in the quiz file).")
    kind = models.CharField(max_length=20, choices=[(k, k.replace("_", "/")) for k in KINDS])
    prompt = models.TextField(help_text="Markdown.")
    explanation = models.TextField(help_text="Markdown, shown after answering.")
    data = models.JSONField(help_text="Choices, answer, items... as in the quiz file.")
    order = models.PositiveIntegerField(default=0)
    # For "possible outputs" questions: the last check of the answer key against runs
    # of the program (quizzes/keycheck.py).
    key_check = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["quiz", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "key"], name="question_key_unique_in_quiz")
        ]

    def __str__(self) -> str:
        return f"{self.quiz}: {self.key}"


class Attempt(models.Model):
    """One student's answers to a quiz, scored when submitted; attempts are kept."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    # {question key: the answer as submitted}, and {question key: score 0..1}.
    answers = models.JSONField(default=dict)
    scores = models.JSONField(default=dict)
    score = models.FloatField(help_text="0 to 1: the mean of the questions' scores.")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "quiz", "-created"])]

    def __str__(self) -> str:
        return f"{self.user} on {self.quiz}: {self.score:.0%}"
