"""Public pages of the agency directory (thin: the reads are in ``selectors``)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render

from gongkai.agencies.credit_code import normalize
from gongkai.agencies.models import AgencyKind
from gongkai.agencies.selectors import (
    agency_ancestors,
    agency_search,
    agency_tree,
    group_by_kind,
    public_agency,
)


def directory(request):
    """The directory as a tree (the top agencies, then their children grouped by kind), or a
    flat list of matches when ``?q=`` or ``?kind=`` is given."""
    q = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    if kind not in AgencyKind.values:
        kind = ""
    context = {
        "q": q,
        "kind": kind,
        "kinds": AgencyKind.choices,
        "filtered": bool(q or kind),
        "nav_active": "disclosure",
    }
    if context["filtered"]:
        context["results"] = list(agency_search(q=q, kind=kind))
    else:
        context["roots"] = [
            {"node": node, "groups": group_by_kind(node.children)} for node in agency_tree()
        ]
    return render(request, "agencies/directory.html", context)


def detail(request, credit_code: str):
    """One agency's page: contact facts, functions, leaders, departments, child agencies.
    Inactive and unknown agencies are 404 alike."""
    canonical = normalize(credit_code)
    if canonical != credit_code:
        return redirect("agencies:detail", credit_code=canonical, permanent=True)
    agency = public_agency(credit_code)
    if agency is None:
        raise Http404
    children = list(agency.children.all())
    return render(
        request,
        "agencies/detail.html",
        {
            "agency": agency,
            "ancestors": agency_ancestors(agency),
            "leaders": agency.leaders.all(),
            "departments": agency.departments.all(),
            "children": children,
            "child_groups": group_by_kind(children),
            "nav_active": "disclosure",
        },
    )
