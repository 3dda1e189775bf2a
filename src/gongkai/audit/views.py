"""The audit screen for supervisors (公开办, 机关管理员, 系统管理员) and its CSV export."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from gongkai.accounts.permissions import agencies_where, home_agency, is_system_admin
from gongkai.audit.forms import EventFilterForm
from gongkai.audit.selectors import actions_in, events_filtered, events_visible_to
from gongkai.audit.services import record_event

PAGE_SIZE = 50
EXPORT_CHUNK = 2000


def _scope(request):
    """(visible events, agencies for the filter); 403 for people who may see no audit."""
    user = request.user
    if not (is_system_admin(user) or agencies_where(user, "audit.view").exists()):
        raise PermissionDenied
    agencies = agencies_where(user, "audit.view").order_by("sort_order", "name")
    return events_visible_to(user), agencies


def _filtered(request):
    visible, agencies = _scope(request)
    form = EventFilterForm(request.GET or None, agencies=agencies)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    return visible, form, filters, events_filtered(visible, **filters)


@login_required
@require_GET
def event_list(request):
    visible, form, _filters, events = _filtered(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (event, json.dumps(event.data, ensure_ascii=False, indent=2, sort_keys=True))
        for event in page
    ]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "actions": actions_in(visible),
            "querystring": params.urlencode(),
        },
    )


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_lines(events) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # BOM: Excel then reads the file as UTF-8 and shows Chinese correctly.
    yield writer.writerow(
        [
            _("Time"),
            _("User name"),
            _("Person"),
            _("Agency"),
            pgettext("audit", "Action"),
            _("Object type"),
            _("Object id"),
            _("Object"),
            _("Details"),
            _("IP address"),
        ]
    )
    for event in events.iterator(chunk_size=EXPORT_CHUNK):
        yield writer.writerow(
            [
                _cell(timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S")),
                _cell(event.actor.username if event.actor else ""),
                _cell(event.actor_name),
                _cell(event.agency.name if event.agency else ""),
                _cell(event.action),
                _cell(event.object_type),
                _cell(event.object_id),
                _cell(event.object_repr),
                _cell(json.dumps(event.data, ensure_ascii=False, sort_keys=True)),
                _cell(event.ip_address),
            ]
        )


@login_required
@require_GET
def event_export(request):
    """The filtered list as CSV (UTF-8 with BOM), streamed; the export is audited."""
    _visible, _form, filters, events = _filtered(request)
    rows = events.count()
    with transaction.atomic():
        record_event(
            actor=request.user,
            action="audit.export",
            agency=filters.get("agency") or home_agency(request.user),
            data={"filters": filters, "rows": rows},
        )
    filename = f"audit-{timezone.localdate():%Y%m%d}.csv"
    response = StreamingHttpResponse(_csv_lines(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
