"""A student's first session, in a real browser against a live server and a real worker:
log in, read a lesson, answer its quiz, submit a wrong solution from the editor, watch the
verdict arrive without a reload, read the failed check and the timeline, fix it, pass."""

from playwright.sync_api import expect

from ..factories import PASSWORD

WRONG = "def run_in_child(target, args):\n    target(*args)  # in my own process\n    return 0\n"


def replace_code(page, code: str) -> None:
    """Select everything in the editor and type `code` in its place."""
    editor = page.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)


def submit_and_wait(page, status: str) -> None:
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url("**/submissions/*/")
    page.evaluate("window.notReloaded = true")  # gone if the page reloads
    expect(page.locator("#status")).to_have_text(status, timeout=90_000)
    assert page.evaluate("window.notReloaded === true"), "the status changed by a reload"


def test_a_student_reads_answers_and_passes_an_exercise(
    live_server, grading_worker, student, course, page, shoot
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(student.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Processes and concurrency in Python").click()
    shoot(page, "1-course")

    page.get_by_role("link", name="Creating and ending processes").first.click()
    expect(page.locator("article.prose")).to_contain_text("fork")
    shoot(page, "2-lesson")

    page.get_by_role("link", name="Quiz").or_(page.locator("a[href$='/quiz/']")).first.click()
    first = page.locator("fieldset.question").first
    first.locator("input").first.check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.locator("h1")).to_contain_text("%")
    expect(page.locator(".explanation").first).not_to_be_empty()
    shoot(page, "3-quiz-attempt")

    page.goto(f"{live_server.url}/exercises/run-in-child/")
    expect(page.locator(".cm-editor")).to_be_visible()  # the editor replaced the textarea
    replace_code(page, WRONG)
    shoot(page, "4-exercise-editor")
    submit_and_wait(page, "Failed")
    checks = page.locator("ul.checks")
    expect(checks).to_contain_text("✘")
    expect(page.locator("figure.timeline svg")).to_be_visible()
    shoot(page, "5-failed-verdict")

    page.goto(f"{live_server.url}/exercises/run-in-child/")
    expect(page.locator(".cm-content")).to_contain_text("in my own process")  # last code
    replace_code(page, course.lessons.get(slug="creating-and-ending-processes")
                 .exercises.get(slug="run-in-child").reference_solution)  # fmt: skip
    submit_and_wait(page, "Passed")
    expect(page.locator("#score")).to_have_text("100%")
    shoot(page, "6-passed-verdict")

    page.goto(f"{live_server.url}/courses/processes/")
    expect(page.locator("#progress")).to_contain_text("1 of 8 lessons read")
    expect(page.locator("#progress")).to_contain_text("exercises passed")
    shoot(page, "7-progress")
