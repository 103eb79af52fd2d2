"""Roles: instructors author and follow their own courses; students never reach the admin.

An instructor is a staff user in the Instructors group (the admin permissions below)
and in the `instructors` of each course they teach; the admin shows them only those
courses' lessons, exercises, quizzes and submissions (courses/admin.py).
"""

from django.contrib.auth.models import Group, Permission

from .permissions import INSTRUCTORS

# app label -> model -> actions
PERMISSIONS = {
    "courses": {
        "course": ("view", "change"),
        "lesson": ("view", "add", "change", "delete"),
        "exercise": ("view", "add", "change", "delete"),
        "asset": ("view", "add", "change", "delete"),
    },
    "quizzes": {
        "quiz": ("view", "add", "change", "delete"),
        "question": ("view", "add", "change", "delete"),
        "attempt": ("view",),
    },
    "grader": {
        "submission": ("view",),
        "validation": ("view",),
        "regrade": ("view",),
    },
}


def ensure_instructors_group(**kwargs) -> Group:
    """Create or update the Instructors group with exactly the permissions listed."""
    group, _ = Group.objects.get_or_create(name=INSTRUCTORS)
    wanted = [
        (app, f"{action}_{model}")
        for app, models in PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    ]
    found = Permission.objects.filter(
        content_type__app_label__in=PERMISSIONS, codename__in=[code for _, code in wanted]
    ).select_related("content_type")
    group.permissions.set(p for p in found if (p.content_type.app_label, p.codename) in wanted)
    return group


def make_instructor(user, course) -> None:
    """Staff, in the Instructors group, and one of the course's instructors."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(ensure_instructors_group())
    course.instructors.add(user)
