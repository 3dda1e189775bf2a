"""Staff screens of on-request disclosure, mounted at /staff/applications/."""

from django.urls import path

from gongkai.applications.views_staff import case, intake, lists

app_name = "applications_staff"

urlpatterns = [
    path("", lists.application_list, name="list"),
    path("export.csv", lists.application_export_csv, name="export_csv"),
    path("export.xlsx", lists.application_export_xlsx, name="export_xlsx"),
    path("calendar/", lists.ical_info, name="ical_info"),
    path("ical/<str:token>.ics", lists.ical_feed, name="ical_feed"),
    path("register/", intake.application_register_view, name="register"),
    path("<int:pk>/", case.application_detail, name="detail"),
    path("<int:pk>/reveal-id/", case.reveal_id, name="reveal_id"),
    path("<int:pk>/do/<slug:action>/", case.application_action, name="action"),
    path(
        "<int:pk>/do/<slug:action>/<int:target_pk>/",
        case.application_action,
        name="action_on",
    ),
    path("<int:pk>/letters/<int:letter_pk>.pdf", case.letter_download, name="letter_pdf"),
]
