from django.urls import path

from gongkai.interaction import views_staff as views

app_name = "interaction_staff"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("register/", views.register, name="register"),
    path("mailboxes/", views.mailboxes, name="mailboxes"),
    path("mailboxes/<str:credit_code>/", views.mailboxes, name="mailboxes_of"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/do/<str:action>/", views.do, name="do"),
    path("<str:number>/reveal/", views.reveal, name="reveal"),
    path("<str:number>/reply.<str:fmt>", views.reply_download, name="reply_download"),
]
