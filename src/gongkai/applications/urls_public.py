"""Public pages under ``/apply/`` (the section page ``/apply/`` itself belongs to the portal)."""

from django.urls import path

from gongkai.applications import views_public

app_name = "applications"

urlpatterns = [
    path("new/", views_public.apply, name="apply"),
    path("track/", views_public.track, name="track"),
    path("track/<str:number>/", views_public.status, name="status"),
    path(
        "track/<str:number>/letters/<int:pk>/<str:fmt>/",
        views_public.letter_download,
        name="letter_download",
    ),
]
