from django.contrib import admin

from courses.permissions import TaughtCoursesOnly

from .models import Attempt, Question, Quiz


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["order", "key", "kind", "prompt", "data", "explanation"]


@admin.register(Quiz)
class QuizAdmin(TaughtCoursesOnly, admin.ModelAdmin):
    course_path = "lesson__course"

    list_display = ["title", "lesson"]
    search_fields = ["title", "lesson__title"]
    inlines = [QuestionInline]


@admin.register(Attempt)
class AttemptAdmin(TaughtCoursesOnly, admin.ModelAdmin):
    course_path = "quiz__lesson__course"

    list_display = ["quiz", "user", "score", "created"]
    list_filter = ["quiz"]
    search_fields = ["user__username"]
    readonly_fields = ["quiz", "user", "answers", "scores", "score", "created"]
