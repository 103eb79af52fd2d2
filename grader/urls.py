from django.urls import path

from . import views

app_name = "grader"
urlpatterns = [
    path("exercises/<slug:slug>/submit", views.submit, name="submit"),
    path("exercises/<slug:slug>/statistics/", views.statistics, name="statistics"),
    path("submissions/<int:pk>/", views.submission, name="submission"),
    path("submissions/<int:pk>/status", views.status, name="status"),
]
