"""Students see only what is published; instructors see drafts too, to preview them."""

import pytest

from courses.models import Course, Exercise, Lesson
from courses.services import import_course
from grader.models import Submission

from ..conftest import logged_in
from ..factories import ExerciseFactory, QuestionFactory


@pytest.fixture
def drafts(db):
    """A published course holding a draft lesson, a draft exercise and a draft quiz."""
    public = ExerciseFactory(title="Public exercise")
    course, lesson = public.lesson.course, public.lesson
    draft_exercise = ExerciseFactory(lesson=lesson, title="Draft exercise", published=False)
    draft_lesson = lesson.__class__.objects.create(
        course=course, slug="draft-lesson", title="Draft lesson", body="x", published=False
    )
    quiz = QuestionFactory(quiz__lesson=lesson, quiz__published=False).quiz
    return course, lesson, draft_exercise, draft_lesson, quiz


def test_a_student_sees_no_draft_anywhere(student_client, drafts):
    course, lesson, draft_exercise, draft_lesson, quiz = drafts
    page = student_client.get(course.get_absolute_url()).content.decode()
    assert "Public exercise" in page
    assert "Draft exercise" not in page and "Draft lesson" not in page and quiz.title not in page
    assert student_client.get(draft_exercise.get_absolute_url()).status_code == 404
    assert student_client.get(draft_lesson.get_absolute_url()).status_code == 404
    assert student_client.get(quiz.get_absolute_url()).status_code == 404
    assert (
        quiz.get_absolute_url()
        not in student_client.get(lesson.get_absolute_url()).content.decode()
    )


def test_a_student_cannot_submit_to_a_draft_by_page_or_api(student_client, api, drafts):
    draft_exercise = drafts[2]
    url = f"/exercises/{draft_exercise.slug}/submit"
    assert student_client.post(url, {"code": "x = 1\n"}).status_code == 404
    response = api.post(
        "/api/v1/submissions", {"exercise": draft_exercise.slug, "code": "x"}, format="json"
    )
    assert response.status_code == 400 and "no exercise" in response.json()["error"]
    assert draft_exercise.slug not in str(api.get("/api/v1/exercises").json())
    assert not Submission.objects.exists()


def test_an_unpublished_course_hides_everything_in_it(student_client, drafts):
    course, lesson = drafts[0], drafts[1]
    Course.objects.filter(pk=course.pk).update(published=False)
    assert course.title not in student_client.get("/").content.decode()
    assert student_client.get(course.get_absolute_url()).status_code == 404
    assert student_client.get(lesson.get_absolute_url()).status_code == 404
    public = Exercise.objects.get(title="Public exercise")
    assert student_client.get(public.get_absolute_url()).status_code == 404


def test_an_instructor_previews_drafts(client, teacher, drafts):
    course, _, draft_exercise, draft_lesson, quiz = drafts
    logged_in(client, teacher)
    page = client.get(course.get_absolute_url()).content.decode()
    assert "Draft exercise" in page and "Draft lesson" in page
    for url in (
        draft_exercise.get_absolute_url(),
        draft_lesson.get_absolute_url(),
        quiz.get_absolute_url(),
    ):
        assert client.get(url).status_code == 200


def test_published_false_in_the_files_imports_a_draft_and_exports_back(db, tmp_path):
    (tmp_path / "course.yaml").write_text("slug: c\ntitle: C\nlessons:\n- a\n")
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "01-a.md").write_text("---\ntitle: A\npublished: false\n---\nText\n")
    import_course(tmp_path)
    assert not Lesson.objects.get(slug="a").published
    from courses.export import course_files

    assert course_files(Course.objects.get())["lessons/01-a.md"] == (
        "---\ntitle: A\npublished: false\n---\nText\n"
    )
