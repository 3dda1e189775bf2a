"""Staff screens of the fee lists (收费项目及标准): the entries of the agencies the user may see,
and adding or changing one (the agency's 审核员)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.accounts.permissions import agencies_where, can
from gongkai.catalog.models import Item
from gongkai.core.staff_views import staff_view
from gongkai.services import services
from gongkai.services.forms_staff import FeeAgencyForm, FeeItemForm
from gongkai.services.models import FeeItem
from gongkai.services.views_staff.common import apply_errors


@staff_view
@require_GET
def fee_list(request):
    visible = agencies_where(request.user, "service.view")
    if not visible.exists():
        raise PermissionDenied
    items = FeeItem.objects.filter(agency__in=visible).select_related("agency", "basis_item")
    return render(
        request,
        "services/staff/fees.html",
        {
            "items": items.order_by("agency__sort_order", "agency__name", "sort_order", "pk"),
            "may_edit": agencies_where(request.user, "service.review").exists(),
            "subnav": "fees",
        },
    )


def _fields(form) -> dict | None:
    data = dict(form.cleaned_data)
    number = (data.pop("basis_index_number", "") or "").strip()
    data["basis_item"] = None
    if number:
        item = Item.objects.filter(index_number=number).first()
        if item is None or not item.is_public:
            form.add_error("basis_index_number", _("No published item has this index number."))
            return None
        data["basis_item"] = item
    return data


@staff_view
@require_http_methods(["GET", "POST"])
def fee_edit(request, pk: int | None = None):
    item = None
    if pk is not None:
        item = get_object_or_404(FeeItem.objects.select_related("agency", "basis_item"), pk=pk)
        if not can(request.user, "service.view", agency=item.agency):
            raise Http404
        if not can(request.user, "service.review", agency=item.agency):
            raise PermissionDenied
    agencies = agencies_where(request.user, "service.review").order_by("sort_order", "name")
    if item is None and not agencies.exists():
        raise PermissionDenied
    initial = (
        {"basis_index_number": item.basis_item.index_number} if item and item.basis_item else {}
    )
    form = FeeItemForm(
        request.POST or None,
        instance=FeeItem() if item is None else FeeItem.objects.get(pk=item.pk),
        initial=initial,
    )
    head = FeeAgencyForm(request.POST or None, agencies=agencies) if item is None else None
    if request.method == "POST" and form.is_valid() and (head is None or head.is_valid()):
        fields = _fields(form)
        if fields is not None:
            try:
                if item is None:
                    services.fee_item_create(
                        actor=request.user, agency=head.cleaned_data["agency"], **fields
                    )
                else:
                    services.fee_item_update(actor=request.user, item=item, **fields)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The fee list entry was saved."))
                return redirect("services_staff:fees")
    return render(
        request,
        "services/staff/fee_form.html",
        {"form": form, "head": head, "item": item, "subnav": "fees"},
    )
