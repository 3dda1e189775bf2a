from django.urls import path  # noqa: F401

app_name = "topics_staff"

urlpatterns: list = []
