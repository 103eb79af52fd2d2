"""Fixtures for the usual cast and the real services the tests run against."""

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from courses.models import Exercise
from courses.services import import_course

from .factories import PASSWORD, UserFactory

CONTENT = Path(settings.BASE_DIR) / "content"
IN_CI = os.environ.get("CI", "").lower() == "true"


def require(service: str, available: bool, how: str) -> None:
    """Skip a test whose service is missing, except in CI, where that is a failure."""
    if available:
        return
    message = f"{service} is not available: {how}"
    if IN_CI:
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


def redis_reachable() -> bool:
    url = urlparse(settings.REDIS_URL)
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), 1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_url():
    require("Redis", redis_reachable(), f"nothing answers at {settings.REDIS_URL}")
    return settings.REDIS_URL


@pytest.fixture
def student(db):
    return UserFactory(username="student")


@pytest.fixture
def other_student(db):
    return UserFactory(username="other")


@pytest.fixture
def teacher(db):
    return UserFactory(username="teacher", is_staff=True)


def logged_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def student_client(client, student):
    return logged_in(client, student)


@pytest.fixture
def api(student):
    client = APIClient()
    client.force_authenticate(student)
    return client


@pytest.fixture
def course(db):
    course, _ = import_course(CONTENT / "processes")
    return course


@pytest.fixture
def run_in_child(course) -> Exercise:
    return Exercise.objects.get(slug="run-in-child")
