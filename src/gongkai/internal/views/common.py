"""What every internal-disclosure screen shares: fetching an item through the one rule (404
for missing and forbidden alike) and putting a service's refusal on a form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from gongkai.agencies.models import Agency
from gongkai.internal.models import InternalItem
from gongkai.internal.permissions import can_view_internal


def get_item(request, pk: int) -> InternalItem:
    """The item, if the signed-in person may read it; otherwise 404, as for a missing one."""
    item = (
        InternalItem.objects.select_related("agency", "created_by", "posted_by", "withdrawn_by")
        .prefetch_related("departments")
        .filter(pk=pk)
        .first()
    )
    if item is None or not can_view_internal(request.user, item):
        raise Http404
    return item


def get_agency(credit_code: str) -> Agency:
    return get_object_or_404(Agency, credit_code=credit_code.upper())


def apply_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError on the form: on the field it names, else above it."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return
    for error in exc.error_list:
        if getattr(error, "code", None) == "attachment" and "attachments" in form.fields:
            form.add_error("attachments", error)
        elif getattr(error, "code", None) == "attachment" and "workbook" in form.fields:
            form.add_error("workbook", error)
        else:
            form.add_error(None, error)
