"""'Possible outputs' answer keys checked against runs, and the rule they set on publishing."""

import pytest

from quizzes import keycheck
from quizzes.models import Quiz

from ..conftest import logged_in
from ..factories import QuestionFactory
from ..grader.conftest import require_sandbox

PROGRAM = """
import os
from multiprocessing import Process

def say(word):
    os.write(1, (word + "\\n").encode())

if __name__ == "__main__":
    p = Process(target=say, args=("child",))
    p.start()
    p.join()
    print("parent", flush=True)
"""


def outputs_question(quiz=None, *, wrong_key=False):
    choices = [
        {"output": "child\nparent\n", "possible": not wrong_key},
        {"output": "parent\nchild\n", "possible": wrong_key},
    ]
    extra = {"quiz": quiz} if quiz else {}
    return QuestionFactory(kind="outputs", data={"program": PROGRAM, "choices": choices}, **extra)


def test_a_right_key_is_verified_and_a_change_needs_a_new_check(db):
    require_sandbox()
    question = outputs_question()
    assert keycheck.keys_verified(question.quiz)[0] is False  # never checked
    found = keycheck.check(question.pk)
    assert found["problems"] == [] and found["seen"] == {"child\nparent\n": found["runs"]}
    assert keycheck.keys_verified(question.quiz) == (True, "")
    question.refresh_from_db()
    question.data["choices"][0]["output"] = "child\nparent\n\n"
    question.save()
    ok, why = keycheck.keys_verified(question.quiz)
    assert not ok and "was not checked as it is now" in why


def test_a_wrong_key_is_reported(db):
    require_sandbox()
    question = outputs_question(wrong_key=True)
    found = keycheck.check(question.pk)
    assert any("marked impossible but printed" in p for p in found["problems"])
    assert any("marked possible but never printed" in p for p in found["problems"])
    assert not keycheck.keys_verified(question.quiz)[0]


@pytest.fixture
def admin_client(client, teacher):
    teacher.is_superuser = True
    teacher.save()
    return logged_in(client, teacher)


def test_the_admin_publishes_a_quiz_only_with_checked_keys(admin_client, db):
    question = outputs_question()
    quiz = question.quiz
    Quiz.objects.filter(pk=quiz.pk).update(published=False)
    page = admin_client.get(f"/admin/quizzes/quiz/{quiz.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: "" if v is None else v for k, v in data.items() if v is not False}
    inline = page.context["inline_admin_formsets"][0].formset
    data |= {f"{inline.prefix}-{k}": v for k, v in inline.management_form.initial.items()}
    for number, subform in enumerate(inline.forms):
        for name in subform.fields:
            value = subform[name].value()
            if value is not None and value is not False:
                data[f"{inline.prefix}-{number}-{name}"] = value
    data["published"] = "on"
    refused = admin_client.post(f"/admin/quizzes/quiz/{quiz.pk}/change/", data)
    assert refused.status_code == 200
    assert "It cannot be published: the answer key of" in refused.content.decode()
    quiz.refresh_from_db()
    assert not quiz.published
    question.key_check = {"fingerprint": keycheck.fingerprint(question.data), "problems": []}
    question.save()
    accepted = admin_client.post(f"/admin/quizzes/quiz/{quiz.pk}/change/", data)
    assert accepted.status_code == 302
    quiz.refresh_from_db()
    assert quiz.published
