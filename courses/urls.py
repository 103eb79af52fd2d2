from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("", views.course_list, name="list"),
    path("courses/<slug:slug>/", views.course_detail, name="detail"),
    # Before the lesson pattern, which would take "gradebook" for a lesson's slug.
    path("courses/<slug:slug>/gradebook/", views.gradebook_page, name="gradebook"),
    path("courses/<slug:slug>/gradebook.csv", views.gradebook_csv, name="gradebook_csv"),
    path(
        "courses/<slug:slug>/gradebook/<int:user_id>/",
        views.gradebook_student,
        name="gradebook_student",
    ),
    path("courses/<slug:course>/media/<str:name>", views.asset, name="asset"),
    path("courses/<slug:course>/<slug:slug>/", views.lesson_detail, name="lesson"),
    path("exercises/<slug:slug>/", views.exercise_detail, name="exercise"),
]
