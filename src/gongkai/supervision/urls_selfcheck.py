"""The self-check pages, mounted at /staff/supervision/selfcheck/ (namespace "supervision")."""

from django.urls import path

from gongkai.supervision import views_selfcheck as views

urlpatterns = [
    path("", views.findings, name="selfcheck_findings"),
    path("run/", views.run, name="selfcheck_run"),
]
