"""Staff screens of the life events (人生事件) of the service directory: the list, adding one,
and changing one with the matters filed under it (公开办 or the owning agency's 机关管理员)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.accounts.permissions import agencies_where, can
from gongkai.core.staff_views import staff_view
from gongkai.services import services
from gongkai.services.forms_staff import FeeAgencyForm, LifeEventForm
from gongkai.services.models import LifeEvent
from gongkai.services.selectors import public_matters
from gongkai.services.views_staff.common import apply_errors


@staff_view
@require_GET
def event_list(request):
    if not agencies_where(request.user, "service.view").exists():
        raise PermissionDenied
    events = LifeEvent.objects.select_related("agency").order_by("sort_order", "pk")
    return render(
        request,
        "services/staff/life_events.html",
        {
            "rows": [(e, can(request.user, "agency.change", agency=e.agency)) for e in events],
            "may_create": agencies_where(request.user, "agency.change").exists(),
            "subnav": "events",
        },
    )


class _MattersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.agency.short_name or obj.agency.name} · {obj.name}"


@staff_view
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int | None = None):
    event = get_object_or_404(LifeEvent.objects.select_related("agency"), pk=pk) if pk else None
    if event is not None and not can(request.user, "agency.change", agency=event.agency):
        raise PermissionDenied
    agencies = agencies_where(request.user, "agency.change").order_by("sort_order", "name")
    if event is None and not agencies.exists():
        raise PermissionDenied
    instance = LifeEvent() if event is None else LifeEvent.objects.get(pk=event.pk)
    form = LifeEventForm(request.POST or None, instance=instance)
    if event is not None:
        form.fields["matters"] = _MattersField(
            label=gettext_lazy("Matters"),
            queryset=public_matters().order_by("agency__sort_order", "implementation_code"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=list(event.matters.values_list("pk", flat=True)),
        )
    head = FeeAgencyForm(request.POST or None, agencies=agencies) if event is None else None
    if head is not None:
        head.fields["agency"].label = gettext_lazy("Kept by")
    if request.method == "POST" and form.is_valid() and (head is None or head.is_valid()):
        data = dict(form.cleaned_data)
        try:
            if event is None:
                data.pop("matters", None)
                services.life_event_create(
                    actor=request.user, agency=head.cleaned_data["agency"], **data
                )
            else:
                matters = data.pop("matters")
                services.life_event_update(actor=request.user, event=event, matters=matters, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The life event was saved."))
            return redirect("services_staff:life_events")
    return render(
        request,
        "services/staff/life_event_form.html",
        {"form": form, "head": head, "event": event, "subnav": "events"},
    )
