"""The quiz pages: answering, the scored attempt, and what never leaks."""

from quizzes.models import Attempt

from ..conftest import logged_in
from ..factories import QuestionFactory


def test_the_quiz_page_shows_the_questions_but_not_the_answers(student_client, db):
    question = QuestionFactory(explanation="SECRET-EXPLANATION")
    page = student_client.get(question.quiz.get_absolute_url()).content.decode()
    assert "Which one?" in page and "the second" in page
    assert "SECRET-EXPLANATION" not in page and "correct" not in page


def test_answering_scores_and_shows_each_question_with_its_explanation(student_client, student):
    question = QuestionFactory()
    response = student_client.post(question.quiz.get_absolute_url(), {f"q-{question.key}": "1"})
    attempt = Attempt.objects.get(user=student)
    assert response.status_code == 302 and response["Location"] == f"/quiz-attempts/{attempt.pk}/"
    page = student_client.get(response["Location"]).content.decode()
    assert "100%" in page and "right" in page
    assert "<strong>second</strong>" in page  # the explanation, rendered


def test_a_wrong_or_malformed_answer_scores_zero(student_client, student):
    question = QuestionFactory()
    student_client.post(question.quiz.get_absolute_url(), {f"q-{question.key}": "0"})
    student_client.post(question.quiz.get_absolute_url(), {f"q-{question.key}": "99"})
    assert list(Attempt.objects.values_list("score", flat=True)) == [0.0, 0.0]


def test_an_ordering_question_is_answered_by_numbering_the_steps(student_client, student):
    question = QuestionFactory(kind="ordering", data={"items": ["fork", "exec", "exit"]})
    fields = {f"q-{question.key}-{i}": str(i + 1) for i in range(3)}
    student_client.post(question.quiz.get_absolute_url(), fields)
    assert Attempt.objects.get().score == 1.0


def test_another_students_attempt_is_not_found(client, student, other_student):
    question = QuestionFactory()
    logged_in(client, other_student).post(question.quiz.get_absolute_url(), {})
    theirs = Attempt.objects.get(user=other_student)
    client.logout()
    assert logged_in(client, student).get(f"/quiz-attempts/{theirs.pk}/").status_code == 404


def test_quiz_pages_need_a_login(client, db):
    question = QuestionFactory()
    response = client.get(question.quiz.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(question.quiz.get_absolute_url(), {}).status_code == 302
    assert not Attempt.objects.exists()


def test_the_lesson_page_links_its_quiz(student_client, db):
    question = QuestionFactory()
    page = student_client.get(question.quiz.lesson.get_absolute_url()).content.decode()
    assert question.quiz.get_absolute_url() in page
