from django.urls import path

from . import views

app_name = "quizzes"
urlpatterns = [
    path("courses/<slug:course>/<slug:lesson>/quiz/", views.quiz, name="quiz"),
    path("quiz-attempts/<int:pk>/", views.attempt, name="attempt"),
]
