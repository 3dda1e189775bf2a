"""Public pages of notices (公示): the list (in their period / ended, with the result), one
notice with the days left and how to object, the objection form, and the print version (A4
PDF for the notice board).

The objection form is protected as the application form is: the arithmetic CAPTCHA
(``applications.captcha``, used up either way) and sliding-window limits per client address
and per phone number (``applications.ratelimit``). Objections are private: no page shows one,
and the number received is shown only with the result.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from gongkai.agencies.models import Agency
from gongkai.applications import captcha, ratelimit
from gongkai.audit.middleware import request_ip
from gongkai.notices.display import counting_rule, period_facts
from gongkai.notices.forms_public import ObjectionForm
from gongkai.notices.models import PUBLIC_STATUSES, Kind, Notice
from gongkai.notices.printing import notice_pdf
from gongkai.notices.search_provider import KIND
from gongkai.notices.selectors import in_public_phase, public_notices, public_objection_count
from gongkai.notices.services import objection_refusal, objection_submit

NAV = "services"
OBJECTION_CAPTCHA = "notice-objection"
PAGE_SIZE = 20
TABS = (
    ("in_period", gettext_lazy("In their period")),
    ("ended", gettext_lazy("Ended")),
)


def _rule(name: str, default: tuple[int, int]) -> ratelimit.Rule:
    limit, window = getattr(settings, name, default)
    return ratelimit.Rule(int(limit), int(window))


def limit_per_ip() -> ratelimit.Rule:
    """``GONGKAI_OBJECTION_LIMIT_PER_IP`` (default 10 an hour)."""
    return _rule("GONGKAI_OBJECTION_LIMIT_PER_IP", (10, 3600))


def limit_per_contact() -> ratelimit.Rule:
    """``GONGKAI_OBJECTION_LIMIT_PER_CONTACT`` (default 5 a day) per phone number."""
    return _rule("GONGKAI_OBJECTION_LIMIT_PER_CONTACT", (5, 86400))


@require_safe
def notice_list(request):
    """``?phase=in_period|ended``, ``?agency=<credit code>``, ``?kind=``, ``?q=`` (search
    through the site's index, both phases)."""
    today = timezone.localdate()
    qs = public_notices(today)
    agency = None
    code = request.GET.get("agency", "").strip().upper()
    if code:
        agency = Agency.objects.filter(credit_code=code, is_active=True).first()
        if agency is not None:
            qs = qs.filter(agency=agency)
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    q = " ".join(request.GET.get("q", "").split())[:100]
    counts = {value: in_public_phase(qs, value, today).count() for value, _label in TABS}
    current = request.GET.get("phase", "")
    if q:
        from gongkai.search.selectors import search

        found = search(
            q, kind=KIND, agency_ids=(agency.pk,) if agency else (), page_size=100
        ).results
        order = {hit.entry.object_id: i for i, hit in enumerate(found)}
        rows = sorted(qs.filter(pk__in=order), key=lambda n: order[n.pk])
        current = ""
    else:
        if current not in counts:
            current = "in_period"
        ordering = ("ends_on", "pk") if current == "in_period" else ("-ends_on", "-pk")
        rows = in_public_phase(qs, current, today).order_by(*ordering)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    agencies = (
        Agency.objects.filter(
            is_active=True, notices__status__in=PUBLIC_STATUSES, notices__starts_on__lte=today
        )
        .distinct()
        .order_by("sort_order", "name")
    )
    return render(
        request,
        "notices/public/list.html",
        {
            "page": page,
            "rows": [(n, period_facts(n, today)) for n in page],
            "current": current,
            "tabs": [(value, label, counts[value]) for value, label in TABS],
            "q": q,
            "agency": agency,
            "agencies": agencies,
            "kind": kind,
            "kinds": Kind.choices,
            "nav_active": NAV,
        },
    )


def _public_or_404(pk: int) -> Notice:
    return get_object_or_404(public_notices(timezone.localdate()), pk=pk)


def _detail_page(request, n: Notice, *, form=None, alert: str = "", status: int = 200):
    today = timezone.localdate()
    refusal = objection_refusal(n, today)
    context = {
        "n": n,
        "facts": period_facts(n, today),
        "rule": counting_rule(n.counting),
        "objection_count": public_objection_count(n),
        "refusal": refusal,
        "alert": alert,
        "nav_active": NAV,
    }
    if not refusal:
        context["form"] = form or ObjectionForm()
        context["captcha_image"] = captcha.new_challenge(request, OBJECTION_CAPTCHA)
    return render(request, "notices/public/detail.html", context, status=status)


@never_cache
@require_safe
def detail(request, pk: int):
    return _detail_page(request, _public_or_404(pk))


@never_cache
@require_POST
def object_to(request, pk: int):
    """The objection form's POST (see the module docstring): nothing typed is lost on an
    error, nothing is saved unless everything is right."""
    n = _public_or_404(pk)
    form = ObjectionForm(request.POST)
    ip = request_ip(request) or "unknown"
    try:
        ratelimit.check("notice-ip", ip, limit_per_ip())
    except ratelimit.RateLimited as limited:
        return _detail_page(request, n, form=form, alert=limited.message, status=429)
    solved = captcha.verify(request, OBJECTION_CAPTCHA, request.POST.get("captcha", ""))
    if not form.is_valid() or not solved:
        if not solved and "captcha" not in form.errors:
            form.add_error(
                "captcha", _("The verification answer is wrong or has expired: try the new one.")
            )
        return _detail_page(request, n, form=form)
    idents = ratelimit.contact_idents(form.values.get("phone", ""), "")
    try:
        for ident in idents:
            ratelimit.check("notice-contact", ident, limit_per_contact())
    except ratelimit.RateLimited as limited:
        return _detail_page(request, n, form=form, alert=limited.message, status=429)
    try:
        objection_submit(notice=n, data=form.values)
    except ValidationError as e:
        if getattr(e, "error_dict", None):
            for field, errors in e.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
            return _detail_page(request, n, form=form)
        return _detail_page(request, n, form=form, alert=" ".join(e.messages))
    ratelimit.record("notice-ip", ip, limit_per_ip())
    for ident in idents:
        ratelimit.record("notice-contact", ident, limit_per_contact())
    messages.success(
        request,
        _(
            "Your objection has been received. Only the agency reads it; it is not shown "
            "publicly. If you gave a phone number, the agency will tell you what its "
            "verification found."
        ),
    )
    return redirect(n.get_absolute_url() + "#objection")


def pdf_response(pdf: bytes, notice: Notice) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notice-{notice.pk}.pdf"'
    return response


@require_safe
def print_pdf(request, pk: int):
    n = _public_or_404(pk)
    site = request.build_absolute_uri("/").rstrip("/")
    return pdf_response(notice_pdf(n, today=timezone.localdate(), site_url=site), n)
