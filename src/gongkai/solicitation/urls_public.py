from django.urls import path

from gongkai.solicitation import views_public as views

app_name = "solicitation"

urlpatterns = [
    path("", views.solicitation_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/files/<int:file_pk>/", views.file_download, name="file"),
]
