"""Instructors reach only the courses they teach; students never reach the admin."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from courses.permissions import INSTRUCTORS
from courses.roles import PERMISSIONS, make_instructor

from ..conftest import logged_in
from ..factories import ExerciseFactory, SubmissionFactory, UserFactory


@pytest.fixture
def two_courses(db):
    mine, theirs = ExerciseFactory(slug="mine"), ExerciseFactory(slug="theirs")
    SubmissionFactory(exercise=mine, code="# mine\n")
    SubmissionFactory(exercise=theirs, code="# theirs\n")
    return mine, theirs


@pytest.fixture
def instructor(two_courses):
    user = UserFactory(username="instructor")
    make_instructor(user, two_courses[0].lesson.course)
    return user


def test_an_instructor_lists_and_opens_only_their_courses_items(client, instructor, two_courses):
    mine, theirs = two_courses
    logged_in(client, instructor)
    listing = client.get("/admin/courses/exercise/").content.decode()
    assert "mine" in listing and "theirs" not in listing
    assert client.get(f"/admin/courses/exercise/{mine.pk}/change/").status_code == 200
    response = client.get(f"/admin/courses/exercise/{theirs.pk}/change/")
    assert response.status_code == 302  # the admin's "does not exist" redirect
    submissions = client.get("/admin/grader/submission/").content.decode()
    assert submissions.count("/admin/grader/submission/") >= 1
    assert f"/admin/grader/submission/{theirs.submissions.get().pk}/" not in submissions


def test_an_instructor_sees_only_their_grade_books(client, instructor, two_courses):
    mine, theirs = two_courses
    logged_in(client, instructor)
    assert client.get(f"/courses/{mine.lesson.course.slug}/gradebook/").status_code == 200
    assert client.get(f"/courses/{theirs.lesson.course.slug}/gradebook/").status_code == 404
    assert client.get(f"/exercises/{theirs.slug}/statistics/").status_code == 404


def test_staff_who_teach_nothing_see_no_grade_book(client, two_courses):
    staff = UserFactory(username="staff", is_staff=True)
    logged_in(client, staff)
    assert client.get(f"/courses/{two_courses[0].lesson.course.slug}/gradebook/").status_code == 404


def test_the_instructors_group_has_exactly_the_listed_permissions(db):
    call_command("migrate", verbosity=0)  # post_migrate keeps the group up to date
    group = Group.objects.get(name=INSTRUCTORS)
    codes = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    wanted = {
        f"{app}.{action}_{model}"
        for app, models in PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    }
    assert codes == wanted and "courses.delete_course" not in codes


def test_make_instructor_command(db, two_courses, capsys):
    UserFactory(username="newcomer")
    call_command("make_instructor", "newcomer", two_courses[0].lesson.course.slug)
    course = two_courses[0].lesson.course
    assert course.instructors.filter(username="newcomer").exists()
    assert "now instructs" in capsys.readouterr().out
