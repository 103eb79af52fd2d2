"""Importing quizzes with a course, and scoring attempts."""

import shutil
from pathlib import Path

import pytest

from courses.content import ContentError
from courses.models import Lesson
from courses.services import import_course
from quizzes.models import Attempt, Question, Quiz
from quizzes.services import submit_attempt

from ..factories import QuestionFactory

QUIZ = """\
lesson: intro
title: Intro quiz
questions:
  - id: one
    type: true_false
    prompt: A process is a program in execution.
    answer: true
    explanation: It is.
  - id: two
    type: text
    prompt: Which call creates a process on UNIX?
    accept: [fork]
    explanation: fork().
"""


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    (tmp_path / "course.yaml").write_text("slug: c\ntitle: C\n")
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "01-intro.md").write_text("---\ntitle: Intro\n---\nText\n")
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "intro.yaml").write_text(QUIZ)
    return tmp_path


def test_a_course_imports_with_its_quiz_and_reports_what_it_created(db, course_dir):
    course, changes = import_course(course_dir)
    quiz = Quiz.objects.get(lesson__course=course)
    assert [q.key for q in quiz.questions.all()] == ["one", "two"]
    assert "quiz intro: question two" in changes.created
    assert changes.report().startswith("5 created, 0 updated, 0 removed, 0 unchanged")


def test_reimport_updates_in_place_and_attempts_survive(db, course_dir, student):
    import_course(course_dir)
    quiz = Quiz.objects.get()
    attempt = submit_attempt(student, quiz, {"one": True, "two": "fork"})
    ids = set(Question.objects.values_list("id", flat=True))
    quiz_file = course_dir / "quizzes" / "intro.yaml"
    quiz_file.write_text(QUIZ.replace("accept: [fork]", "accept: [fork, clone]"))
    _, changes = import_course(course_dir)
    assert changes.updated == ["quiz intro: question two (data)"]
    assert changes.unchanged == 4
    assert set(Question.objects.values_list("id", flat=True)) == ids
    assert Attempt.objects.get() == attempt


def test_a_question_dropped_from_the_file_is_removed_and_reported(db, course_dir):
    import_course(course_dir)
    quiz_file = course_dir / "quizzes" / "intro.yaml"
    quiz_file.write_text(QUIZ[: QUIZ.index("  - id: two")])
    _, changes = import_course(course_dir)
    assert changes.removed == ["quiz intro: question two"]
    assert list(Question.objects.values_list("key", flat=True)) == ["one"]


def test_a_malformed_quiz_imports_nothing_at_all(db, course_dir):
    (course_dir / "quizzes" / "intro.yaml").write_text(
        QUIZ.replace("answer: true", "answer: maybe")
    )
    with pytest.raises(ContentError, match=r"intro\.yaml, line 4: question 1: one: answer"):
        import_course(course_dir)
    assert not Lesson.objects.exists() and not Quiz.objects.exists()


def test_a_quiz_for_an_unknown_lesson_is_refused(db, course_dir):
    shutil.move(course_dir / "quizzes" / "intro.yaml", course_dir / "quizzes" / "other.yaml")
    path = course_dir / "quizzes" / "other.yaml"
    path.write_text(QUIZ.replace("lesson: intro", "lesson: outro"))
    with pytest.raises(ContentError, match=r"other\.yaml: lesson: unknown lesson 'outro'"):
        import_course(course_dir)


def test_an_attempt_scores_each_question_and_the_mean(db, student):
    right = QuestionFactory()
    QuestionFactory(quiz=right.quiz, kind="true_false", data={"answer": False})
    attempt = submit_attempt(student, right.quiz, {right.key: 1})
    assert attempt.scores == {right.key: 1.0, right.quiz.questions.last().key: 0.0}
    assert attempt.score == 0.5
