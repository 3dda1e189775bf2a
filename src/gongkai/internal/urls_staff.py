"""Staff screens of internal disclosure, mounted at /staff/internal/. No public URLs."""

from django.urls import path

from gongkai.internal.views import items, people, spending, table

app_name = "internal_staff"

urlpatterns = [
    path("", items.item_list, name="list"),
    path("new/", items.item_create, name="create"),
    path("<int:pk>/", items.item_detail, name="detail"),
    path("<int:pk>/edit/", items.item_edit, name="edit"),
    path("<int:pk>/do/<str:action>/", items.item_action, name="action"),
    path("<int:pk>/table/", table.table_edit, name="table"),
    path("<int:pk>/table/upload/", table.table_upload, name="table_upload"),
    path("<int:pk>/files/<int:attachment_pk>/", items.attachment_download, name="attachment"),
    path(
        "<int:pk>/files/<int:attachment_pk>/delete/",
        items.attachment_delete,
        name="attachment_delete",
    ),
    path("<int:pk>/reads/", people.read_list, name="reads"),
    path("<int:pk>/questions/", items.question_ask, name="ask"),
    path("<int:pk>/questions/<int:question_pk>/answer/", items.question_answer, name="answer"),
    path("table-template/<str:kind>.xlsx", table.table_template, name="table_template"),
    path("<str:credit_code>/departments/", people.departments, name="departments"),
    path(
        "<str:credit_code>/departments/<int:membership_pk>/remove/",
        people.membership_remove,
        name="membership_remove",
    ),
    path(
        "<str:credit_code>/spending/<int:year>/",
        spending.spending_year_view,
        name="spending_year",
    ),
]
