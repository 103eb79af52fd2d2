from django.apps import AppConfig


class GraderConfig(AppConfig):
    name = "grader"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the worker's start-up checks
