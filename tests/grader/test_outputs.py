"""Running a small concurrent program under explored schedules to see what it can print."""

from collections import Counter

from grader import outputs

from .conftest import require_sandbox

# One write per line: print() in an unbuffered process writes the text and the newline
# separately, so two printers can also give "AB\n\n".
RACE = """
import os
from multiprocessing import Process

def say(word):
    os.write(1, (word + "\\n").encode())

if __name__ == "__main__":
    ps = [Process(target=say, args=(w,)) for w in "AB"]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
"""
ORDERED = RACE.replace(
    "    for p in ps:\n        p.start()\n    for p in ps:\n        p.join()",
    "    for p in ps:\n        p.start()\n        p.join()",
)


def test_both_orders_of_two_unsynchronised_printers_are_seen():
    require_sandbox()
    seen = outputs.observe(RACE, ["A\nB\n", "B\nA\n"])
    assert set(seen) == {"A\nB\n", "B\nA\n"}


def test_a_program_that_joins_each_child_before_the_next_prints_one_order_only():
    require_sandbox()
    seen = outputs.observe(ORDERED, ["A\nB\n"], runs=12)
    assert seen == Counter({"A\nB\n": 12})


def test_a_key_is_judged_against_what_was_seen():
    seen = Counter({"A\nB\n": 9, "B\nA\n": 3})
    key = [
        outputs.Choice("A\nB\n", True),
        outputs.Choice("B\nA\n", False),  # it happened
        outputs.Choice("A\n", True),  # it never did
    ]
    assert outputs.key_problems(key, seen) == [
        "marked impossible but printed 3 time(s) in 12 runs: 'B\\nA\\n'",
        "marked possible but never printed in 12 runs: 'A\\n'",
    ]


def test_a_program_that_fails_is_reported_not_judged():
    require_sandbox()
    try:
        outputs.observe("raise SystemExit(3)", runs=1)
    except outputs.OutputsError as exc:
        assert "status 3" in str(exc)
    else:
        raise AssertionError("a failing program must raise OutputsError")
