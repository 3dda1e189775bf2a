"""Staff screens of proactive disclosure, mounted at /staff/catalog/."""

from django.urls import path

from gongkai.catalog import views_noticeboard
from gongkai.catalog import views_staff as views

app_name = "catalog_staff"

urlpatterns = [
    path("items/", views.item_list, name="item_list"),
    path("items/new/", views.item_new, name="item_new"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/submit/", views.item_submit_view, name="item_submit"),
    path("items/<int:pk>/return/", views.item_return_view, name="item_return"),
    path(
        "items/<int:pk>/findings/<int:finding_pk>/decide/",
        views.finding_decide_view,
        name="finding_decide",
    ),
    path("items/<int:pk>/approve/", views.item_approve_view, name="item_approve"),
    path("items/<int:pk>/revise/", views.item_revise_view, name="item_revise"),
    path("items/<int:pk>/validity/", views.item_validity_view, name="item_validity"),
    path("items/<int:pk>/withdraw/", views.item_withdraw_view, name="item_withdraw"),
    path("items/<int:pk>/versions/<int:number>/", views.item_version, name="item_version"),
    path(
        "items/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "items/<int:pk>/attachments/<int:attachment_pk>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("items/<int:pk>/poster.pdf", views_noticeboard.item_poster, name="item_poster"),
    path("noticeboard/", views_noticeboard.poster_set, name="noticeboard"),
    path("timeliness/", views.timeliness, name="timeliness"),
    path("supervision/", views.supervision, name="supervision"),
    path("agencies/<str:credit_code>/", views.agency_catalog, name="agency_catalog"),
    path(
        "agencies/<str:credit_code>/from-template/",
        views.catalog_from_template,
        name="catalog_from_template",
    ),
    path(
        "agencies/<str:credit_code>/categories/<int:category_pk>/",
        views.category_edit,
        name="category_edit",
    ),
    path("agencies/<str:credit_code>/guide/", views.guide_edit, name="guide_edit"),
]
