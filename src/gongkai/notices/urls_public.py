from django.urls import path

from gongkai.notices import views_public as views

app_name = "notices"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/object/", views.object_to, name="object"),
    path("<int:pk>/print.pdf", views.print_pdf, name="pdf"),
]
