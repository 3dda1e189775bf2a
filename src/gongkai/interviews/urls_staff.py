from django.urls import path

from gongkai.interviews import views_console as console
from gongkai.interviews import views_staff as views

app_name = "interviews_staff"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/step/<str:name>/", views.step, name="step"),
    path("<int:pk>/messages/", views.message, name="message"),
    path("<int:pk>/moderate/", console.moderate, name="moderate"),
    path("<int:pk>/answers/", console.answers, name="answers"),
    path("<int:pk>/queue/", console.queue, name="queue"),
    path("<int:pk>/questions/<int:qid>/approve/", console.approve, name="approve"),
    path("<int:pk>/questions/<int:qid>/reject/", console.reject, name="reject"),
    path("<int:pk>/questions/<int:qid>/answer/", console.answer, name="answer"),
    path("<int:pk>/questions/<int:qid>/correct/", console.correct, name="correct"),
    path("<int:pk>/questions/<int:qid>/contact/", console.contact, name="contact"),
]
