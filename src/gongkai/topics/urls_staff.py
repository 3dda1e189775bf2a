"""Staff screens of topic requests, mounted at /staff/topics/."""

from django.urls import path

from gongkai.topics.views_staff import case, lists

app_name = "topics_staff"

urlpatterns = [
    path("", lists.topic_list, name="list"),
    path("<int:pk>/", case.topic_detail, name="detail"),
    path("<int:pk>/contact/", case.contact_reveal, name="contact"),
    path("<int:pk>/do/<slug:action>/", case.topic_action, name="action"),
]
