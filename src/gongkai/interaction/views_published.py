"""Public pages of the published letters and of the letters' figures.

Only the reviewed public copy of a published letter is ever shown — ``public_title``,
``public_content``, ``public_reply``, with its agency, type and dates — never a writer field,
never a 举报 (``selectors.published_messages``). A withdrawn or reopened letter is gone: its
number answers 404 like one that never existed. The search goes through the site's search
index (kind ``message``, ``interaction.search_provider``), which holds the same public copy.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from gongkai.agencies.models import Agency
from gongkai.interaction.charts import build_charts, build_tables, key_figures
from gongkai.interaction.figures import first_year, letter_figures
from gongkai.interaction.forms_published import PublishedFilterForm, YearForm
from gongkai.interaction.search_provider import search_published
from gongkai.interaction.selectors import published_messages
from gongkai.search.snippets import highlight, snippet

NAV = "interaction"
PAGE_SIZE = 20


def _published_years() -> list[int]:
    return sorted({d.year for d in published_messages().dates("received_on", "year")}, reverse=True)


@require_safe
def published_list(request):
    """The published letters, newest first, filtered by agency, type and year (received);
    with ``q``, the search index's matches in the order of relevance."""
    form = PublishedFilterForm(request.GET or None, years=_published_years())
    messages = published_messages()
    q, tokens, capped = "", [], False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        q = data["q"].strip()
        if data["agency"]:
            messages = messages.filter(agency=data["agency"])
        if data["kind"]:
            messages = messages.filter(kind=data["kind"])
        if data["year"]:
            messages = messages.filter(received_on__year=data["year"])
        if q:
            order, tokens, capped = search_published(q, agency=data["agency"], year=data["year"])
            by_id = messages.in_bulk(order)
            messages = [by_id[pk] for pk in order if pk in by_id]
    paginator = Paginator(messages, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = [
        {
            "message": m,
            "title": highlight(m.public_title, tokens),
            "snippet": snippet(m.public_content, tokens),
        }
        for m in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "interaction/published/list.html",
        {
            "nav_active": NAV,
            "form": form,
            "page": page,
            "rows": rows,
            "q": q,
            "capped": capped,
            "query": query.urlencode(),
        },
    )


@require_safe
def published_detail(request, number):
    message = get_object_or_404(published_messages(), number=number)
    return render(
        request,
        "interaction/published/detail.html",
        {"nav_active": NAV, "message": message},
    )


def _year(request) -> tuple[int, list[int]]:
    """The year asked for (default this year) and the years offered; 404 for another."""
    this_year = timezone.localdate().year
    first = min(first_year() or this_year, this_year)
    years = list(range(this_year, first - 1, -1))
    raw = request.GET.get("year")
    if raw in (None, ""):
        return this_year, years
    form = YearForm({"year": raw}, years=years)
    if not form.is_valid():
        raise Http404
    return form.cleaned_data["year"], years


def _figures_page(request, agency: Agency | None):
    year, years = _year(request)
    figures = letter_figures(year=year, agency=agency)
    return render(
        request,
        "interaction/figures/page.html",
        {
            "nav_active": NAV,
            "agency": agency,
            "year": year,
            "form": YearForm(initial={"year": year}, years=years),
            "figures": figures,
            "charts": build_charts(figures),
            "tables": build_tables(figures),
            "key_figures": key_figures(figures),
        },
    )


@require_safe
def figures(request):
    """The site's figures of the year, with a row per agency."""
    return _figures_page(request, None)


@require_safe
def agency_figures(request, credit_code):
    agency = get_object_or_404(Agency, credit_code=credit_code, is_active=True)
    return _figures_page(request, agency)
