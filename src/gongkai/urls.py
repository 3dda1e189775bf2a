from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from gongkai.api.api import api
from gongkai.portal import views as portal_views
from gongkai.portal.sitemaps import SITEMAPS

admin.site.site_header = "Gongkai"

urlpatterns = [
    # Before the portal: /apply/ itself stays the portal's section page.
    path("apply/", include("gongkai.applications.urls_public")),
    # Before the portal: /interaction/ itself stays the portal's section page.
    path("interaction/mail/", include("gongkai.interaction.urls_public")),
    path("interaction/solicitations/", include("gongkai.solicitation.urls_public")),
    path("interaction/interviews/", include("gongkai.interviews.urls_public")),
    path("interaction/proposals/", include("gongkai.proposals.urls_public")),
    path("interaction/topics/", include("gongkai.topics.urls_public")),
    # Before the portal: /services/ itself stays the portal's section page.
    path("services/matters/", include("gongkai.services.urls_public")),
    path("services/hall/", include("gongkai.servicehall.urls_public")),
    path("services/notices/", include("gongkai.notices.urls_public")),
    path("", include("gongkai.portal.urls")),
    path("", include("gongkai.catalog.urls_public")),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("agencies/", include("gongkai.agencies.urls")),
    path("accounts/", include("gongkai.accounts.urls")),
    path("staff/audit/", include("gongkai.audit.urls")),
    path("staff/catalog/", include("gongkai.catalog.urls_staff")),
    path("staff/applications/", include("gongkai.applications.urls_staff")),
    path("staff/interaction/", include("gongkai.interaction.urls_staff")),
    path("staff/hotline/", include("gongkai.hotline.urls_staff")),
    path("staff/solicitations/", include("gongkai.solicitation.urls_staff")),
    path("staff/interviews/", include("gongkai.interviews.urls_staff")),
    path("staff/proposals/", include("gongkai.proposals.urls_staff")),
    path("staff/topics/", include("gongkai.topics.urls_staff")),
    path("staff/services/", include("gongkai.services.urls_staff")),
    path("staff/servicehall/", include("gongkai.servicehall.urls_staff")),
    path("staff/notices/", include("gongkai.notices.urls_staff")),
    path("staff/internal/", include("gongkai.internal.urls_staff")),
    path("staff/workdays/", include("gongkai.workdays.urls")),
    path("staff/reports/", include("gongkai.reports.urls_staff")),
    path("reports/", include("gongkai.reports.urls_public")),
    path("staff/supervision/", include("gongkai.supervision.urls")),
    path("search/", include("gongkai.search.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler404 = portal_views.page_not_found
handler500 = portal_views.server_error

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
