from django.urls import path

from gongkai.topics import views_public as views

app_name = "topics"

urlpatterns = [
    path("", views.topic_list, name="list"),
    path("new/", views.topic_new, name="new"),
    path("<int:pk>/", views.topic_detail, name="detail"),
    path("<int:pk>/support/", views.topic_support_view, name="support"),
]
