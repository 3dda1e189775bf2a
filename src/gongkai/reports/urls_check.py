"""Staff pages for checking a report file (公开办 upload)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
