from django.urls import path

from gongkai.hotline import views

app_name = "hotline_staff"

urlpatterns = [
    path("", views.day_list, name="day"),
    path("new/", views.register, name="register"),
    path("<int:pk>/", views.contact_detail, name="contact"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/work-order/", views.work_order, name="work_order"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("counts/", views.counts, name="counts"),
    path("counts/counts.xlsx", views.counts_export, name="counts_export"),
]
