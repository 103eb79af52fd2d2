from django.contrib import admin

from .models import Attempt, Question, Quiz


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["order", "key", "kind", "prompt", "data", "explanation"]


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["title", "lesson"]
    search_fields = ["title", "lesson__title"]
    inlines = [QuestionInline]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["quiz", "user", "score", "created"]
    list_filter = ["quiz"]
    search_fields = ["user__username"]
    readonly_fields = ["quiz", "user", "answers", "scores", "score", "created"]
