"""An instructor authors an exercise in the admin, validates it through a real worker,
and publishes it, in a real browser; a student then finds it."""

import json
import time

from playwright.sync_api import expect

from courses.models import Exercise

from ..factories import PASSWORD

CHECKS_FROM = "run-in-child"
WRONG = "def run_in_child(target, args):\n    target(*args)\n    return 0\n"


def test_an_instructor_authors_validates_and_publishes_an_exercise(
    live_server,
    grading_worker,
    teacher,
    student,
    course,
    browser,
    shoot,
):
    teacher.is_superuser = True
    teacher.save()
    model = Exercise.objects.get(slug=CHECKS_FROM)
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", teacher.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    page.goto(f"{live_server.url}/admin/courses/exercise/add/")
    page.select_option("#id_lesson", label=str(model.lesson))
    page.fill("#id_slug", "child-exit-code")
    page.fill("#id_title", "Exit code of a child")
    page.uncheck("#id_published")  # a draft until validated
    page.fill("#id_prompt", "Write `run_in_child(target, args)`.")
    page.fill("#id_checks", model.checks)
    page.fill("#id_reference_solution", model.reference_solution)
    page.fill("#id_solutions", "{}")
    page.fill("#id_wrong_solutions", json.dumps({"in_process.py": WRONG}))
    page.fill("#id_limits", json.dumps(model.limits))
    page.fill("#id_hints", "[]")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    shoot(page, "admin-1-new-exercise")

    page.get_by_role("button", name="Validate").click()
    expect(page.locator(".messagelist")).to_contain_text("Validation queued")
    deadline = time.monotonic() + 120
    while "✔ wrong/in_process.py" not in page.content():
        assert time.monotonic() < deadline, "the validation did not finish"
        time.sleep(2)
        page.reload()
    expect(page.locator("#validations-group")).to_contain_text("✔ solution.py: passed")
    shoot(page, "admin-2-validated")

    page.check("#id_published")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Exercise.objects.get(slug="child-exit-code").published

    student_page = browser.new_context().new_page()
    student_page.goto(f"{live_server.url}/accounts/login/")
    student_page.get_by_label("Username").fill(student.username)
    student_page.get_by_label("Password").fill(PASSWORD)
    student_page.get_by_role("button", name="Log in").click()
    student_page.goto(f"{live_server.url}{model.lesson.get_absolute_url()}")
    expect(student_page.get_by_role("link", name="Exit code of a child")).to_be_visible()
    shoot(student_page, "admin-3-student-sees-it")
