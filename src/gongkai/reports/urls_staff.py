from django.urls import include, path

from gongkai.reports import views_staff as views

app_name = "reports_staff"

urlpatterns = [
    path("", views.index, name="index"),
    path("check/", include("gongkai.reports.urls_check")),
    path("import/", views.import_report, name="import"),
    path("rollup/<str:credit_code>/<int:year>/", views.rollup, name="rollup"),
    path(
        "rollup/<str:credit_code>/<int:year>/report.<str:fmt>",
        views.rollup_download,
        name="rollup_download",
    ),
    path("<str:credit_code>/<int:year>/", views.report_page, name="report"),
    path("<str:credit_code>/<int:year>/start/", views.report_start, name="start"),
    path("<str:credit_code>/<int:year>/figures/", views.figures_save, name="figures"),
    path("<str:credit_code>/<int:year>/text/", views.text_save, name="text"),
    path("<str:credit_code>/<int:year>/submit/", views.report_submit_view, name="submit"),
    path("<str:credit_code>/<int:year>/correct/", views.report_correct_view, name="correct"),
    path(
        "<str:credit_code>/<int:year>/report.<str:fmt>",
        views.report_download,
        name="download",
    ),
]
