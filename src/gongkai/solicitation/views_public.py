"""Public pages of 意见征集 and 听证: the list (open now, upcoming, closed) with search, one
solicitation with its draft, files, approved comments, comment or registration form and the
feedback report, and the file downloads.

The comment and registration forms are protected as the application form is: the arithmetic
CAPTCHA (``applications.captcha``, used up either way) and sliding-window limits per client
address and per phone number/e-mail address (``applications.ratelimit``). Nothing here ever
shows a name, phone number or e-mail address of the public.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from gongkai.agencies.models import Agency
from gongkai.applications import captcha, ratelimit
from gongkai.audit.middleware import request_ip
from gongkai.solicitation.forms_public import CommentForm, RegistrationForm
from gongkai.solicitation.models import PUBLIC_STATUSES, Kind, Solicitation, Status
from gongkai.solicitation.rules import Phase, days_remaining, input_refusal, phase_of
from gongkai.solicitation.search_provider import KIND
from gongkai.solicitation.selectors import (
    approved_comments,
    entries_of,
    figures,
    in_phase,
    public_solicitations,
    registration_counts,
)
from gongkai.solicitation.services import comment_submit, registration_submit

NAV = "interaction"
COMMENT_CAPTCHA = "solicitation-comment"
REGISTER_CAPTCHA = "solicitation-register"
PAGE_SIZE = 20
COMMENTS_PAGE_SIZE = 30
TABS = (
    (Phase.OPEN, gettext_lazy("Open now")),
    (Phase.UPCOMING, gettext_lazy("Upcoming")),
    (Phase.CLOSED, pgettext_lazy("solicitation", "Closed")),
)


def _rule(name: str, default: tuple[int, int]) -> ratelimit.Rule:
    limit, window = getattr(settings, name, default)
    return ratelimit.Rule(int(limit), int(window))


def limit_per_ip() -> ratelimit.Rule:
    """``GONGKAI_COMMENT_LIMIT_PER_IP`` (default 10 an hour): comments and registrations."""
    return _rule("GONGKAI_COMMENT_LIMIT_PER_IP", (10, 3600))


def limit_per_contact() -> ratelimit.Rule:
    """``GONGKAI_COMMENT_LIMIT_PER_CONTACT`` (default 5 a day) per phone number and e-mail."""
    return _rule("GONGKAI_COMMENT_LIMIT_PER_CONTACT", (5, 86400))


# --- the list -------------------------------------------------------------------------------


@require_safe
def solicitation_list(request):
    """``?phase=open|upcoming|closed``, ``?agency=<credit code>``, ``?kind=``, ``?q=`` (search
    through the site's index, all phases)."""
    today = timezone.localdate()
    qs = public_solicitations()
    agency = None
    code = request.GET.get("agency", "").strip().upper()
    if code:
        agency = Agency.objects.filter(credit_code=code, is_active=True).first()
        if agency is not None:
            qs = qs.filter(agency=agency)
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    q = " ".join(request.GET.get("q", "").split())[:100]
    counts = {tab.value: in_phase(qs, tab, today).count() for tab, _label in TABS}
    current = request.GET.get("phase", "")
    if q:
        from gongkai.search.selectors import search

        found = search(
            q, kind=KIND, agency_ids=(agency.pk,) if agency else (), page_size=100
        ).results
        order = {hit.entry.object_id: i for i, hit in enumerate(found)}
        rows = sorted(qs.filter(pk__in=order), key=lambda s: order[s.pk])
        current = ""
    else:
        if current not in counts:
            current = Phase.OPEN.value
        ordering = ("closes_on", "pk") if current == Phase.OPEN else ("-closes_on", "-pk")
        if current == Phase.UPCOMING:
            ordering = ("opens_on", "pk")
        rows = in_phase(qs, current, today).order_by(*ordering)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    agencies = (
        Agency.objects.filter(is_active=True, solicitations__status__in=PUBLIC_STATUSES)
        .distinct()
        .order_by("sort_order", "name")
    )
    return render(
        request,
        "solicitation/public/list.html",
        {
            "page": page,
            "rows": [(s, phase_of(s, today), days_remaining(s.closes_on, today)) for s in page],
            "current": current,
            "tabs": [(tab.value, label, counts[tab.value]) for tab, label in TABS],
            "q": q,
            "agency": agency,
            "agencies": agencies,
            "kind": kind if kind in Kind.values else "",
            "kinds": Kind.choices,
            "nav_active": NAV,
        },
    )


# --- one solicitation -----------------------------------------------------------------------


def _public_or_404(pk: int) -> Solicitation:
    return get_object_or_404(public_solicitations(), pk=pk)


def _detail_page(request, s: Solicitation, *, form=None, alert: str = "", status: int = 200):
    today = timezone.localdate()
    current = phase_of(s, today)
    refusal = input_refusal(s, today)
    takes_comments = s.kind == Kind.SOLICITATION and s.accepts_online and not refusal
    takes_registrations = s.kind == Kind.HEARING and not refusal
    context = {
        "s": s,
        "phase": current,
        "days_left": days_remaining(s.closes_on, today),
        "refusal": refusal,
        "files": list(s.files.all()),
        "comments": Paginator(approved_comments(s), COMMENTS_PAGE_SIZE).get_page(
            request.GET.get("cpage")
        ),
        "takes_comments": takes_comments,
        "takes_registrations": takes_registrations,
        "alert": alert,
        "nav_active": NAV,
    }
    if s.kind == Kind.HEARING:
        context["registrations"] = registration_counts(s)
    if takes_comments:
        context["form"] = form or CommentForm()
        context["captcha_image"] = captcha.new_challenge(request, COMMENT_CAPTCHA)
    elif takes_registrations:
        context["form"] = form or RegistrationForm()
        context["captcha_image"] = captcha.new_challenge(request, REGISTER_CAPTCHA)
    if s.status == Status.FEEDBACK_PUBLISHED:
        context["figures"] = figures(s)
        context["entries"] = entries_of(s)
        final = s.final_item
        context["final_item"] = final if final is not None and final.is_public else None
    return render(request, "solicitation/public/detail.html", context, status=status)


@never_cache
@require_safe
def detail(request, pk: int):
    return _detail_page(request, _public_or_404(pk))


def _client(request) -> str:
    return request_ip(request) or "unknown"


def _contact_idents(values: dict[str, str]) -> list[str]:
    return ratelimit.contact_idents(values.get("phone", ""), values.get("email", ""))


def _submit(request, pk: int, *, form_class, purpose: str, service, thanks: str):
    """The shared POST path of both public forms (see the module docstring)."""
    s = _public_or_404(pk)
    form = form_class(request.POST)
    ip = _client(request)
    try:
        ratelimit.check("solicit-ip", ip, limit_per_ip())
    except ratelimit.RateLimited as limited:
        return _detail_page(request, s, form=form, alert=limited.message, status=429)
    solved = captcha.verify(request, purpose, request.POST.get("captcha", ""))
    if not form.is_valid() or not solved:
        if not solved and "captcha" not in form.errors:
            form.add_error(
                "captcha", _("The verification answer is wrong or has expired: try the new one.")
            )
        return _detail_page(request, s, form=form)
    idents = _contact_idents(form.values)
    try:
        for ident in idents:
            ratelimit.check("solicit-contact", ident, limit_per_contact())
    except ratelimit.RateLimited as limited:
        return _detail_page(request, s, form=form, alert=limited.message, status=429)
    try:
        service(solicitation=s, data=form.values)
    except ValidationError as e:
        if getattr(e, "error_dict", None):
            for field, errors in e.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
            return _detail_page(request, s, form=form)
        return _detail_page(request, s, form=form, alert=" ".join(e.messages))
    ratelimit.record("solicit-ip", ip, limit_per_ip())
    for ident in idents:
        ratelimit.record("solicit-contact", ident, limit_per_contact())
    messages.success(request, thanks)
    return redirect(s.get_absolute_url() + "#comments")


@never_cache
@require_POST
def comment(request, pk: int):
    return _submit(
        request,
        pk,
        form_class=CommentForm,
        purpose=COMMENT_CAPTCHA,
        service=comment_submit,
        thanks=_(
            "Thank you: your comment has been received. It is shown here once it has been "
            "reviewed, without your name and phone number."
        ),
    )


@never_cache
@require_POST
def register(request, pk: int):
    return _submit(
        request,
        pk,
        form_class=RegistrationForm,
        purpose=REGISTER_CAPTCHA,
        service=registration_submit,
        thanks=_(
            "Thank you: your registration has been received. The office will tell the chosen "
            "participants by phone."
        ),
    )


@require_safe
def file_download(request, pk: int, file_pk: int):
    s = _public_or_404(pk)
    found = s.files.filter(pk=file_pk).first()
    if found is None or not found.file:
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=found.name)
    patch_cache_control(response, public=True, max_age=3600)
    return response
