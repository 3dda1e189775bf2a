"""Staff pages for checking a report file (公开办 upload), under ``reports_staff``."""

from django.urls import path

from gongkai.reports import views_check

urlpatterns = [
    path("", views_check.check_report, name="check"),
]
