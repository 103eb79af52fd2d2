from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("", views.course_list, name="list"),
    path("courses/<slug:slug>/", views.course_detail, name="detail"),
    path("courses/<slug:course>/media/<str:name>", views.asset, name="asset"),
    path("courses/<slug:course>/<slug:slug>/", views.lesson_detail, name="lesson"),
    path("exercises/<slug:slug>/", views.exercise_detail, name="exercise"),
]
