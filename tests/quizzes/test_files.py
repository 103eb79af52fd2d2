from pathlib import Path

import pytest

from quizzes.files import QuizFileError, read_quiz

GOOD = """\
lesson: states
title: States
questions:
  - id: zombie
    type: single
    prompt: What is a zombie?
    choices:
      - {text: ended, not reaped, correct: true}
      - {text: a busy process, correct: false}
    explanation: It ended; its parent has not waited for it.
  - id: how-many
    type: numeric
    prompt: How many?
    answer: 8
    explanation: Two, four, eight.
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "states.yaml"
    path.write_text(text)
    return path


def test_a_quiz_file_is_read_with_its_questions_in_order(tmp_path):
    quiz = read_quiz(write(tmp_path, GOOD))
    assert (quiz.lesson, quiz.title) == ("states", "States")
    assert [(q.key, q.kind, q.order) for q in quiz.questions] == [
        ("zombie", "single", 1),
        ("how-many", "numeric", 2),
    ]
    assert quiz.questions[1].data == {"answer": 8, "tolerance": 0}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("correct: true}", "correct: false}"),
            r"states\.yaml, line 4: question 1: zombie: a single-choice question needs exactly one",
        ),
        (("type: numeric", "type: essay"), r"line 11: question 2: type: one of"),
        (("    answer: 8\n", ""), r"line 11: question 2: how-many: answer: a number"),
        (
            ("    explanation: Two, four, eight.\n", ""),
            r"line 11: question 2: how-many: explanation: missing",
        ),
        (("  - id: how-many", "  - id: zombie"), r"two questions have the id 'zombie'"),
        (("  - id: how-many", "  - id: How Many"), r"line 11: question 2: id: a slug"),
        (
            ("    answer: 8\n", "    answer: 8\n    choices: []\n"),
            r"unknown field\(s\) for numeric: choices",
        ),
        (("title: States\n", ""), r"states\.yaml: title: missing"),
        (("lesson: states", "lesson: [states"), r"states\.yaml: while parsing"),
    ],
)
def test_a_malformed_quiz_names_the_file_the_line_and_the_problem(tmp_path, change, message):
    old, new = change
    assert old in GOOD
    with pytest.raises(QuizFileError, match=message):
        read_quiz(write(tmp_path, GOOD.replace(old, new, 1)))


def test_undecodable_quiz_file_is_an_error_naming_it(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"lesson: \xff\xfe\n")
    with pytest.raises(QuizFileError, match=r"bad\.yaml"):
        read_quiz(path)
