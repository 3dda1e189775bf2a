from django.urls import path

from gongkai.services.views_staff import fees, imports, life_events, matters, review

app_name = "services_staff"

urlpatterns = [
    path("", matters.matter_list, name="list"),
    path("new/", matters.matter_create, name="create"),
    path("review/", review.queue, name="queue"),
    path("import/", imports.import_view, name="import"),
    path("fees/", fees.fee_list, name="fees"),
    path("fees/new/", fees.fee_edit, name="fee_create"),
    path("fees/<int:pk>/", fees.fee_edit, name="fee_edit"),
    path("life-events/", life_events.event_list, name="life_events"),
    path("life-events/new/", life_events.event_edit, name="life_event_create"),
    path("life-events/<int:pk>/", life_events.event_edit, name="life_event_edit"),
    path("files/<int:pk>/", matters.file_download, name="file"),
    path("<int:pk>/", matters.matter_detail, name="detail"),
    path("<int:pk>/new-draft/", matters.new_draft, name="new_draft"),
    path("<int:pk>/life-events/", matters.set_life_events, name="set_life_events"),
    path("<int:pk>/withdraw/", review.withdraw, name="withdraw"),
    path("<int:pk>/v/<int:number>/", matters.version_detail, name="version"),
    path("<int:pk>/v/<int:number>/edit/", matters.version_edit, name="edit"),
    path("<int:pk>/v/<int:number>/discard/", matters.discard, name="discard"),
    path("<int:pk>/v/<int:number>/submit/", review.submit, name="submit"),
    path("<int:pk>/v/<int:number>/approve/", review.approve, name="approve"),
    path("<int:pk>/v/<int:number>/return/", review.return_version, name="return"),
    path(
        "<int:pk>/v/<int:number>/findings/<int:finding_pk>/allow/",
        review.allow_finding,
        name="allow_finding",
    ),
]
