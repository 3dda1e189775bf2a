from django.urls import path  # noqa: F401

app_name = "interviews_staff"

urlpatterns: list = []
