from pathlib import Path

import pytest
from django.core.management import call_command

from courses.content import ContentError, read_course, read_exercise
from courses.models import Course, Exercise, Lesson

from ..conftest import CONTENT


def test_import_course_loads_lessons_in_order_and_exercises(db, capsys):
    call_command("import_course")
    course = Course.objects.get(slug="processes")
    listed = read_course(CONTENT / "processes").lessons
    assert [lesson.slug for lesson in course.lessons.all()] == [lesson.slug for lesson in listed]
    assert [lesson.order for lesson in course.lessons.all()] == list(range(1, len(listed) + 1))
    exercise = Exercise.objects.get(slug="run-in-child")
    assert "def run_in_child" in exercise.starter_code
    assert "CALLS" in exercise.checks and exercise.limits == {"wall_seconds": 20}
    assert exercise.schedules == 1
    assert "Imported processes" in capsys.readouterr().out


def test_import_is_idempotent_and_keeps_ids(db):
    call_command("import_course")
    ids = set(Exercise.objects.values_list("id", flat=True))
    call_command("import_course")
    assert set(Exercise.objects.values_list("id", flat=True)) == ids
    assert Lesson.objects.count() == len(read_course(CONTENT / "processes").lessons)


def test_an_exercise_naming_an_unknown_lesson_is_refused(tmp_path: Path):
    (tmp_path / "course.yaml").write_text("slug: c\ntitle: C\nlessons: []\n")
    exercise = tmp_path / "exercises" / "e"
    exercise.mkdir(parents=True)
    (exercise / "exercise.yaml").write_text("slug: e\ntitle: E\nlesson: nowhere\n")
    (exercise / "prompt.md").write_text("p")
    (exercise / "checks.py").write_text("CALLS = []")
    (exercise / "solution.py").write_text("")
    with pytest.raises(ContentError, match="unknown lesson 'nowhere'"):
        read_course(tmp_path)


def test_the_built_in_course_reads_cleanly():
    course = read_course(CONTENT / "processes")
    assert course.slug == "processes"
    assert {e.slug for e in course.exercises} >= {"run-in-child"}


def write_lesson(directory: Path, name: str, title: str = "T") -> None:
    (directory / "lessons").mkdir(parents=True, exist_ok=True)
    (directory / "lessons" / name).write_text(f"---\ntitle: {title}\n---\nBody\n")


def test_lessons_are_ordered_by_their_file_numbers(tmp_path: Path):
    (tmp_path / "course.yaml").write_text("slug: c\ntitle: C\n")
    write_lesson(tmp_path, "10-later.md")
    write_lesson(tmp_path, "02-first.md")
    lessons = read_course(tmp_path).lessons
    assert [(lesson.slug, lesson.order) for lesson in lessons] == [("first", 1), ("later", 2)]


def test_a_lesson_file_without_its_number_is_refused_by_name(tmp_path: Path):
    (tmp_path / "course.yaml").write_text("slug: c\ntitle: C\n")
    write_lesson(tmp_path, "intro.md")
    with pytest.raises(ContentError, match=r"intro\.md: a lesson file is named NN-slug\.md"):
        read_course(tmp_path)


def test_a_course_listing_other_lessons_than_its_files_is_refused(tmp_path: Path):
    (tmp_path / "course.yaml").write_text("slug: c\ntitle: C\nlessons: [b, a]\n")
    write_lesson(tmp_path, "01-a.md")
    write_lesson(tmp_path, "02-b.md")
    with pytest.raises(ContentError, match=r"course\.yaml: lessons lists \['b', 'a'\]"):
        read_course(tmp_path)


def test_an_exercise_file_with_an_unknown_field_is_refused_by_name(tmp_path: Path):
    exercise = tmp_path / "e"
    exercise.mkdir()
    (exercise / "exercise.yaml").write_text("slug: e\ntitle: E\nlesson: l\nhint: singular\n")
    with pytest.raises(ContentError, match=r"e/exercise\.yaml: unknown field\(s\): hint"):
        read_exercise(exercise)


def test_an_exercise_whose_slug_is_not_its_folder_is_refused(tmp_path: Path):
    exercise = tmp_path / "e"
    exercise.mkdir()
    (exercise / "exercise.yaml").write_text("slug: f\ntitle: E\nlesson: l\n")
    with pytest.raises(ContentError, match="slug must be 'e', the folder's name"):
        read_exercise(exercise)


def test_a_lesson_with_broken_front_matter_names_the_file(tmp_path: Path):
    (tmp_path / "course.yaml").write_text("slug: c\ntitle: C\n")
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "01-a.md").write_text("---\ntitle: [unclosed\n---\nBody\n")
    with pytest.raises(ContentError, match=r"01-a\.md: front matter"):
        read_course(tmp_path)
