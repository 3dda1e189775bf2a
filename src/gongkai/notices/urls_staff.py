from django.urls import path

from gongkai.notices.views_staff import notices as views
from gongkai.notices.views_staff import objections

app_name = "notices_staff"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/return/", views.send_back, name="return"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/result/", views.record_result, name="result"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/print.pdf", views.preview_pdf, name="pdf"),
    path("<int:pk>/objections/", objections.objection_list, name="objections"),
    path("objections/<int:pk>/", objections.objection_detail, name="objection"),
]
