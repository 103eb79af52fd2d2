"""Every factory of the test suite, in one place."""

import factory
from django.contrib.auth import get_user_model

from courses.models import Course, Exercise, Lesson
from grader.models import Submission
from quizzes.models import Question, Quiz

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    slug = factory.Sequence(lambda n: f"course-{n}")
    title = factory.Sequence(lambda n: f"Course {n}")


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    course = factory.SubFactory(CourseFactory)
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    title = factory.Sequence(lambda n: f"Lesson {n}")
    body = "Some *Markdown*."


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise

    lesson = factory.SubFactory(LessonFactory)
    slug = factory.Sequence(lambda n: f"exercise-{n}")
    title = factory.Sequence(lambda n: f"Exercise {n}")
    prompt = "Write `f()`."
    starter_code = "def f():\n    ...\n"
    checks = "from grader.checks import Call, check, passed\nCALLS = [Call('c', 'f')]\n"


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    lesson = factory.SubFactory(LessonFactory)
    title = factory.Sequence(lambda n: f"Quiz {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question whose second choice is the right one."""

    class Meta:
        model = Question

    quiz = factory.SubFactory(QuizFactory)
    key = factory.Sequence(lambda n: f"question-{n}")
    kind = "single"
    prompt = "Which one?"
    explanation = "Because the **second** is right."
    data = factory.LazyFunction(
        lambda: {
            "choices": [
                {"text": "the first", "correct": False},
                {"text": "the second", "correct": True},
            ]
        }
    )
    order = factory.Sequence(lambda n: n)


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    student = factory.SubFactory(UserFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    code = "def f():\n    return 1\n"
