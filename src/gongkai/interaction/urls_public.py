from django.urls import path

from gongkai.interaction import views_public, views_published

app_name = "interaction"

urlpatterns = [
    path("", views_public.mailbox_list, name="mailbox_list"),
    path("write/<int:mailbox_id>/", views_public.write, name="write"),
    path("written/", views_public.written, name="written"),
    path("track/", views_public.track, name="track"),
    path("track/<str:number>/", views_public.status, name="status"),
    path("track/<str:number>/rate/", views_public.rate, name="rate"),
    path("track/<str:number>/reply.<str:fmt>", views_public.reply_download, name="reply_download"),
    # Published letters and the figures (views_published).
    path("letters/", views_published.published_list, name="published_list"),
    path("letters/<str:number>/", views_published.published_detail, name="published_detail"),
    path("figures/", views_published.figures, name="figures"),
    path("figures/<str:credit_code>/", views_published.agency_figures, name="agency_figures"),
]
