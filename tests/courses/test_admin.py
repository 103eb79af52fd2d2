"""Authoring in the admin: text saved as written."""

from ..conftest import logged_in


def test_a_lesson_saved_in_the_admin_keeps_its_text_as_written(client, teacher, course):
    from courses.models import Lesson

    teacher.is_superuser = True
    teacher.save()
    lesson = Lesson.objects.get(slug="process-states")
    logged_in(client, teacher)
    form = client.get(f"/admin/courses/lesson/{lesson.pk}/change/").context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: "" if v is None else v for k, v in data.items() if v is not False}
    data |= {"body": "Text\r\n\r\n```python\r\nx = 1\r\n```\r\n", "published": "on"}
    data |= {"exercises-TOTAL_FORMS": "0", "exercises-INITIAL_FORMS": "0"}
    response = client.post(f"/admin/courses/lesson/{lesson.pk}/change/", data)
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.body == "Text\n\n```python\nx = 1\n```\n"  # final newline kept, no CR
