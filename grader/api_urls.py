from django.urls import path

from . import api

app_name = "api"
urlpatterns = [
    path("exercises", api.exercises, name="exercises"),
    path("submissions", api.create_submission, name="submissions"),
    path("submissions/<int:pk>", api.submission, name="submission"),
]
