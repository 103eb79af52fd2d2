import pytest

from quizzes.kinds import QuestionError, score, validate

CHOICES = {
    "choices": [
        {"text": "a", "correct": True},
        {"text": "b", "correct": False},
        {"text": "c", "correct": True},
    ]
}


@pytest.mark.parametrize(
    ("kind", "data", "answer", "expected"),
    [
        (
            "single",
            {"choices": [{"text": "x", "correct": False}, {"text": "y", "correct": True}]},
            1,
            1.0,
        ),
        (
            "single",
            {"choices": [{"text": "x", "correct": False}, {"text": "y", "correct": True}]},
            0,
            0.0,
        ),
        ("multiple", CHOICES, [0, 2], 1.0),
        ("multiple", CHOICES, [0], 0.5),
        ("multiple", CHOICES, [0, 1], 0.0),  # one right, one wrong: they cancel
        ("multiple", CHOICES, [1], 0.0),  # never below zero
        ("multiple", CHOICES, [0, 1, 2], 0.5),
        ("true_false", {"answer": False}, False, 1.0),
        ("true_false", {"answer": False}, True, 0.0),
        ("ordering", {"items": ["a", "b", "c", "d"]}, [0, 1, 2, 3], 1.0),
        ("ordering", {"items": ["a", "b", "c", "d"]}, [1, 0, 2, 3], 0.5),
        ("ordering", {"items": ["a", "b", "c"]}, [0, 0, 1], 0.0),  # not a permutation
        ("numeric", {"answer": 8, "tolerance": 0}, 8.0, 1.0),
        ("numeric", {"answer": 8, "tolerance": 0}, 7.0, 0.0),
        ("numeric", {"answer": 0.5, "tolerance": 0.01}, 0.505, 1.0),
        ("text", {"accept": ["os.fork", "fork"]}, "  FORK ", 1.0),
        ("text", {"accept": ["wait pid"]}, "Wait   PID", 1.0),
        ("text", {"accept": ["fork"]}, "spawn", 0.0),
        (
            "outputs",
            {
                "program": "print(1)",
                "choices": [
                    {"output": "1\n", "possible": True},
                    {"output": "2\n", "possible": False},
                ],
            },
            [0],
            1.0,
        ),
        (
            "outputs",
            {
                "program": "print(1)",
                "choices": [
                    {"output": "1\n", "possible": True},
                    {"output": "2\n", "possible": False},
                ],
            },
            [0, 1],
            0.0,
        ),
    ],
)
def test_scores(kind, data, answer, expected):
    validate(kind, data)
    assert score(kind, data, answer) == pytest.approx(expected)


@pytest.mark.parametrize(
    "kind", ["single", "multiple", "true_false", "ordering", "numeric", "text"]
)
def test_a_missing_answer_scores_nothing(kind):
    data = {
        "single": CHOICES | {"choices": CHOICES["choices"][:2]},
        "multiple": CHOICES,
        "true_false": {"answer": True},
        "ordering": {"items": ["a", "b"]},
        "numeric": {"answer": 1, "tolerance": 0},
        "text": {"accept": ["x"]},
    }[kind]
    assert score(kind, data, None) == 0.0


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("single", CHOICES, "exactly one correct"),
        ("multiple", {"choices": [{"text": "a", "correct": True}]}, "at least two"),
        (
            "multiple",
            {"choices": [{"text": "a", "correct": "yes"}, {"text": "b", "correct": True}]},
            "choice 1: needs correct",
        ),
        (
            "multiple",
            {"choices": [{"text": "a", "correct": True}, {"text": "a", "correct": False}]},
            "the same text",
        ),
        ("true_false", {"answer": "yes"}, "true or false"),
        ("ordering", {"items": ["a"]}, "at least two"),
        ("numeric", {"answer": "8", "tolerance": 0}, "answer: a number"),
        ("numeric", {"answer": 8, "tolerance": -1}, "not negative"),
        ("text", {"accept": [" "]}, "blank"),
        ("outputs", {"program": "print(", "choices": []}, "program: line 1"),
        (
            "outputs",
            {
                "program": "print(1)",
                "choices": [{"output": "1", "possible": False}, {"output": "2", "possible": False}],
            },
            "at least one output must be possible",
        ),
        ("essay", {}, "unknown type 'essay'"),
    ],
)
def test_malformed_questions_are_refused_with_the_reason(kind, data, message):
    with pytest.raises(QuestionError, match=message):
        validate(kind, data)
