"""The table of a draft statement or spending report: typed into a form, or read from an
uploaded XLSX workbook (its problems listed by spreadsheet line), and the blank workbook."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.catalog.files import KINDS
from gongkai.core.staff_views import staff_view
from gongkai.internal import services as s
from gongkai.internal.forms import TableUploadForm, table_formset
from gongkai.internal.models import TABLE_KINDS, InternalKind, InternalStatus
from gongkai.internal.permissions import can_edit
from gongkai.internal.selectors import agencies_for
from gongkai.internal.tables import template_workbook
from gongkai.internal.views.common import apply_errors, get_item


def _editable_table(request, pk: int):
    item = get_item(request, pk)
    if not item.has_table:
        raise Http404
    if not can_edit(request.user, item) or item.status != InternalStatus.DRAFT:
        raise PermissionDenied
    return item


def _render(request, item, *, formset=None, upload=None, status=200):
    return render(
        request,
        "internal/staff/table.html",
        {
            "item": item,
            "formset": formset or table_formset(item),
            "upload": upload or TableUploadForm(),
            "spending": item.kind == InternalKind.SPENDING,
        },
        status=status,
    )


@staff_view
@require_http_methods(["GET", "POST"])
def table_edit(request, pk: int):
    item = _editable_table(request, pk)
    if request.method == "GET":
        return _render(request, item)
    formset = table_formset(item, request.POST)
    if formset.is_valid():
        try:
            s.internal_item_set_rows(
                actor=request.user, item=item, rows=[form.row() for form in formset.forms]
            )
        except ValidationError as exc:
            formset._non_form_errors = formset.error_class(exc.messages)
        else:
            messages.success(request, _("The table is saved."))
            return redirect("internal_staff:detail", pk=item.pk)
    return _render(request, item, formset=formset, status=400)


@staff_view
@require_POST
def table_upload(request, pk: int):
    item = _editable_table(request, pk)
    form = TableUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["workbook"]
        try:
            rows = s.internal_item_import_table(
                actor=request.user, item=item, content=upload.read(), name=upload.name
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) == "attachment" or any(
                getattr(e, "code", None) == "attachment" for e in getattr(exc, "error_list", [])
            ):
                apply_errors(form, exc)
            else:
                for message in exc.messages:
                    form.add_error("workbook", message)
        else:
            messages.success(
                request,
                _("%(n)d rows were read from the workbook; check them below.") % {"n": len(rows)},
            )
            return redirect("internal_staff:table", pk=item.pk)
    return _render(request, item, upload=form, status=400)


@staff_view
@require_GET
def table_template(request, kind: str):
    if kind not in TABLE_KINDS:
        raise Http404
    if not agencies_for(request.user, "internal.post").exists():
        raise PermissionDenied
    name = "三公经费支出表.xlsx" if kind == InternalKind.SPENDING else "收支情况表.xlsx"
    response = HttpResponse(template_workbook(kind), content_type=KINDS["xlsx"].mime)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
