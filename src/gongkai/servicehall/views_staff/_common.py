"""What the staff screens share: choosing the agency of a new record, and putting a
service's ValidationError under the form's fields."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from gongkai.accounts.permissions import agencies_where


def managed_agencies(user, action: str):
    agencies = agencies_where(user, action).filter(is_active=True).order_by("sort_order", "name")
    if not agencies.exists():
        raise PermissionDenied
    return agencies


def chosen_agency(request, action: str):
    """The agency of a new record: ``?agency=<pk>`` among those the user may ``action`` for,
    or the only one; None when the user must choose."""
    agencies = managed_agencies(request.user, action)
    raw = request.GET.get("agency") or request.POST.get("agency_id")
    if raw:
        if not str(raw).isdigit():
            raise Http404
        agency = agencies.filter(pk=int(raw)).first()
        if agency is None:
            raise Http404
        return agency, agencies
    if agencies.count() == 1:
        return agencies.first(), agencies
    return None, agencies


def add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)
