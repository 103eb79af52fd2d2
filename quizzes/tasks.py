"""Celery tasks of the quizzes: thin; the work is in keycheck."""

from celery import shared_task

from . import keycheck


@shared_task(name="quizzes.tasks.check_answer_key", soft_time_limit=900, time_limit=960)
def check_answer_key(question_id: int) -> None:
    keycheck.check(question_id)
