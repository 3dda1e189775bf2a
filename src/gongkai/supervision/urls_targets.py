from django.urls import path

from gongkai.supervision import views_assessment, views_targets

urlpatterns = [
    path("", views_targets.target_index, name="target_index"),
    path("<int:pk>/edit/", views_targets.target_edit, name="target_edit"),
    path("<int:pk>/delete/", views_targets.target_delete_view, name="target_delete"),
    path(
        "assessment/<str:credit_code>/<int:year>/",
        views_assessment.assessment_page,
        name="target_assessment",
    ),
    path(
        "assessment/<str:credit_code>/<int:year>/assessment.xlsx",
        views_assessment.assessment_export,
        name="target_assessment_export",
    ),
    path(
        "assessment/<str:credit_code>/<int:year>/indicators/",
        views_assessment.indicator_create,
        name="target_indicator_create",
    ),
    path(
        "assessment/<str:credit_code>/<int:year>/set-up/",
        views_assessment.indicator_set_up,
        name="target_indicator_set_up",
    ),
    path(
        "indicators/<int:pk>/edit/", views_assessment.indicator_edit, name="target_indicator_edit"
    ),
    path(
        "indicators/<int:pk>/delete/",
        views_assessment.indicator_delete_view,
        name="target_indicator_delete",
    ),
    path("<str:credit_code>/<int:year>/", views_targets.target_agency, name="target_agency"),
    path("<str:credit_code>/<int:year>/add/", views_targets.target_create, name="target_create"),
    path("<str:credit_code>/<int:year>/copy/", views_targets.target_copy, name="target_copy"),
]
