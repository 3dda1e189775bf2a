from django.urls import include, path

app_name = "supervision"

urlpatterns = [
    path("stats/", include("gongkai.supervision.urls_stats")),
    path("targets/", include("gongkai.supervision.urls_targets")),
    path("selfcheck/", include("gongkai.supervision.urls_selfcheck")),
]
