"""Public pages of proposals: the published replies, one reply, the yearly counts.

Only what a published reply is meant to show reaches these pages: title, number, session, the
lead delegate's name (a public figure), the agencies, the reply text and its date.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from gongkai.agencies.models import Agency
from gongkai.proposals import counts
from gongkai.proposals.models import ProposalKind
from gongkai.proposals.selectors import lead_delegate, published_proposal, published_proposals

NAV = "interaction"
PAGE_SIZE = 20
SEARCH_LIMIT = 200


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_safe
def proposal_list(request):
    qs = published_proposals()
    year = _int(request.GET.get("year"))
    kind = request.GET.get("kind", "")
    agency_id = _int(request.GET.get("agency"))
    if year:
        qs = qs.filter(year=year)
    if kind in ProposalKind.values:
        qs = qs.filter(kind=kind)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        from gongkai.search.selectors import search

        found = search(q, kind="proposal", page_size=SEARCH_LIMIT).results
        qs = qs.filter(pk__in=[r.entry.object_id for r in found])
    page = Paginator(qs.order_by("-published_on", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(p, lead_delegate(p)) for p in page.object_list]
    agencies = Agency.objects.filter(pk__in=published_proposals().values("agency_id")).order_by(
        "sort_order", "name"
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "proposals/public/list.html",
        {
            "page": page,
            "rows": rows,
            "years": counts.public_years(),
            "year": year,
            "kind": kind,
            "kinds": ProposalKind.choices,
            "agencies": agencies,
            "agency_id": agency_id,
            "q": q,
            "querystring": query.urlencode(),
            "nav_active": NAV,
        },
    )


@require_safe
def proposal_detail(request, pk: int):
    proposal = published_proposal(pk)
    if proposal is None:
        raise Http404
    return render(
        request,
        "proposals/public/detail.html",
        {
            "p": proposal,
            "lead": lead_delegate(proposal),
            "replies": proposal.published_replies,
            "cohandlers": [c.agency for c in proposal.cohandlings.all()],
            "nav_active": NAV,
        },
    )


@require_safe
def counts_page(request):
    years = counts.years_with_proposals()
    default = years[0] if years else timezone.localdate().year
    year = _int(request.GET.get("year")) or default
    rows = counts.yearly_counts(year)
    return render(
        request,
        "proposals/public/counts.html",
        {
            "year": year,
            "years": years,
            "rows": rows,
            "total": counts.totals(rows),
            "nav_active": NAV,
        },
    )
