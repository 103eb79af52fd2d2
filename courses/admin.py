from django.contrib import admin

from .models import Course, Exercise, Lesson


class LessonInline(admin.TabularInline):
    model = Lesson
    fields = ("order", "slug", "title")
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "slug")
    search_fields = ("title", "slug")
    inlines = [LessonInline]


class ExerciseInline(admin.StackedInline):
    model = Exercise
    fields = ("order", "slug", "title", "points")
    extra = 0


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("title", "course", "order")
    list_filter = ("course",)
    search_fields = ("title", "body")
    inlines = [ExerciseInline]


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ("slug", "title", "lesson", "points")
    list_filter = ("lesson__course",)
    search_fields = ("slug", "title")
