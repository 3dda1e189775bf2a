from django.urls import path

from gongkai.solicitation.views_staff import feedback, moderation, solicitations

app_name = "solicitation_staff"

urlpatterns = [
    path("", solicitations.solicitation_list, name="list"),
    path("new/", solicitations.create, name="create"),
    path("<int:pk>/", solicitations.detail, name="detail"),
    path("<int:pk>/edit/", solicitations.edit, name="edit"),
    path("<int:pk>/publish/", solicitations.publish, name="publish"),
    path("<int:pk>/close/", solicitations.close, name="close"),
    path("<int:pk>/files/<int:file_pk>/", solicitations.file_download, name="file"),
    path("<int:pk>/files/<int:file_pk>/delete/", solicitations.file_delete, name="file_delete"),
    path("<int:pk>/comments/new/", solicitations.comment_register, name="comment_register"),
    path(
        "registrations/<int:pk>/decide/",
        solicitations.registration_decide,
        name="registration_decide",
    ),
    path("moderation/", moderation.queue, name="moderation"),
    path("comments/<int:pk>/", moderation.comment, name="comment"),
    path("comments/<int:pk>/approve/", moderation.approve, name="comment_approve"),
    path("comments/<int:pk>/reject/", moderation.reject, name="comment_reject"),
    path("comments/<int:pk>/contact/", moderation.contact, name="comment_contact"),
    path("<int:pk>/feedback/", feedback.feedback, name="feedback"),
    path("<int:pk>/feedback/save/", feedback.feedback_save, name="feedback_save"),
    path("<int:pk>/feedback/final/", feedback.final_link, name="final_link"),
    path("<int:pk>/feedback/publish/", feedback.feedback_publish, name="feedback_publish"),
    path("<int:pk>/feedback/entries/new/", feedback.entry_create, name="entry_create"),
    path("entries/<int:pk>/", feedback.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/delete/", feedback.entry_delete, name="entry_delete"),
]
