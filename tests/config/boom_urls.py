"""URLs that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path


def boom(request):
    raise RuntimeError("on purpose")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("boom", boom),
    path("forbidden", forbidden),
    path("", include("config.urls")),
]
