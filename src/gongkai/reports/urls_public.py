from django.urls import path

from gongkai.reports import views_public as views

app_name = "reports"

urlpatterns = [
    path("<str:credit_code>/<int:year>/", views.report_detail, name="detail"),
]
