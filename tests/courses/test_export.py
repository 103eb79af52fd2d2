"""export_course writes the layout import_course reads; a round trip gives the same bytes."""

from pathlib import Path

from django.core.management import call_command

from courses.models import Course, Exercise
from courses.services import import_course

from ..conftest import CONTENT

BUILT_IN = CONTENT / "processes"
NOT_EXPORTED = ("drafts/",)  # exercises being built are not part of the course


def files_under(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and not str(path.relative_to(directory)).startswith(NOT_EXPORTED)
    }


def test_the_built_in_course_round_trips_byte_for_byte(db, tmp_path):
    import_course(BUILT_IN)
    call_command("export_course", "processes", str(tmp_path))
    exported, source = files_under(tmp_path), files_under(BUILT_IN)
    assert sorted(exported) == sorted(source)
    different = [name for name in source if exported[name] != source[name]]
    assert different == [], "not in the canonical form (export the course to rewrite them)"


def test_an_edited_course_exports_what_was_changed_and_reimports_the_same(db, tmp_path):
    import_course(BUILT_IN)
    exercise = Exercise.objects.get(slug="run-in-child")
    exercise.hints = ["First: look at `Process`.", "Second:\ntwo lines."]
    exercise.save()
    call_command("export_course", "processes", str(tmp_path / "one"))
    text = (tmp_path / "one" / "exercises" / "run-in-child" / "exercise.yaml").read_text()
    assert "- 'First: look at `Process`.'\n- |-\n  Second:\n  two lines.\n" in text
    Course.objects.all().delete()
    import_course(tmp_path / "one")
    call_command("export_course", "processes", str(tmp_path / "two"))
    assert files_under(tmp_path / "one") == files_under(tmp_path / "two")


def test_exporting_an_unknown_course_is_an_error(db, tmp_path):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no course 'nope'"):
        call_command("export_course", "nope", str(tmp_path))
