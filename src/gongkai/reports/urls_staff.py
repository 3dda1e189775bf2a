from django.urls import include, path

app_name = "reports_staff"

urlpatterns = [
    path("check/", include("gongkai.reports.urls_check")),
]
