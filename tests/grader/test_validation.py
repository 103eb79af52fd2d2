"""Validating an exercise through the real grader, and the rule it enforces on publishing."""

import pytest

from courses.models import Exercise
from grader import validation
from grader.models import Validation

from ..conftest import logged_in
from .conftest import require_sandbox

WRONG = "def run_in_child(target, args):\n    target(*args)\n    return 0\n"


@pytest.fixture
def exercise(course) -> Exercise:
    """run-in-child as a draft, with one wrong solution that fails as it must."""
    exercise = Exercise.objects.get(slug="run-in-child")
    exercise.published = False
    exercise.solutions = {}
    exercise.wrong_solutions = {"in_process.py": WRONG}
    exercise.save()
    return exercise


def validate_now(exercise, user=None) -> Validation:
    """What the worker does with a queued validation, here in the test's process."""
    queued = Validation.objects.create(
        exercise=exercise, requested_by=user, fingerprint=validation.fingerprint(exercise)
    )
    return validation.run(queued.pk)


def test_a_sound_exercise_validates_file_by_file(exercise):
    require_sandbox()
    done = validate_now(exercise)
    assert done.status == "done" and done.ok
    assert [(r["file"], r["expected"], r["passed"], r["ok"]) for r in done.results] == [
        ("solution.py", "pass", True, True),
        ("wrong/in_process.py", "fail", False, True),
    ]
    assert done.results[1]["failed_check"] == "runs the target in a new process"
    assert validation.publishable(exercise) == (True, "")


def test_a_wrong_solution_that_passes_fails_the_validation(exercise):
    require_sandbox()
    exercise.wrong_solutions = {"actually_right.py": exercise.reference_solution}
    exercise.save()
    done = validate_now(exercise)
    assert done.status == "done" and not done.ok
    ok, why = validation.publishable(exercise)
    assert not ok and "wrong/actually_right.py" in why


def test_publishing_needs_a_validation_of_the_exercise_as_it_is(exercise):
    assert validation.publishable(exercise) == (
        False,
        "it has not been validated: validate it first",
    )
    Validation.objects.create(
        exercise=exercise, fingerprint=validation.fingerprint(exercise), status="done", ok=True
    )
    assert validation.publishable(exercise)[0]
    assert validation.publishable(exercise, {"checks": exercise.checks + "\n# changed\n"}) == (
        False,
        "it changed since its last validation: validate it again",
    )


def admin_form(client, exercise) -> dict:
    """The exercise's admin form as the browser would post it back, unchanged."""
    page = client.get(f"/admin/courses/exercise/{exercise.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: "" if v is None else v for k, v in data.items() if v is not False}
    data.update({
        "validations-TOTAL_FORMS": "0", "validations-INITIAL_FORMS": "0",
        "validations-MIN_NUM_FORMS": "0", "validations-MAX_NUM_FORMS": "0",
    })  # fmt: skip
    return data


def test_the_admin_refuses_to_publish_an_unvalidated_exercise(client, teacher, exercise):
    teacher.is_superuser = True
    teacher.save()
    logged_in(client, teacher)
    data = admin_form(client, exercise) | {"published": "on"}
    response = client.post(f"/admin/courses/exercise/{exercise.pk}/change/", data)
    assert response.status_code == 200  # the form again, with the error
    assert "It cannot be published: it has not been validated" in response.content.decode()
    exercise.refresh_from_db()
    assert not exercise.published
    Validation.objects.create(
        exercise=exercise, fingerprint=validation.fingerprint(exercise), status="done", ok=True
    )
    response = client.post(f"/admin/courses/exercise/{exercise.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    exercise.refresh_from_db()
    assert exercise.published


def test_the_validate_button_queues_a_validation(
    client, teacher, exercise, django_capture_on_commit_callbacks
):
    teacher.is_superuser = True
    teacher.save()
    logged_in(client, teacher)
    with django_capture_on_commit_callbacks() as callbacks:  # the task is not sent here
        response = client.post(f"/admin/courses/exercise/{exercise.pk}/validate/")
    assert response.status_code == 302
    queued = Validation.objects.get()
    assert queued.status == "queued" and queued.requested_by == teacher and len(callbacks) == 1
    assert client.get(f"/admin/courses/exercise/{exercise.pk}/validate/").status_code == 302
    assert Validation.objects.count() == 1  # a GET queues nothing


def test_students_never_reach_the_admin(student_client, exercise):
    response = student_client.get(f"/admin/courses/exercise/{exercise.pk}/change/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    student_client.post(f"/admin/courses/exercise/{exercise.pk}/validate/")
    assert not Validation.objects.exists()


def test_code_saved_in_the_admin_keeps_its_lines_and_loses_the_browsers_crlf(
    client, teacher, exercise
):
    teacher.is_superuser = True
    teacher.save()
    logged_in(client, teacher)
    data = admin_form(client, exercise) | {"starter_code": "\r\ndef f():\r\n    ...\r\n\r\n"}
    assert client.post(f"/admin/courses/exercise/{exercise.pk}/change/", data).status_code == 302
    exercise.refresh_from_db()
    assert exercise.starter_code == "\ndef f():\n    ...\n\n"
