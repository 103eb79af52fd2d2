"""Diagrams: imported from media/, served as SVG that cannot run scripts, shown in lessons."""

from pathlib import Path

import pytest

from courses.content import ContentError
from courses.models import Asset
from courses.services import import_course

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>t</title></svg>\n'


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    (tmp_path / "course.yaml").write_text("slug: c\ntitle: C\n")
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "01-intro.md").write_text(
        "---\ntitle: Intro\n---\n![A drawing](media/tree.svg)\n"
    )
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "tree.svg").write_text(SVG)
    return tmp_path


def test_a_lesson_shows_its_diagram_served_as_a_script_free_svg(student_client, course_dir):
    import_course(course_dir)
    page = student_client.get("/courses/c/intro/").content.decode()
    assert '<img alt="A drawing" src="/courses/c/media/tree.svg"' in page
    response = student_client.get("/courses/c/media/tree.svg")
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response.content.decode() == SVG


def test_media_needs_a_login_and_an_existing_name(client, student_client, course_dir):
    import_course(course_dir)
    assert student_client.get("/courses/c/media/none.svg").status_code == 404
    student_client.logout()
    assert client.get("/courses/c/media/tree.svg").status_code == 302


@pytest.mark.parametrize(
    "bad",
    [
        "<script>alert(1)</script>",
        '<rect onclick="alert(1)"/>',
        '<image href="http://example.com/x.png"/>',
        "<foreignObject><p>x</p></foreignObject>",
    ],
)
def test_a_diagram_with_scripts_or_outside_references_is_refused(db, course_dir, bad):
    (course_dir / "media" / "tree.svg").write_text(SVG.replace("<title>", f"\n{bad}<title>"))
    with pytest.raises(ContentError, match=r"tree\.svg, line 2: .*no scripts"):
        import_course(course_dir)
    assert not Asset.objects.exists()


def test_a_diagram_removed_from_the_files_is_removed_on_reimport(db, course_dir):
    import_course(course_dir)
    (course_dir / "media" / "tree.svg").unlink()
    _, changes = import_course(course_dir)
    assert changes.removed == ["media tree.svg"] and not Asset.objects.exists()
