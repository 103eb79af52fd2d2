from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from grader import regrading, validation
from grader.models import Validation

from .forms import AuthoredForm
from .models import Asset, Course, Exercise, Lesson
from .permissions import TaughtCoursesOnly
from .rendering import render_markdown


class LessonInline(admin.TabularInline):
    model = Lesson
    form = AuthoredForm
    fields = ("order", "slug", "title", "published")
    extra = 0


@admin.register(Course)
class CourseAdmin(TaughtCoursesOnly, admin.ModelAdmin):
    course_path = ""
    form = AuthoredForm
    filter_horizontal = ("instructors",)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # Who teaches a course is the superusers' decision (or make_instructor's).
        return () if request.user.is_superuser else ("instructors",)

    list_display = ("title", "slug", "published", "quiz_scoring")
    list_filter = ("published",)
    search_fields = ("title", "slug")
    inlines = [LessonInline]


class ExerciseInline(admin.TabularInline):
    model = Exercise
    form = AuthoredForm
    fields = ("order", "slug", "title", "points", "published")
    extra = 0
    show_change_link = True


@admin.register(Lesson)
class LessonAdmin(TaughtCoursesOnly, admin.ModelAdmin):
    course_path = "course"
    form = AuthoredForm

    list_display = ("title", "course", "order", "published")
    list_filter = ("course", "published")
    search_fields = ("title", "body")
    readonly_fields = ("preview",)
    inlines = [ExerciseInline]

    @admin.display(description="Preview")
    def preview(self, lesson: Lesson) -> str:
        return render_markdown(lesson.body)


class ExerciseForm(AuthoredForm):
    """Publishing needs a passing validation of the exercise as it is being saved."""

    class Meta:
        model = Exercise
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("published"):
            return cleaned
        if not self.instance.pk:
            self.add_error("published", "Save it as a draft, validate it, then publish it.")
            return cleaned
        changes = {name: cleaned[name] for name in validation.GRADED if name in cleaned}
        ok, why = validation.publishable(self.instance, changes)
        if not ok:
            self.add_error("published", f"It cannot be published: {why}.")
        return cleaned


class ValidationInline(admin.TabularInline):
    model = Validation
    fields = ("created", "requested_by", "status", "ok", "summary")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ("-created",)

    @admin.display(description="Per file")
    def summary(self, item: Validation) -> str:
        if item.error:
            return item.error
        return format_html_join(
            "",
            "<div>{} {}: {} (expected to {}){}</div>",
            (
                (
                    "✔" if r["ok"] else "✘",
                    r["file"],
                    "passed" if r["passed"] else "failed",
                    r["expected"],
                    f" — first failed: {r['failed_check']}" if r["failed_check"] else "",
                )
                for r in item.results
            ),
        )


@admin.register(Exercise)
class ExerciseAdmin(TaughtCoursesOnly, admin.ModelAdmin):
    course_path = "lesson__course"

    form = ExerciseForm
    list_display = ("slug", "title", "lesson", "points", "published", "due_at")
    list_filter = ("lesson__course", "published")
    search_fields = ("slug", "title", "prompt")
    readonly_fields = ("prompt_preview",)
    inlines = [ValidationInline]
    actions = ["validate", "regrade"]
    change_form_template = "admin/courses/exercise/change_form.html"
    fieldsets = (
        (None, {"fields": ("lesson", "slug", "title", "order", "published", "points")}),
        (
            "For students",
            {"fields": ("topic", "prompt", "prompt_preview", "starter_code", "hints")},
        ),
        (
            "Grading",
            {
                "fields": (
                    "checks", "tasks", "limits", "schedules", "reference_solution", "solutions",
                    "wrong_solutions",
                )
            },
        ),
        (
            "Deadlines and attempts",
            {
                "fields": (
                    "opens_at", "due_at", "late_policy", "penalty_per_day", "penalty_cap",
                    "grace_minutes", "max_attempts",
                )
            },
        ),
        ("Notes", {"fields": ("notes",)}),
    )  # fmt: skip

    @admin.display(description="Prompt as students see it")
    def prompt_preview(self, exercise: Exercise) -> str:
        return render_markdown(exercise.prompt)

    @admin.action(description="Validate: grade the stored solutions with the real grader")
    def validate(self, request: HttpRequest, queryset) -> None:
        for exercise in queryset:
            validation.request_validation(exercise, request.user)
        self.message_user(
            request,
            f"{queryset.count()} validation(s) queued; their results appear on each exercise.",
        )

    @admin.action(description="Regrade every final submission (behind students' gradings)")
    def regrade(self, request: HttpRequest, queryset) -> None:
        for exercise in queryset:
            regrade = regrading.start_regrade(exercise, request.user)
            self.message_user(request, f"{exercise.slug}: {regrade.total} submission(s) queued.")

    def get_urls(self):
        own = [
            path(
                "<int:pk>/validate/",
                self.admin_site.admin_view(self.validate_one),
                name="courses_exercise_validate",
            )
        ]
        return own + super().get_urls()

    def validate_one(self, request: HttpRequest, pk: int) -> HttpResponseRedirect:
        """The Validate button of an exercise's page (POST only)."""
        exercise = get_object_or_404(self.get_queryset(request), pk=pk)  # theirs only
        if request.method != "POST" or not self.has_change_permission(request, exercise):
            messages.error(request, "Validate with the button on the exercise's page.")
        else:
            validation.request_validation(exercise, request.user)
            messages.success(
                request, "Validation queued: reload this page in a minute for its results."
            )
        return HttpResponseRedirect(reverse("admin:courses_exercise_change", args=[pk]))


@admin.register(Asset)
class AssetAdmin(TaughtCoursesOnly, admin.ModelAdmin):
    course_path = "course"

    list_display = ("name", "course")
    list_filter = ("course",)
    readonly_fields = ("drawing",)

    @admin.display(description="Drawing")
    def drawing(self, asset: Asset) -> str:
        return format_html(
            '<img src="{}" alt="" style="max-width:40rem">', asset.get_absolute_url()
        )
