"""The course page shows a student's own progress: lessons read, quizzes, exercises passed."""

from datetime import timedelta

from django.utils import timezone

from courses.models import Course, Exercise, Lesson
from quizzes.models import Attempt
from quizzes.services import submit_attempt

from ..factories import QuestionFactory, SubmissionFactory


def test_progress_counts_reads_quiz_scores_and_passes_of_this_student_only(
    student_client, student, other_student, course, django_assert_max_num_queries
):
    lesson = Lesson.objects.get(slug="process-states")
    student_client.get(lesson.get_absolute_url())  # read
    exercise = Exercise.objects.get(slug="observe-states")
    SubmissionFactory(student=student, exercise=exercise, status="passed", score=1.0)
    SubmissionFactory(
        student=other_student, exercise=Exercise.objects.get(slug="dine"), status="passed"
    )
    quiz = lesson.quiz
    questions = list(quiz.questions.all())
    submit_attempt(student, quiz, {})  # 0%
    with django_assert_max_num_queries(8):
        page = student_client.get("/courses/processes/").content.decode()
    total = Exercise.objects.count()
    assert f"1 of 8 lessons read, 1 of 8 quizzes answered, 1 of {total} exercises passed" in page
    assert page.count("✓ passed") == 1 and page.count("✓ read") == 1
    assert questions  # the quiz has questions, so 0% is a real score
    assert "0%" in page


def test_best_or_last_attempt_counts_as_the_course_says(student_client, student, db):
    question = QuestionFactory()  # second choice right
    quiz = question.quiz
    submit_attempt(student, quiz, {question.key: 1})  # 100%
    submit_attempt(student, quiz, {question.key: 0})  # 0%, later
    course = quiz.lesson.course
    assert "100%" in student_client.get(course.get_absolute_url()).content.decode()
    Course.objects.filter(pk=course.pk).update(quiz_scoring="last")
    page = student_client.get(course.get_absolute_url()).content.decode()
    assert "100%" not in page and "0%" in page


def test_a_late_quiz_attempt_counts_after_its_penalty(student_client, student, db):
    question = QuestionFactory(
        quiz__due_at=timezone.now() - timedelta(hours=1), quiz__late_policy="penalty"
    )
    quiz = question.quiz
    on_time = submit_attempt(student, quiz, {question.key: 0})  # 0 %
    Attempt.objects.filter(pk=on_time.pk).update(created=quiz.due_at - timedelta(days=1))
    submit_attempt(student, quiz, {question.key: 1})  # 100 %, an hour late: counts 90 %
    page = student_client.get(quiz.lesson.course.get_absolute_url()).content.decode()
    assert '<span class="done">90%</span>' in page
