from django.urls import path

from gongkai.services import views_public as views

app_name = "services"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("agency/<str:code>/", views.agency_matters, name="agency"),
    path("life-events/<slug:slug>/", views.life_event, name="life_event"),
    path("for/<str:audience>/", views.audience, name="audience"),
    path("m/<str:code>/", views.matter_page, name="matter"),
    path("m/<str:code>/handout.pdf", views.matter_handout, name="handout"),
    path("m/<str:code>/guide.json", views.matter_json, name="json"),
    path("files/<int:pk>/<str:name>", views.file_download, name="file"),
    path("fees/", views.fee_lists, name="fee_lists"),
    path("fees/<str:code>/", views.fee_list, name="fee_list"),
    path("time-limits/", views.limits_comparison, name="limits"),
]
