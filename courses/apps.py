from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoursesConfig(AppConfig):
    name = "courses"

    def ready(self) -> None:
        from .roles import ensure_instructors_group

        # After every migrate, when the permissions exist: the group stays up to date.
        post_migrate.connect(ensure_instructors_group, dispatch_uid="instructors-group")
