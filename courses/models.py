from django.conf import settings
from django.db import models
from django.urls import reverse


class Publishable(models.Model):
    """Students see only what is published; instructors see everything (to preview)."""

    published = models.BooleanField(
        default=True, help_text="Shown to students. Unpublished items are drafts."
    )

    class Meta:
        abstract = True


class Scheduled(models.Model):
    """When an item (an exercise, a quiz) can be done, and what lateness costs.

    The arithmetic is in courses/deadlines.py.
    """

    class LatePolicy(models.TextChoices):
        NONE = "none", "no late work"
        PENALTY = "penalty", "a penalty per day late"

    opens_at = models.DateTimeField(null=True, blank=True, help_text="Not before (empty: open).")
    due_at = models.DateTimeField(null=True, blank=True, help_text="Due (empty: no deadline).")
    late_policy = models.CharField(
        max_length=10, choices=LatePolicy.choices, default=LatePolicy.NONE
    )
    penalty_per_day = models.FloatField(
        default=0.1, help_text="Part of the score lost per day late (0.1 = 10%), started days."
    )
    penalty_cap = models.FloatField(default=0.5, help_text="At most this part is lost (0.5 = 50%).")
    grace_minutes = models.PositiveIntegerField(
        default=0, help_text="Work this many minutes after the deadline is not late."
    )
    max_attempts = models.PositiveIntegerField(
        null=True, blank=True, help_text="Submissions (or quiz attempts) allowed; empty: any."
    )

    class Meta:
        abstract = True


class Course(Publishable):
    class QuizScoring(models.TextChoices):
        BEST = "best", "the best attempt counts"
        LAST = "last", "the last attempt counts"

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    quiz_scoring = models.CharField(
        max_length=4, choices=QuizScoring.choices, default=QuizScoring.BEST
    )
    # Staff who teach it: they author it in the admin, see its submissions and grade book.
    # Superusers reach every course.
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="courses_taught"
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:detail", args=[self.slug])


class Lesson(Publishable):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    slug = models.SlugField()
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["course", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="lesson_slug_unique_in_course")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:lesson", args=[self.course.slug, self.slug])


class Exercise(Publishable, Scheduled):
    """A coding exercise: the student submits a module; `checks` judge how it behaves."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="exercises")
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    prompt = models.TextField(help_text="Markdown.")
    starter_code = models.TextField(blank=True)
    checks = models.TextField(help_text="Python: the scenario to run and the checks to judge it.")
    tasks = models.TextField(
        blank=True,
        help_text="Python (stdlib only), importable in the job as exercise_tasks: trusted "
        "tasks passed to the student's functions, reference implementations.",
    )
    reference_solution = models.TextField(blank=True)
    limits = models.JSONField(
        default=dict, blank=True, help_text="Overrides of the sandbox limits, e.g. wall_seconds."
    )
    points = models.PositiveIntegerField(default=10)
    schedules = models.PositiveSmallIntegerField(
        default=3, help_text="Schedules to explore (seeded perturbations) before accepting."
    )
    order = models.PositiveIntegerField(default=0)
    topic = models.CharField(max_length=200, blank=True, help_text="The concept it practises.")
    hints = models.JSONField(
        default=list, blank=True, help_text="Hints shown one after the other, gentlest first."
    )
    notes = models.TextField(blank=True, help_text="For authors only; never shown to students.")
    # Other correct solutions, and wrong ones that must fail: {file name: code}.
    solutions = models.JSONField(default=dict, blank=True)
    wrong_solutions = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["lesson__course", "lesson__order", "order", "id"]

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        return reverse("courses:exercise", args=[self.slug])


class Asset(models.Model):
    """A file a course's Markdown refers to as media/<name> (a diagram in SVG)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="assets")
    name = models.CharField(max_length=100)
    content = models.TextField()

    class Meta:
        ordering = ["course", "name"]
        constraints = [
            models.UniqueConstraint(fields=["course", "name"], name="asset_name_unique_in_course")
        ]

    def __str__(self) -> str:
        return f"{self.course.slug}/media/{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("courses:asset", args=[self.course.slug, self.name])


class LessonRead(models.Model):
    """A student opened a lesson: the course page shows it as read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="reads")
    first_read = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="lesson_read_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.lesson}"
