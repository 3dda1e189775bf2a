"""Public pages of 办事指南: the service directory (by agency, by life event, by who it serves,
and Chinese search through the site's index), one matter's guide (readable on a phone, with its
flowchart), its 一次性告知单 as PDF and its JSON export, the files of its materials, each
agency's fee list and the comparison of promised against statutory time limits.

Only the current version of a published matter of an active agency is ever shown; a draft,
a version under review or a withdrawn matter answers 404 like an unknown code.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from gongkai.agencies.models import Agency
from gongkai.services import limits
from gongkai.services.content import public_data
from gongkai.services.flowchart import flowchart_svg
from gongkai.services.handout import handout_pdf, steps_of
from gongkai.services.models import LifeEvent, Material, MaterialFile, MatterType, MatterVersion
from gongkai.services.search_provider import KIND
from gongkai.services.selectors import (
    agencies_with_fees,
    agencies_with_matters,
    for_audience,
    life_events,
    limit_rows,
    public_fee_items,
    public_matter,
    public_matters,
)

NAV = "services"
PAGE_SIZE = 50
AUDIENCES = {
    "natural": gettext_lazy("For individuals"),  # 个人办事
    "organization": gettext_lazy("For organizations"),  # 法人办事
}


def _ordered(qs):
    return qs.order_by("agency__sort_order", "agency__name", "sort_order", "implementation_code")


def _matter_list(request, qs, template: str, context: dict):
    matter_type = request.GET.get("type", "")
    if matter_type in MatterType.values:
        qs = qs.filter(current_version__matter_type=matter_type)
    else:
        matter_type = ""
    page = Paginator(_ordered(qs), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            "page": page,
            "matters": list(page),
            "matter_type": matter_type,
            "matter_types": MatterType.choices,
            "nav_active": NAV,
            **context,
        },
    )


@require_safe
def directory(request):
    """The service directory; ``?q=`` searches the guides through the site's index."""
    q = " ".join(request.GET.get("q", "").split())[:100]
    results = None
    if q:
        from gongkai.search.selectors import search

        found = search(q, kind=KIND, page_size=100).results
        order = {hit.entry.object_id: i for i, hit in enumerate(found)}
        results = sorted(public_matters().filter(pk__in=order), key=lambda m: order[m.pk])
    return render(
        request,
        "services/public/directory.html",
        {
            "q": q,
            "results": results,
            "agencies": agencies_with_matters(),
            "events": [e for e in life_events() if e.n_matters],
            "audiences": [
                (key, label, for_audience(public_matters(), key).count())
                for key, label in AUDIENCES.items()
            ],
            "nav_active": NAV,
        },
    )


@require_safe
def agency_matters(request, code: str):
    agency = get_object_or_404(Agency, credit_code=code.upper(), is_active=True)
    qs = public_matters().filter(agency=agency)
    return _matter_list(
        request,
        qs,
        "services/public/list.html",
        {
            "heading": agency.name,
            "agency": agency,
            "has_fees": agency.service_fee_items.filter(is_active=True).exists(),
        },
    )


@require_safe
def life_event(request, slug: str):
    event = get_object_or_404(LifeEvent, slug=slug, is_active=True)
    return _matter_list(
        request,
        public_matters().filter(life_events=event),
        "services/public/list.html",
        {
            "heading": event.name,
            "event": event,
            "events": [e for e in life_events() if e.n_matters],
        },
    )


@require_safe
def audience(request, audience: str):
    if audience not in AUDIENCES:
        raise Http404
    return _matter_list(
        request,
        for_audience(public_matters(), audience),
        "services/public/list.html",
        {"heading": AUDIENCES[audience], "audience": audience, "audiences": AUDIENCES.items()},
    )


def _public_or_404(code: str):
    matter = public_matter(code)
    if matter is None:
        raise Http404
    return matter


@require_safe
def matter_page(request, code: str):
    matter = _public_or_404(code)
    v = matter.current_version
    return render(
        request,
        "services/public/matter.html",
        {
            "matter": matter,
            "v": v,
            "flowchart": flowchart_svg(steps_of(v), chart_id="flowchart"),
            "events": [e for e in matter.life_events.all() if e.is_active],
            "nav_active": NAV,
        },
    )


@require_safe
def matter_handout(request, code: str):
    """The 一次性告知单 of the current version as an A4 PDF."""
    matter = _public_or_404(code)
    pdf = handout_pdf(
        matter,
        matter.current_version,
        page_url=request.build_absolute_uri(matter.get_absolute_url()),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = _("%(name)s - one-time notice.pdf") % {"name": matter.name}
    response["Content-Disposition"] = content_disposition_header(False, filename)
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
def matter_json(request, code: str):
    """Every element of the current version as JSON (the same shape as the public API)."""
    matter = _public_or_404(code)
    data = public_data(matter, matter.current_version, url=request.build_absolute_uri)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=60)
    return response


def _publicly_used(f: MaterialFile) -> bool:
    """A file is downloadable while a current version of a public matter uses it."""
    public_versions = MatterVersion.objects.filter(
        matter__in=public_matters().values("pk"), pk__in=public_matters().values("current_version")
    )
    return (
        Material.objects.filter(version__in=public_versions)
        .filter(Q(blank_form=f) | Q(sample=f))
        .exists()
        or public_versions.filter(result_sample=f).exists()
    )


@require_safe
def file_download(request, pk: int, name: str):
    f = get_object_or_404(MaterialFile, pk=pk)
    if name != f.name or not _publicly_used(f):
        raise Http404
    try:
        handle = f.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=f.name, content_type=f.mime)
    patch_cache_control(response, public=True, max_age=3600)
    return response


@require_safe
def fee_lists(request):
    return render(
        request,
        "services/public/fee_lists.html",
        {"agencies": agencies_with_fees(), "nav_active": NAV},
    )


@require_safe
def fee_list(request, code: str):
    agency = get_object_or_404(Agency, credit_code=code.upper(), is_active=True)
    items = list(public_fee_items(agency))
    if not items:
        raise Http404
    return render(
        request,
        "services/public/fee_list.html",
        {"agency": agency, "items": items, "nav_active": NAV},
    )


@require_safe
def limits_comparison(request):
    """Promised against statutory time limits, per agency (see ``services.limits``)."""
    agencies = limits.compare(limit_rows())
    return render(
        request,
        "services/public/limits.html",
        {
            "agencies": agencies,
            "total": limits.totals(agencies),
            "rule": limits.MIXED_UNITS_RULE,
            "nav_active": NAV,
        },
    )
