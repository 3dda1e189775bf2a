"""Staff screens of proposals, mounted at /staff/proposals/."""

from django.urls import path

from gongkai.proposals.views_staff import case, lists

app_name = "proposals_staff"

urlpatterns = [
    path("", lists.proposal_list, name="list"),
    path("register/", lists.proposal_register_view, name="register"),
    path("counts/", lists.counts_view, name="counts"),
    path("<int:pk>/", case.proposal_detail, name="detail"),
    path("<int:pk>/edit/", case.proposal_edit_view, name="edit"),
    path("<int:pk>/do/<slug:action>/", case.proposal_action, name="action"),
    path("<int:pk>/opinion/<int:cohandling_pk>/", case.opinion_send, name="opinion"),
    path("<int:pk>/replies/<int:round>/document/", case.reply_document, name="document"),
]
