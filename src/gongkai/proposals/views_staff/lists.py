"""The workbench list of proposals, registering one, and the yearly counts per agency."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.accounts.permissions import agencies_where
from gongkai.core.dates import format_cn_date
from gongkai.core.staff_views import staff_view
from gongkai.proposals import counts
from gongkai.proposals.forms import OVERDUE, FilterForm, ProposalForm, parse_delegates
from gongkai.proposals.models import OPEN_STATUSES
from gongkai.proposals.selectors import proposals_visible_to
from gongkai.proposals.services import proposal_register

from .common import apply_errors

PAGE_SIZE = 30


def _viewable_agencies(user):
    agencies = agencies_where(user, "proposal.view").order_by("sort_order", "name")
    if not agencies.exists():
        raise PermissionDenied
    return agencies


@staff_view
@require_GET
def proposal_list(request):
    agencies = _viewable_agencies(request.user)
    today = timezone.localdate()
    form = FilterForm(request.GET or None, agencies=agencies, years=counts.years_with_proposals())
    qs = proposals_visible_to(request.user).prefetch_related("delegates")
    if form.is_valid():
        d = form.cleaned_data
        if d["year"]:
            qs = qs.filter(year=d["year"])
        if d["kind"]:
            qs = qs.filter(kind=d["kind"])
        if d["status"] == OVERDUE:
            qs = qs.filter(status__in=OPEN_STATUSES, deadline__lt=today)
        elif d["status"]:
            qs = qs.filter(status=d["status"])
        if d["agency"] is not None:
            qs = qs.filter(Q(agency=d["agency"]) | Q(cohandlings__agency=d["agency"]))
        if d["q"]:
            qs = qs.filter(Q(title__icontains=d["q"]) | Q(delegates__name__icontains=d["q"]))
    qs = qs.distinct().order_by("-year", "kind", "number")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "proposals/staff/list.html",
        {
            "form": form,
            "page": page,
            "today": today,
            "querystring": query.urlencode(),
            "can_register": agencies_where(request.user, "proposal.register").exists(),
            "open_statuses": OPEN_STATUSES,
        },
    )


@staff_view
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_register_view(request):
    lead_agencies = agencies_where(request.user, "proposal.register").order_by("sort_order", "name")
    if not lead_agencies.exists():
        raise PermissionDenied
    form = ProposalForm(request.POST or None, lead_agencies=lead_agencies)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            proposal = proposal_register(
                actor=request.user,
                kind=d["kind"],
                number=d["number"],
                session=d["session"],
                year=d["year"],
                title=d["title"],
                content=d["content"],
                agency=d["agency"],
                delegates=parse_delegates(d["delegates"]),
                cohandlers=list(d["cohandlers"]),
                registered_on=d["registered_on"],
                deadline=d["deadline"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(proposal)s was registered; its reply is due by %(deadline)s.")
                % {"proposal": proposal, "deadline": format_cn_date(proposal.deadline)},
            )
            return redirect("proposals_staff:detail", pk=proposal.pk)
    return render(request, "proposals/staff/register.html", {"form": form})


def _year(request, years: list[int]) -> int:
    try:
        return int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        return years[0] if years else timezone.localdate().year


@staff_view
@require_GET
def counts_view(request):
    """The yearly counts of the agencies the user may see (CSV with ``?format=csv``)."""
    agencies = _viewable_agencies(request.user)
    years = counts.years_with_proposals()
    year = _year(request, years)
    rows = counts.yearly_counts(year, agency_ids=list(agencies.values_list("pk", flat=True)))
    if request.GET.get("format") == "csv":
        return _counts_csv(year, rows)
    return render(
        request,
        "proposals/staff/counts.html",
        {"year": year, "years": years, "rows": rows, "total": counts.totals(rows)},
    )


def _counts_csv(year: int, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="proposals-{year}.csv"'
    response.write("\ufeff")  # Excel on Chinese Windows needs the BOM to read UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Agency"),
            _("NPC suggestions led"),
            _("CPPCC proposals led"),
            _("Led in all"),
            _("Co-handled"),
            _("Replied"),
            _("Replied on time"),
            _("Satisfied"),
            _("Basically satisfied"),
            _("Not satisfied"),
        ]
    )
    for row in [*rows, counts.totals(rows)]:
        writer.writerow(
            [
                row.agency.name if row.agency else _("Total"),
                row.lead_npc,
                row.lead_cppcc,
                row.lead,
                row.cohandled,
                row.replied,
                row.on_time,
                row.satisfied,
                row.basically,
                row.not_satisfied,
            ]
        )
    return response
