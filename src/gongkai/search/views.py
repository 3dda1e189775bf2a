"""The public search page (thin: the search itself is ``selectors.search``)."""

from __future__ import annotations

from django.shortcuts import render

from gongkai.search.backends import Sort
from gongkai.search.forms import SearchForm
from gongkai.search.selectors import search


def results(request):
    form = SearchForm(request.GET or None)
    data = form.cleaned_or_default()
    sort = data["sort"] or Sort.RELEVANCE
    page = search(
        data["q"] or "",
        kind=data["kind"] or "",
        agency_ids=(data["agency"],) if data["agency"] else (),
        year=data["year"],
        validity=data["validity"] or "",
        sort=sort,
        page=data["page"] or 1,
    )
    query = request.GET.copy()
    query.pop("page", None)
    filtered = any(data[name] for name in ("kind", "agency", "year", "validity"))
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "result": page,
            "sort": sort,
            "filtered": filtered,
            "query_without_page": query.urlencode(),
        },
    )
