from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html_join

from courses.forms import AuthoredForm
from courses.permissions import TaughtCoursesOnly
from courses.rendering import render_markdown

from . import keycheck
from .models import Attempt, Question, Quiz


class QuestionInline(admin.StackedInline):
    model = Question
    form = AuthoredForm
    extra = 0
    fields = ["order", "key", "kind", "prompt", "preview", "data", "explanation", "key_result"]
    readonly_fields = ["preview", "key_result"]

    @admin.display(description="Prompt as students see it")
    def preview(self, question: Question) -> str:
        return render_markdown(question.prompt)

    @admin.display(description="Answer key check")
    def key_result(self, question: Question) -> str:
        if question.kind != "outputs":
            return "—"
        found = question.key_check or {}
        if not found:
            return "not checked yet"
        if found.get("fingerprint") != keycheck.fingerprint(question.data):
            return "checked before the last change: check again"
        if found.get("problems"):
            return format_html_join("", "<div>✘ {}</div>", ((p,) for p in found["problems"]))
        return f"✔ agrees with {found['runs']} runs"


class QuizForm(AuthoredForm):
    class Meta:
        model = Quiz
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("published") and self.instance.pk:
            ok, why = keycheck.keys_verified(self.instance)
            if not ok:
                self.add_error("published", f"It cannot be published: {why}.")
        return cleaned


@admin.register(Quiz)
class QuizAdmin(TaughtCoursesOnly, admin.ModelAdmin):
    course_path = "lesson__course"

    form = QuizForm
    list_display = ["title", "lesson", "published"]
    list_filter = ["published", "lesson__course"]
    search_fields = ["title", "lesson__title"]
    inlines = [QuestionInline]
    actions = ["check_keys"]

    @admin.action(description="Check the answer keys of 'possible outputs' questions")
    def check_keys(self, request: HttpRequest, queryset) -> None:
        count = sum(keycheck.request_check(quiz) for quiz in queryset)
        self.message_user(request, f"{count} answer key check(s) queued; results on each quiz.")


@admin.register(Attempt)
class AttemptAdmin(TaughtCoursesOnly, admin.ModelAdmin):
    course_path = "quiz__lesson__course"

    list_display = ["quiz", "user", "score", "created"]
    list_filter = ["quiz"]
    search_fields = ["user__username"]
    readonly_fields = ["quiz", "user", "answers", "scores", "score", "created"]
