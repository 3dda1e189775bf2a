"""Public pages of the service hall, mounted at /services/hall/."""

from django.urls import path

from gongkai.servicehall import views_public as views

app_name = "servicehall"

urlpatterns = [
    path("", views.index, name="index"),
    path("rate/", views.rate, name="rate"),
    path("figures/", views.figures, name="figures"),
    path("figures/<str:credit_code>/", views.agency_figures, name="agency_figures"),
    path("commitments/<str:credit_code>/", views.commitments, name="commitments"),
    path("windows/<str:credit_code>/", views.windows, name="windows"),
    path("staff/<int:pk>/photo/", views.staff_photo, name="staff_photo"),
]
