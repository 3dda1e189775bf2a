"""Public pages of the service hall: the list of agencies, an agency's commitments, its
windows with the cards of the people at them, the staff photos, the rating form, and the
figures of the ratings.

No account is needed. The rating form is protected like the application form: a CAPTCHA
(used up either way), a limit per client address and one per phone number / e-mail address.
A rater's comment and contact details never reach a public page; the figures are counts.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.agencies.models import Agency
from gongkai.applications import captcha, ratelimit
from gongkai.audit.middleware import request_ip
from gongkai.servicehall import rules
from gongkai.servicehall.charts import build_charts, build_tables, key_figures
from gongkai.servicehall.figures import first_year, rating_figures
from gongkai.servicehall.forms_public import NOT_AT_A_WINDOW, RatingForm, YearForm
from gongkai.servicehall.links import matter_url, rate_url
from gongkai.servicehall.models import Window
from gongkai.servicehall.selectors import (
    hall_agencies,
    public_card,
    public_commitments,
    public_matters,
    public_windows,
)
from gongkai.servicehall.services import rating_submit

NAV = "services"
CAPTCHA = "rating"


def ip_rule() -> ratelimit.Rule:
    """Ratings per client address (``GONGKAI_RATING_LIMIT_PER_IP``, default 20 an hour: a
    hall's guest network puts many citizens behind one address)."""
    limit, window = getattr(settings, "GONGKAI_RATING_LIMIT_PER_IP", (20, 3600))
    return ratelimit.Rule(int(limit), int(window))


def contact_rule() -> ratelimit.Rule:
    """Ratings per phone number and per e-mail address (``GONGKAI_RATING_LIMIT_PER_CONTACT``,
    default 5 a day)."""
    limit, window = getattr(settings, "GONGKAI_RATING_LIMIT_PER_CONTACT", (5, 86400))
    return ratelimit.Rule(int(limit), int(window))


def _client(request) -> str:
    return request_ip(request) or "unknown"


def _agency(credit_code: str) -> Agency:
    return get_object_or_404(Agency, credit_code=credit_code.upper(), is_active=True)


@require_safe
def index(request):
    """Every agency with its commitments, windows, figures and rating form."""
    return render(
        request,
        "servicehall/public/index.html",
        {"agencies": hall_agencies(), "year": timezone.localdate().year, "nav_active": NAV},
    )


@require_safe
def commitments(request, credit_code: str):
    agency = _agency(credit_code)
    rows = list(public_commitments(agency))
    for commitment in rows:
        commitment.linked = [(m, matter_url(m)) for m in commitment.matters.all()]
    return render(
        request,
        "servicehall/public/commitments.html",
        {
            "agency": agency,
            "commitments": rows,
            "rate_url": rate_url(agency=agency),
            "nav_active": NAV,
        },
    )


@require_safe
def windows(request, credit_code: str):
    agency = _agency(credit_code)
    rows = public_windows(agency)
    for window in rows:
        window.linked = [(m, matter_url(m)) for m in window.matters.all()]
        window.rate_url = rate_url(window=window)
    return render(
        request,
        "servicehall/public/windows.html",
        {"agency": agency, "windows": rows, "nav_active": NAV},
    )


@require_safe
def staff_photo(request, pk: int):
    card = public_card(pk)
    if card is None or not card.photo:
        raise Http404
    try:
        handle = card.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Stored photos are always the re-encoded JPEG copy (``photos.checked_photo``).
    response = FileResponse(handle, content_type="image/jpeg")
    patch_cache_control(response, public=True, max_age=3600)
    return response


# --- Rating ---------------------------------------------------------------------------------


def _target(request) -> tuple[Agency | None, Window | None, object | None]:
    """The agency, window and matter the form is opened for (``?window=``, ``?matter=``,
    ``?agency=``); 404 for one that is not public."""
    window = matter = agency = None
    raw_window = request.GET.get("window", "").strip()
    if raw_window:
        if not raw_window.isdigit():
            raise Http404
        window = get_object_or_404(
            Window.objects.select_related("agency"),
            pk=int(raw_window),
            is_active=True,
            agency__is_active=True,
        )
        agency = window.agency
    code = request.GET.get("matter", "").strip()
    if code:
        matter = public_matters(agency).filter(implementation_code=code).first()
        if matter is None:
            raise Http404
        agency = matter.agency
    credit_code = request.GET.get("agency", "").strip()
    if agency is None and credit_code:
        agency = _agency(credit_code)
    return agency, window, matter


def _form_page(request, form: RatingForm, *, window, alert: str = "", status: int = 200):
    return render(
        request,
        "servicehall/public/rate.html",
        {
            "agency": form.agency,
            "window": window,
            "form": form,
            "alert": alert,
            "days": rules.rectify_days(),
            "captcha_image": captcha.new_challenge(request, CAPTCHA),
            "nav_active": NAV,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def rate(request):
    """``/services/hall/rate/?window=<id>`` (the QR code of a window's cards),
    ``?matter=<implementation code>`` or ``?agency=<credit code>``: the rating form; with
    none of them, the agencies to choose from. POST checks the per-client limit, the CAPTCHA,
    the form and the per-contact limit, then records the rating."""
    agency, window, matter = _target(request)
    if agency is None:
        agencies = [a for a in hall_agencies() if public_matters(a).exists()]
        return render(
            request,
            "servicehall/public/rate_choose.html",
            {"agencies": agencies, "nav_active": NAV},
        )
    matters = list(public_matters(agency))
    if not matters:  # a window's QR code before the agency has published its guides
        return render(
            request,
            "servicehall/public/rate_choose.html",
            {"agency": agency, "agencies": [], "nav_active": NAV},
        )
    windows = list(Window.objects.filter(agency=agency, is_active=True).order_by("sort_order"))
    options = {"agency": agency, "matters": matters, "windows": windows, "window": window}
    if request.method != "POST":
        initial = {"window": str(window.pk) if window else NOT_AT_A_WINDOW}
        if matter is not None:
            initial["matter"] = str(matter.pk)
        return _form_page(request, RatingForm(initial=initial, **options), window=window)
    form = RatingForm(request.POST, **options)
    ip = _client(request)
    try:
        ratelimit.check("rating-ip", ip, ip_rule())
    except ratelimit.RateLimited as limited:
        return _form_page(request, form, window=window, alert=limited.message, status=429)
    solved = captcha.verify(request, CAPTCHA, request.POST.get("captcha", ""))
    if not form.is_valid() or not solved:
        if not solved and "captcha" not in form.errors:
            form.add_error(
                "captcha", _("The verification answer is wrong or has expired: try the new one.")
            )
        return _form_page(request, form, window=window)
    data = form.rating_data
    idents = ratelimit.contact_idents(data["contact_phone"], data["contact_email"])
    try:
        for ident in idents:
            ratelimit.check("rating-contact", ident, contact_rule())
    except ratelimit.RateLimited as limited:
        return _form_page(request, form, window=window, alert=limited.message, status=429)
    try:
        rating = rating_submit(
            agency=agency, matter=data["matter"], window=data["window"], data=request.POST
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
        return _form_page(request, form, window=window)
    ratelimit.record("rating-ip", ip, ip_rule())
    for ident in idents:
        ratelimit.record("rating-contact", ident, contact_rule())
    case = getattr(rating, "rectification", None) if rating.is_bad else None
    return render(
        request,
        "servicehall/public/rated.html",
        {
            "rating": rating,
            "case": case,
            "agency": agency,
            "again_url": rate_url(window=rating.window, agency=agency),
            "nav_active": NAV,
        },
    )


# --- Figures --------------------------------------------------------------------------------


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
    figures = rating_figures(year=year, agency=agency, today=timezone.localdate())
    return render(
        request,
        "servicehall/public/figures.html",
        {
            "agency": agency,
            "year": year,
            "form": YearForm(initial={"year": year}, years=years),
            "figures": figures,
            "charts": build_charts(figures),
            "tables": build_tables(figures),
            "key_figures": key_figures(figures),
            "days": rules.rectify_days(),
            "nav_active": NAV,
        },
    )


@require_safe
def figures(request):
    """The ratings of the year site-wide, with a row per agency."""
    return _figures_page(request, None)


@require_safe
def agency_figures(request, credit_code: str):
    """The ratings of one agency's matters in the year, with a row per matter."""
    return _figures_page(request, _agency(credit_code))
