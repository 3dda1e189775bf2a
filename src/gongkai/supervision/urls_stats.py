from django.urls import path

from gongkai.supervision import views_stats as views

urlpatterns = [
    path("", views.stats_index, name="stats_index"),
    path("<str:credit_code>/", views.stats_agency, name="stats_agency"),
    path("<str:credit_code>/statistics.xlsx", views.stats_export, name="stats_export"),
]
