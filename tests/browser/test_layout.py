"""Every student page fits a phone's width (no sideways scrolling of the page) and keeps its
form fields labelled; screenshots at that width are saved for people to look at."""

from playwright.sync_api import expect

from grader.models import Submission

from ..factories import PASSWORD, SubmissionFactory
from ..grader.test_api import VERDICT


def test_student_pages_fit_a_phone(live_server, browser, student, course, shoot):
    exercise = course.lessons.get(slug="process-states").exercises.get(slug="observe-states")
    timeline = [
        {"pid": 1, "ppid": 0, "start": 0.0, "end": 1.2, "exit_code": 0, "signal": None,
         "cpu_seconds": 0.2, "output": [[0.5, "stdout", "R S Z"]]},
        {"pid": 2, "ppid": 1, "start": 0.1, "end": 1.1, "exit_code": 0, "signal": None,
         "cpu_seconds": 0.1, "output": []},
    ]  # fmt: skip
    submission = SubmissionFactory(
        student=student, exercise=exercise, status=Submission.Status.FAILED, score=0.5,
        verdict=VERDICT | {"timeline": timeline}, code="def observe_states():\n    return []\n",
    )  # fmt: skip
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(student.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    pages = {
        "course": "/courses/processes/",
        "lesson": "/courses/processes/process-states/",
        "quiz": "/courses/processes/process-states/quiz/",
        "exercise": exercise.get_absolute_url(),
        "submission": submission.get_absolute_url(),
    }
    for name, url in pages.items():
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"the {name} page scrolls sideways by {overflow}px on a phone"
        shoot(page, f"phone-{name}")
    page.goto(live_server.url + pages["exercise"])
    label = "Your solution (a Python module)"
    expect(page.locator("label[for=code]")).to_have_text(label)  # the textarea, without JS
    expect(page.locator(".cm-content")).to_have_attribute("aria-label", label)  # the editor
    context.close()
