"""Public pages of the mailboxes: the list of mailboxes, writing a letter, tracking it and
rating the reply.

No account is needed. A writer proves who he or she is on the tracking page with the letter's
number and query code; the letter's id is then kept in the session (whose key is changed at
that moment), and the status and rating pages require it there. Every other way in gets the
same answer as a number that does not exist. Pages that show a letter are never cached.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.agencies.models import Agency
from gongkai.applications import captcha, ratelimit
from gongkai.audit.middleware import request_ip
from gongkai.casework.codes import normalize_number
from gongkai.interaction.forms_public import MessageForm, RatingForm, TrackForm
from gongkai.interaction.models import Mailbox, MailboxKind, Message, MessageStatus
from gongkai.interaction.services.handling import message_rate
from gongkai.interaction.services.intake import (
    mailbox_for_agency,
    message_by_number_and_code,
    message_submit_online,
)

NAV = "interaction"
TRACKED_SESSION_KEY = "gk_tracked_messages"
TRACKED_MAX = 5
WRITE_CAPTCHA = "letter"
TRACK_CAPTCHA = "letter-track"

PUBLIC_STATUS = {
    MessageStatus.RECEIVED: gettext_lazy("Received; waiting to be accepted."),
    MessageStatus.ACCEPTED: gettext_lazy("Accepted; it will be handled."),
    MessageStatus.ASSIGNED: gettext_lazy("Being handled."),
    MessageStatus.REVIEW: gettext_lazy("Being handled; the reply is being checked."),
    MessageStatus.REPLIED: gettext_lazy("Replied."),
    MessageStatus.NOT_ACCEPTED: gettext_lazy("Not accepted (see the reason below)."),
    MessageStatus.MERGED: gettext_lazy(
        "Answered together with an earlier letter on the same matter."
    ),
}


def _client(request) -> str:
    return request_ip(request) or "unknown"


@require_safe
def mailbox_list(request):
    """Every open mailbox, agency by agency: the agency's own and its leaders'."""
    agencies = list(Agency.objects.filter(is_active=True).order_by("sort_order", "name"))
    boxes: dict[int, list[Mailbox]] = {}
    for box in Mailbox.objects.filter(is_open=True, agency__is_active=True).select_related(
        "leader"
    ):
        boxes.setdefault(box.agency_id, []).append(box)
    rows = []
    for agency in agencies:
        own = [b for b in boxes.get(agency.pk, []) if b.kind == MailboxKind.AGENCY]
        leaders = [b for b in boxes.get(agency.pk, []) if b.kind == MailboxKind.LEADER]
        rows.append({"agency": agency, "own": own[0] if own else None, "leaders": leaders})
    return render(
        request, "interaction/public/mailbox_list.html", {"rows": rows, "nav_active": NAV}
    )


def _write_page(request, mailbox: Mailbox, form: MessageForm, *, alert: str = "", status=200):
    return render(
        request,
        "interaction/public/write.html",
        {
            "mailbox": mailbox,
            "agency": mailbox.agency,
            "form": form,
            "alert": alert,
            "captcha_image": captcha.new_challenge(request, WRITE_CAPTCHA),
            "nav_active": NAV,
        },
        status=status,
    )


def _mailbox(mailbox_id: int) -> Mailbox:
    mailbox = get_object_or_404(
        Mailbox.objects.select_related("agency", "leader"),
        pk=mailbox_id,
        agency__is_active=True,
    )
    if not mailbox.is_open:
        raise Http404
    return mailbox


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def write(request, mailbox_id: int):
    """``/interaction/mail/write/<mailbox>/``: the letter form. ``mailbox_id`` 0 with
    ``?agency=<credit code>`` means the agency's own mailbox. POST checks the limits per client,
    the CAPTCHA (used up either way), the form and the limits per contact, then submits and
    shows the number and the query code (this response only)."""
    if mailbox_id == 0:
        agency = get_object_or_404(
            Agency, credit_code=request.GET.get("agency", "").strip().upper(), is_active=True
        )
        return redirect("interaction:write", mailbox_id=mailbox_for_agency(agency).pk)
    mailbox = _mailbox(mailbox_id)
    if request.method != "POST":
        return _write_page(request, mailbox, MessageForm())
    form = MessageForm(request.POST, request.FILES)
    ip = _client(request)
    ip_rule = ratelimit.rule("GONGKAI_APPLY_LIMIT_PER_IP")
    try:
        ratelimit.check("letter-ip", ip, ip_rule)
    except ratelimit.RateLimited as limited:
        return _write_page(request, mailbox, form, alert=limited.message, status=429)
    solved = captcha.verify(request, WRITE_CAPTCHA, request.POST.get("captcha", ""))
    if not form.is_valid() or not solved:
        if not solved and "captcha" not in form.errors:
            form.add_error(
                "captcha", _("The verification answer is wrong or has expired: try the new one.")
            )
        return _write_page(request, mailbox, form)
    data = form.message_data
    contact_rule = ratelimit.rule("GONGKAI_APPLY_LIMIT_PER_CONTACT")
    idents = ratelimit.contact_idents(data["writer_mobile"], data["writer_email"])
    try:
        for ident in idents:
            ratelimit.check("letter-contact", ident, contact_rule)
    except ratelimit.RateLimited as limited:
        return _write_page(request, mailbox, form, alert=limited.message, status=429)
    try:
        message, query_code = message_submit_online(
            mailbox=mailbox, data=data, attachments=form.attachments()
        )
    except ValidationError as e:
        for field, messages in e.message_dict.items():
            for text in messages:
                form.add_error(field if field in form.fields else None, text)
        return _write_page(request, mailbox, form)
    ratelimit.record("letter-ip", ip, ip_rule)
    for ident in idents:
        ratelimit.record("letter-contact", ident, contact_rule)
    _remember(request, message)
    return render(
        request,
        "interaction/public/written.html",
        {"message": message, "query_code": query_code, "nav_active": NAV},
    )


@require_safe
def written(request):
    """A reload of the confirmation page: the code is not shown again."""
    return redirect("interaction:track")


def _remember(request, message: Message) -> None:
    tracked = [pk for pk in request.session.get(TRACKED_SESSION_KEY, []) if pk != message.pk]
    request.session.cycle_key()
    request.session[TRACKED_SESSION_KEY] = ([message.pk] + tracked)[:TRACKED_MAX]


def _tracked(request, number: str) -> Message | None:
    ids = request.session.get(TRACKED_SESSION_KEY, [])
    if not ids:
        return None
    return (
        Message.objects.filter(pk__in=ids, number=normalize_number(number))
        .select_related("agency", "mailbox", "merged_into")
        .first()
    )


def _track_page(request, form: TrackForm, *, alert: str = "", status=200):
    context = {"form": form, "alert": alert, "nav_active": NAV}
    if form.needs_captcha:
        context["captcha_image"] = captcha.new_challenge(request, TRACK_CAPTCHA)
    return render(request, "interaction/public/track_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track(request):
    """Number + query code; wrong pairs counted per client, then a CAPTCHA, then a pause."""
    ip = _client(request)
    failures_rule = ratelimit.rule("GONGKAI_TRACK_LIMIT_FAILURES")
    captcha_after = int(getattr(settings, "GONGKAI_TRACK_CAPTCHA_AFTER", 3))

    def needs_captcha() -> bool:
        return ratelimit.count("letter-track-fail", ip, failures_rule) >= captcha_after

    if request.method != "POST":
        return _track_page(request, TrackForm(needs_captcha=needs_captcha()))
    form = TrackForm(request.POST, needs_captcha=needs_captcha())
    try:
        ratelimit.check("letter-track-fail", ip, failures_rule)
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
    message = message_by_number_and_code(
        form.cleaned_data["number"], form.cleaned_data["query_code"]
    )
    if message is None:
        ratelimit.record("letter-track-fail", ip, failures_rule)
        retry = TrackForm(request.POST, needs_captcha=needs_captcha())
        retry.is_valid()
        retry.add_error(None, _("The letter number or query code is not correct."))
        return _track_page(request, retry)
    _remember(request, message)
    return redirect("interaction:status", number=message.number)


def _status_page(request, message: Message, rating_form: RatingForm | None = None, status=200):
    steps = message.steps.filter(public=True).order_by("at", "pk").only("at", "text")
    can_rate = message.status == MessageStatus.REPLIED and not message.rating
    return render(
        request,
        "interaction/public/status.html",
        {
            "message": message,
            "status_text": PUBLIC_STATUS.get(message.status, message.get_status_display()),
            "steps": steps,
            "rating_form": rating_form or (RatingForm() if can_rate else None),
            "nav_active": NAV,
        },
        status=status,
    )


@never_cache
@require_safe
def status(request, number: str):
    message = _tracked(request, number)
    if message is None:
        return redirect("interaction:track")
    return _status_page(request, message)


@never_cache
@require_safe
def reply_download(request, number: str, fmt: str):
    """The reply as a document (PDF or DOCX), for a letter this session has proved access to."""
    from django.http import HttpResponse

    from gongkai.interaction.documents import reply_docx, reply_pdf

    message = _tracked(request, number)
    if message is None or not message.replied_on or not message.reply or fmt not in ("pdf", "docx"):
        raise Http404
    content, mimetype = (
        (reply_pdf(message), "application/pdf")
        if fmt == "pdf"
        else (
            reply_docx(message),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    )
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{message.number}-reply.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_POST
def rate(request, number: str):
    message = _tracked(request, number)
    if message is None:
        return redirect("interaction:track")
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _status_page(request, message, form, status=400)
    try:
        message_rate(
            message=message,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as e:
        form.add_error(None, e.messages[0])
        return _status_page(request, message, form, status=400)
    return redirect("interaction:status", number=message.number)
