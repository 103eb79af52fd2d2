"""Who may open which page."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .models import Course

INSTRUCTORS = "Instructors"  # the group with the admin permissions instructors need


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Instructors' pages: staff only. Anyone else logged in gets a 404, as for a page that
    does not exist (a 403 would tell students what there is to find)."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_staff:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapped


def taught_by(user) -> QuerySet[Course]:
    """The courses `user` instructs: every one for a superuser, none for a student."""
    if getattr(user, "is_superuser", False):
        return Course.objects.all()
    if not getattr(user, "is_staff", False):
        return Course.objects.none()
    return Course.objects.filter(instructors=user)


def taught_course(user, slug: str) -> Course:
    """A course `user` instructs, else a 404 (another course's grades are not theirs)."""
    return get_object_or_404(taught_by(user), slug=slug)


class TaughtCoursesOnly:
    """An admin mixin: an instructor lists and edits only what belongs to courses they teach.

    `course_path` leads from the model to its course ("" for a course itself).
    """

    course_path = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        if request.user.is_superuser:
            return queryset
        field = f"{self.course_path}__in" if self.course_path else "pk__in"
        return queryset.filter(**{field: taught_by(request.user)})

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        # Only their own courses and lessons to choose from.
        if not request.user.is_superuser and db_field.name in ("course", "lesson"):
            related = db_field.related_model.objects.all()
            path = "pk__in" if db_field.name == "course" else "course__in"
            kwargs["queryset"] = related.filter(**{path: taught_by(request.user)})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
