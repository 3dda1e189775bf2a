"""Public pages of the disclosure catalog: agency catalogs, item pages, feeds."""

from django.urls import path

from gongkai.catalog import feeds, views_public

app_name = "catalog"

urlpatterns = [
    path("disclosure/<str:credit_code>/", views_public.agency_catalog, name="agency"),
    path("disclosure/<str:credit_code>/items/", views_public.agency_items, name="agency_items"),
    path("disclosure/<str:credit_code>/guide/", views_public.guide, name="guide"),
    path("disclosure/<str:credit_code>/c/<int:pk>/", views_public.category, name="category"),
    path("disclosure/<str:credit_code>/feeds/rss/", feeds.AgencyRssFeed(), name="agency_rss"),
    path("disclosure/<str:credit_code>/feeds/atom/", feeds.AgencyAtomFeed(), name="agency_atom"),
    path(
        "disclosure/<str:credit_code>/c/<int:pk>/feeds/rss/",
        feeds.CategoryRssFeed(),
        name="category_rss",
    ),
    path(
        "disclosure/<str:credit_code>/c/<int:pk>/feeds/atom/",
        feeds.CategoryAtomFeed(),
        name="category_atom",
    ),
    path("items/<int:pk>/", views_public.item, name="item"),
    path("items/<int:pk>/print/", views_public.item_print, name="item_print"),
    path("items/<int:pk>/qr.svg", views_public.item_qr, name="item_qr"),
    path(
        "items/<int:pk>/attachments/<int:attachment_pk>/",
        views_public.attachment,
        name="attachment",
    ),
    path("feeds/rss/", feeds.SiteRssFeed(), name="rss"),
    path("feeds/atom/", feeds.SiteAtomFeed(), name="atom"),
]
