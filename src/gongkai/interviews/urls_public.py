from django.urls import path

from gongkai.interviews import views_public as views

app_name = "interviews"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ask/", views.ask, name="ask"),
    path("<int:pk>/poll/", views.poll, name="poll"),
    path("<int:pk>/picture/", views.picture, name="picture"),
]
