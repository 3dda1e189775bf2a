from django.urls import path

from gongkai.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("disclosure/", views.section, {"section": "disclosure"}, name="disclosure"),
    path("apply/", views.section, {"section": "apply"}, name="apply"),
    path("interaction/", views.section, {"section": "interaction"}, name="interaction"),
    path("services/", views.section, {"section": "services"}, name="services"),
    path("reports/", views.section, {"section": "reports"}, name="reports"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("staff/", views.staff_home, name="staff_home"),
]
