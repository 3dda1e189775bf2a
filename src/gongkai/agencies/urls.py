from django.urls import path

from gongkai.agencies import views

app_name = "agencies"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<str:credit_code>/", views.detail, name="detail"),
]
