from django.urls import path

from gongkai.proposals import views_public as views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("counts/", views.counts_page, name="counts"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
]
