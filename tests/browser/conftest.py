"""A real browser (Debian's chromium, headless, driven by Playwright) on a live server."""

import shutil
from pathlib import Path

import pytest

from ..conftest import require
from ..grader.conftest import require_sandbox
from ..integration.conftest import running_worker

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"


@pytest.fixture
def browser(monkeypatch):
    """Per test, so that Playwright's event loop (and the setting it needs) ends with it."""
    require(
        "chromium", Path(CHROMIUM).exists(), "apt-get install chromium (make test does, as root)"
    )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own database
    # calls are synchronous and safe here. Only for this test: the variable must reach
    # nothing else (check --deploy refuses it, rightly).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def shoot():
    """Save a screenshot of a page, for people to look at (tests/artifacts/screenshots/)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> None:
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return save


@pytest.fixture
def grading_worker(transactional_db, redis_url, tmp_path):
    """A real Celery worker grading for the live server, on its test database."""
    require_sandbox()
    with running_worker(redis_url, tmp_path) as (process, _log, _name):
        yield process
