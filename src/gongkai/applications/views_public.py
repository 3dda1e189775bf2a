"""Public pages of 依申请公开: the online application form and the tracking page.

No account is needed. An applicant proves who he or she is on the tracking page with the
application number and the query code; after a successful lookup the application's id is
kept in the session (whose key is changed at that moment), and the status page and the
letter downloads require it there. Every other way in — a guessed number, a guessed letter
id, someone else's number — gets the same answer as a number that does not exist.
Responses that show an application are never cached.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.agencies.models import Agency
from gongkai.applications import captcha, ratelimit
from gongkai.applications.forms_public import ApplicationForm, TrackForm
from gongkai.applications.models import Application, Status
from gongkai.applications.services.intake import (
    application_by_number_and_code,
    application_submit_online,
    normalize_number,
)
from gongkai.audit.middleware import request_ip

NAV = "apply"
TRACKED_SESSION_KEY = "gk_tracked_applications"
TRACKED_MAX = 5
APPLY_CAPTCHA = "apply"
TRACK_CAPTCHA = "track"

# The status as the applicant should read it.
PUBLIC_STATUS = {
    Status.SUBMITTED: gettext_lazy(
        "Submitted online; waiting for the agency to confirm that it has received it."
    ),
    Status.REGISTERED: gettext_lazy("Received by the agency; it will be handled."),
    Status.HANDLING: gettext_lazy("Being handled by the agency."),
    Status.CORRECTION: gettext_lazy(
        "The agency has asked you to supplement your application (see the notice)."
    ),
    Status.FEE: gettext_lazy("Waiting for payment of the information processing fee."),
    Status.DECIDED: gettext_lazy("Decided; the reply is being prepared."),
    Status.REPLIED: gettext_lazy("Replied."),
    Status.ARCHIVED: gettext_lazy("Completed."),
}


def disclosure_office(agency: Agency) -> dict[str, str]:
    """Where and how to reach the agency's disclosure office (as in its guide)."""
    return {
        "name": agency.disclosure_office_name or agency.name,
        "address": agency.disclosure_address or agency.address,
        "postcode": agency.disclosure_postcode or agency.postcode,
        "office_hours": agency.disclosure_office_hours or agency.office_hours,
        "phone": agency.disclosure_phone or agency.phone,
        "fax": agency.disclosure_fax or agency.fax,
        "email": agency.disclosure_email or agency.email,
    }


def _client(request) -> str:
    return request_ip(request) or "unknown"


# --- Applying ------------------------------------------------------------------------------


def _form_page(request, agency: Agency, form: ApplicationForm, *, alert: str = "", status=200):
    return render(
        request,
        "applications/public/apply_form.html",
        {
            "agency": agency,
            "office": disclosure_office(agency),
            "form": form,
            "alert": alert,
            "captcha_image": captcha.new_challenge(request, APPLY_CAPTCHA),
            "nav_active": NAV,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request):
    """``/apply/new/?agency=<credit code>``: the form; without an agency, the list to choose
    from. POST checks the CAPTCHA (used up either way), the form, then the limits per client
    and per contact, submits, and shows the number and query code (this response only: the
    code is not stored readable, so it is not put in the session for a redirect)."""
    code = request.GET.get("agency", "").strip().upper()
    if not code:
        agencies = Agency.objects.filter(is_active=True).order_by("sort_order", "name")
        return render(
            request,
            "applications/public/choose_agency.html",
            {"agencies": agencies, "nav_active": NAV},
        )
    agency = Agency.objects.filter(credit_code=code, is_active=True).first()
    if agency is None:
        raise Http404
    if request.method != "POST":
        return _form_page(request, agency, ApplicationForm())

    form = ApplicationForm(request.POST, request.FILES)
    ip = _client(request)
    try:
        ratelimit.check("apply-ip", ip, ratelimit.rule("GONGKAI_APPLY_LIMIT_PER_IP"))
    except ratelimit.RateLimited as limited:
        return _form_page(request, agency, form, alert=limited.message, status=429)
    solved = captcha.verify(request, APPLY_CAPTCHA, request.POST.get("captcha", ""))
    if not form.is_valid() or not solved:
        if not solved and "captcha" not in form.errors:
            form.add_error(
                "captcha", _("The verification answer is wrong or has expired: try the new one.")
            )
        return _form_page(request, agency, form)
    data = form.application_data
    contact_rule = ratelimit.rule("GONGKAI_APPLY_LIMIT_PER_CONTACT")
    idents = ratelimit.contact_idents(data["phone"], data["email"])
    try:
        for ident in idents:
            ratelimit.check("apply-contact", ident, contact_rule)
    except ratelimit.RateLimited as limited:
        return _form_page(request, agency, form, alert=limited.message, status=429)
    try:
        application, query_code = application_submit_online(
            agency=agency, data=data, attachments=form.attachments()
        )
    except ValidationError as e:
        for field, messages in e.message_dict.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
        return _form_page(request, agency, form)
    ratelimit.record("apply-ip", ip, ratelimit.rule("GONGKAI_APPLY_LIMIT_PER_IP"))
    for ident in idents:
        ratelimit.record("apply-contact", ident, contact_rule)
    _remember(request, application)
    return render(
        request,
        "applications/public/submitted.html",
        {
            "application": application,
            "query_code": query_code,
            "office": disclosure_office(agency),
            "nav_active": NAV,
        },
    )


# --- Tracking ------------------------------------------------------------------------------


def _remember(request, application: Application) -> None:
    """Let this session see ``application`` (after submitting or a successful lookup)."""
    tracked = [pk for pk in request.session.get(TRACKED_SESSION_KEY, []) if pk != application.pk]
    request.session.cycle_key()  # a new session key once the visitor has proved something
    request.session[TRACKED_SESSION_KEY] = ([application.pk] + tracked)[:TRACKED_MAX]


def _tracked(request, number: str) -> Application | None:
    """The application ``number`` if this session has proved access to it, else None."""
    ids = request.session.get(TRACKED_SESSION_KEY, [])
    if not ids:
        return None
    return (
        Application.objects.filter(pk__in=ids, number=normalize_number(number))
        .select_related("agency")
        .first()
    )


def _track_page(request, form: TrackForm, *, alert: str = "", status=200):
    context = {"form": form, "alert": alert, "nav_active": NAV}
    if form.needs_captcha:
        context["captcha_image"] = captcha.new_challenge(request, TRACK_CAPTCHA)
    return render(request, "applications/public/track_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track(request):
    """``/apply/track/``: number + query code. A wrong number and a wrong code get the same
    message; wrong pairs are counted per client, after ``GONGKAI_TRACK_CAPTCHA_AFTER`` the
    CAPTCHA is asked too, and after ``GONGKAI_TRACK_LIMIT_FAILURES`` the page refuses to look
    until the window has passed."""
    ip = _client(request)
    failures_rule = ratelimit.rule("GONGKAI_TRACK_LIMIT_FAILURES")
    captcha_after = int(getattr(settings, "GONGKAI_TRACK_CAPTCHA_AFTER", 3))

    def needs_captcha() -> bool:
        return ratelimit.count("track-fail", ip, failures_rule) >= captcha_after

    if request.method != "POST":
        return _track_page(request, TrackForm(needs_captcha=needs_captcha()))
    form = TrackForm(request.POST, needs_captcha=needs_captcha())
    try:
        ratelimit.check("track-fail", ip, failures_rule)
    except ratelimit.RateLimited as limited:
        return _track_page(request, form, alert=limited.message, status=429)
    if not form.is_valid():
        return _track_page(request, form)
    if form.needs_captcha and not captcha.verify(
        request, TRACK_CAPTCHA, form.cleaned_data.get("captcha", "")
    ):
        form.add_error(
            "captcha", _("The verification answer is wrong or has expired: try the new one.")
        )
        return _track_page(request, form)
    application = application_by_number_and_code(
        form.cleaned_data["number"], form.cleaned_data["query_code"]
    )
    if application is None:
        ratelimit.record("track-fail", ip, failures_rule)
        retry = TrackForm(request.POST, needs_captcha=needs_captcha())
        retry.is_valid()
        retry.add_error(None, _("The application number or query code is not correct."))
        return _track_page(request, retry)
    _remember(request, application)
    return redirect("applications:status", number=application.number)


@never_cache
@require_safe
def status(request, number: str):
    """The status page of an application this session has proved access to; any other
    number (existing or not) is sent back to the lookup form."""
    application = _tracked(request, number)
    if application is None:
        return redirect("applications:track")
    steps = application.steps.filter(public=True).order_by("at", "pk").only("at", "text")
    letters = application.letters.filter(issued_at__isnull=False, to_applicant=True).order_by(
        "issued_at", "pk"
    )
    return render(
        request,
        "applications/public/status.html",
        {
            "application": application,
            "status_text": PUBLIC_STATUS.get(application.status, application.get_status_display()),
            "office": disclosure_office(application.agency),
            "steps": steps,
            "letters": letters,
            "nav_active": NAV,
        },
    )


@never_cache
@require_safe
def letter_download(request, number: str, pk: int, fmt: str):
    """Stream an issued letter to the applicant (PDF or DOCX), only for an application this
    session has proved access to; 404 for everything else."""
    application = _tracked(request, number)
    if application is None or fmt not in ("pdf", "docx"):
        raise Http404
    letter = application.letters.filter(pk=pk, issued_at__isnull=False, to_applicant=True).first()
    stored = getattr(letter, fmt, None) if letter else None
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = f"{application.number}-{letter.get_kind_display()}.{fmt}"
    response = FileResponse(handle, as_attachment=True, filename=filename)
    patch_cache_control(response, private=True, no_store=True)
    return response
