from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from gongkai.portal import views
from gongkai.reports.views_public import report_list

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("disclosure/", views.section, {"section": "disclosure"}, name="disclosure"),
    path("apply/", views.section, {"section": "apply"}, name="apply"),
    path("interaction/", views.section, {"section": "interaction"}, name="interaction"),
    path("services/", views.section, {"section": "services"}, name="services"),
    # The list of published annual reports is the section page (app ``reports``).
    path("reports/", report_list, name="reports"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("staff/", views.staff_home, name="staff_home"),
    path("favicon.ico", RedirectView.as_view(url=static("gongkai/favicon.svg"), permanent=True)),
]
