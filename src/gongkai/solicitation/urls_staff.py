from django.urls import path  # noqa: F401

app_name = "solicitation_staff"

urlpatterns: list = []
