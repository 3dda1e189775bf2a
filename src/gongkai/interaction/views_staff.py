"""The staff screens of letters: the queue, the case page with its actions, registering a
letter that came by phone, visit or post, and the agency's mailboxes and time limits.

Each action on the case page is a small POST form to ``<number>/do/<action>/`` calling exactly
one service; a refused step is shown on the case page with the service's words and the form as
filled in. A letter the user may not see is a 404, like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts.models import Role, User
from gongkai.accounts.permissions import agencies_where, can
from gongkai.agencies.models import Department, Leader
from gongkai.casework.calendars import calendar_for
from gongkai.casework.queue import due_urgency
from gongkai.core.staff_views import staff_view_rendering
from gongkai.interaction import forms_staff as f
from gongkai.interaction.models import (
    CLOCK_STATUSES,
    OPEN_STATUSES,
    Mailbox,
    Message,
    MessageKind,
    MessageStatus,
    PublicationStatus,
    Rating,
)
from gongkai.interaction.permissions import can_see_identity, can_view_message
from gongkai.interaction.rules import site_time_limits
from gongkai.interaction.selectors import messages_visible_to
from gongkai.interaction.services import handling, identity, publication
from gongkai.interaction.services.clock import agency_limits
from gongkai.interaction.services.intake import message_register
from gongkai.interaction.services.mailboxes import mailbox_save, time_limits_set

staff_view = staff_view_rendering("catalog/staff/403.html")
PAGE_SIZE = 30


def _today():
    return timezone.localdate()


def get_message(request, number: str) -> Message:
    message = (
        Message.objects.select_related("agency", "mailbox", "handler", "department", "merged_into")
        .filter(number=number)
        .first()
    )
    if message is None or not can_view_message(request.user, message):
        raise Http404
    return message


def _urgency(message: Message, calendar, today_):
    if message.status not in CLOCK_STATUSES:
        return None
    return due_urgency(message.due_date, today_, calendar)


# --- the queue -------------------------------------------------------------------------------


@staff_view
def queue(request):
    user = request.user
    if (
        not agencies_where(user, "message.view").exists()
        and not Message.objects.filter(handler=user).exists()
    ):
        raise PermissionDenied
    qs = messages_visible_to(user)
    tab = request.GET.get("tab") or (
        "mine" if agencies_where(user, "message.handle").exists() else "open"
    )
    if tab == "mine":
        qs = qs.filter(handler=user, status__in=OPEN_STATUSES)
    elif tab == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif tab == "review":
        qs = qs.filter(status=MessageStatus.REVIEW)
    elif tab == "publication":
        qs = qs.filter(publication=PublicationStatus.PROPOSED)
    elif tab == "overdue":
        qs = qs.filter(status__in=CLOCK_STATUSES, due_date__lt=_today())
    kind = request.GET.get("kind", "")
    if kind in MessageKind.values:
        qs = qs.filter(kind=kind)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(number__icontains=q) | qs.filter(title__icontains=q)
    qs = qs.order_by("due_date", "-submitted_at") if tab != "all" else qs.order_by("-submitted_at")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today_ = _today()
    calendar = calendar_for(today_)
    rows = [(m, _urgency(m, calendar, today_)) for m in page]
    return render(
        request,
        "interaction/staff/queue.html",
        {
            "rows": rows,
            "page": page,
            "tab": tab,
            "tabs": [
                ("mine", _("My letters")),
                ("open", _("Open")),
                ("review", _("Replies to review")),
                ("publication", _("Proposed for publication")),
                ("overdue", _("Overdue")),
                ("all", _("All")),
            ],
            "kinds": MessageKind.choices,
            "kind": kind,
            "q": q,
            "can_register": agencies_where(user, "message.handle").exists(),
            "can_manage": agencies_where(user, "mailbox.manage").exists(),
        },
    )


# --- the case page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    form: Callable  # (message, data) -> Form
    run: Callable  # (user, message, form) -> None
    done: str
    allowed: Callable  # (user, message) -> bool


def _handlers(message: Message):
    return (
        User.objects.filter(is_active=True, roles__role=Role.HANDLER, roles__agency=message.agency)
        .distinct()
        .order_by("full_name", "username")
    )


def _plain(form_class):
    return lambda message, data: form_class(data, prefix=None)


def _has(action: str, *statuses):
    return lambda user, m: (
        can(user, action, agency=m.agency) and (not statuses or m.status in statuses)
    )


def _run_merge(user, message, form):
    into = Message.objects.filter(number=form.cleaned_data["into_number"].strip().upper()).first()
    if into is None:
        raise ValidationError(_("There is no letter with this number."))
    handling.message_merge(
        actor=user, message=message, into=into, reason=form.cleaned_data["reason"]
    )


def _publish_form(message, data):
    return f.PublishForm(data, findings=publication.public_findings(message))


ACTIONS: dict[str, Action] = {
    "accept": Action(
        _plain(f.EmptyForm),
        lambda u, m, form: handling.message_accept(actor=u, message=m),
        gettext_noop("The letter was accepted; the time limit runs."),
        _has("message.handle", MessageStatus.RECEIVED),
    ),
    "not_accept": Action(
        _plain(f.NotAcceptForm),
        lambda u, m, form: handling.message_not_accept(actor=u, message=m, **form.cleaned_data),
        gettext_noop("The letter was not accepted; the writer sees the reason."),
        _has("message.handle", MessageStatus.RECEIVED),
    ),
    "transfer": Action(
        _plain(f.TransferForm),
        lambda u, m, form: handling.message_transfer(actor=u, message=m, **form.cleaned_data),
        gettext_noop("The letter was passed on to the other agency."),
        _has("message.handle", MessageStatus.RECEIVED, MessageStatus.ACCEPTED),
    ),
    "merge": Action(
        _plain(f.MergeForm),
        _run_merge,
        gettext_noop("The letter was merged into the earlier one."),
        _has("message.handle", MessageStatus.RECEIVED, MessageStatus.ACCEPTED),
    ),
    "assign": Action(
        lambda m, data: f.AssignForm(
            data,
            handlers=_handlers(m),
            departments=Department.objects.filter(agency=m.agency),
            initial={"handler": m.handler_id, "department": m.department_id},
        ),
        lambda u, m, form: handling.message_assign(actor=u, message=m, **form.cleaned_data),
        gettext_noop("The letter was assigned."),
        _has("message.handle", MessageStatus.ACCEPTED, MessageStatus.ASSIGNED),
    ),
    "reply": Action(
        lambda m, data: f.ReplyForm(data, initial={"reply": m.reply, "submit": True}),
        lambda u, m, form: handling.message_reply_draft(actor=u, message=m, **form.cleaned_data),
        gettext_noop("The reply was saved."),
        lambda u, m: m.status == MessageStatus.ASSIGNED and m.handler_id == u.pk,
    ),
    "review": Action(
        _plain(f.ReviewForm),
        lambda u, m, form: handling.message_reply_review(
            actor=u,
            message=m,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        ),
        gettext_noop("The review was recorded."),
        lambda u, m: (
            _has("message.review", MessageStatus.REVIEW)(u, m) and m.reply_drafted_by_id != u.pk
        ),
    ),
    "extension_request": Action(
        _plain(f.ExtensionRequestForm),
        lambda u, m, form: handling.extension_request(actor=u, message=m, **form.cleaned_data),
        gettext_noop("The extension was asked for; a leader decides."),
        lambda u, m: (
            _has("message.handle", *CLOCK_STATUSES)(u, m)
            and not m.extensions.filter(approved__isnull=True).exists()
        ),
    ),
    "extension_decide": Action(
        _plain(f.ExtensionDecideForm),
        lambda u, m, form: handling.extension_decide(
            actor=u,
            extension=m.extensions.get(approved__isnull=True),
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        ),
        gettext_noop("The extension was decided."),
        lambda u, m: (
            _has("message.approve", *CLOCK_STATUSES)(u, m)
            and m.extensions.filter(approved__isnull=True).exists()
        ),
    ),
    "reopen": Action(
        _plain(f.ReasonForm),
        lambda u, m, form: handling.message_reopen(actor=u, message=m, **form.cleaned_data),
        gettext_noop("The letter is handled again."),
        lambda u, m: (
            _has("message.handle", MessageStatus.REPLIED)(u, m)
            and m.rating == Rating.DISSATISFIED
            and m.reopened_on is None
        ),
    ),
    "prepare": Action(
        lambda m, data: f.PublicationForm(
            data,
            initial={
                "public_title": m.public_title,
                "public_content": m.public_content,
                "public_reply": m.public_reply,
            }
            if m.public_title
            else None,
        ),
        lambda u, m, form: publication.message_publication_prepare(
            actor=u, message=m, **form.cleaned_data
        ),
        gettext_noop("The public copy was saved for review."),
        lambda u, m: (
            _has("message.handle", MessageStatus.REPLIED)(u, m)
            and m.publish_consent
            and not m.is_report
            and m.publication != PublicationStatus.PUBLISHED
        ),
    ),
    "publish": Action(
        _publish_form,
        lambda u, m, form: publication.message_publish(
            actor=u,
            message=m,
            confirm_no_personal_data=form.cleaned_data["confirm"],
            cleared=form.cleaned_data.get("cleared", ()),
        ),
        gettext_noop("The letter and its reply were published."),
        lambda u, m: (
            _has("message.review", MessageStatus.REPLIED)(u, m)
            and m.publication == PublicationStatus.PROPOSED
        ),
    ),
    "unpublish": Action(
        _plain(f.ReasonForm),
        lambda u, m, form: publication.message_unpublish(actor=u, message=m, **form.cleaned_data),
        gettext_noop("The letter was withdrawn from the website."),
        lambda u, m: (
            can(u, "message.review", agency=m.agency)
            and m.publication == PublicationStatus.PUBLISHED
        ),
    ),
}


def _prefill_publication(message: Message, form):
    """Start the public copy from the originals with the scan's findings masked."""
    if message.public_title or form.is_bound:
        return form
    masked = publication.masked_copy(message)
    return f.PublicationForm(initial=masked)


def _detail_page(request, message: Message, *, failed: str = "", failed_form=None, status=200):
    user = request.user
    forms = {}
    for name, action in ACTIONS.items():
        if action.allowed(user, message):
            forms[name] = failed_form if name == failed else action.form(message, None)
    if "prepare" in forms:
        forms["prepare"] = _prefill_publication(message, forms["prepare"])
    today_ = _today()
    calendar = calendar_for(today_)
    shown = identity.shown_identity(user, message)
    return render(
        request,
        "interaction/staff/detail.html",
        {
            "message": message,
            "forms": forms,
            "failed": failed,
            "urgency": _urgency(message, calendar, today_),
            "identity": shown,
            "may_reveal": message.is_report and can_see_identity(user, message),
            "steps": message.steps.select_related("actor").order_by("at", "pk"),
            "transfers": message.transfers.select_related("from_agency", "to_agency", "actor"),
            "extensions": message.extensions.select_related("requested_by", "decided_by"),
            "merged": message.merged.all(),
            "findings": publication.public_findings(message) if message.public_title else [],
            "reveal_form": f.ReasonForm(prefix="reveal"),
        },
        status=status,
    )


@staff_view
def detail(request, number: str):
    return _detail_page(request, get_message(request, number))


@staff_view
@require_POST
def do(request, number: str, action: str):
    message = get_message(request, number)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    if not spec.allowed(request.user, message):
        raise PermissionDenied
    form = spec.form(message, request.POST)
    if not form.is_valid():
        return _detail_page(request, message, failed=action, failed_form=form, status=400)
    try:
        spec.run(request.user, message, form)
    except ValidationError as exc:
        for text in exc.messages:
            form.add_error(None, text)
        message.refresh_from_db()
        return _detail_page(request, message, failed=action, failed_form=form, status=400)
    messages.success(request, _(spec.done))
    message.refresh_from_db()
    if not can_view_message(request.user, message):  # transferred away
        return redirect("interaction_staff:queue")
    return redirect("interaction_staff:detail", number=message.number)


@staff_view
@require_POST
def reveal(request, number: str):
    """The audited reveal of a 举报 writer (assigned handler or a 领导 of the agency)."""
    message = get_message(request, number)
    form = f.ReasonForm(request.POST, prefix="reveal")
    if not form.is_valid():
        return _detail_page(request, message, status=400)
    try:
        shown = identity.message_reveal_identity(
            actor=request.user, message=message, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("interaction_staff:detail", number=number)
    return render(
        request,
        "interaction/staff/identity.html",
        {"message": message, "identity": shown},
    )


@staff_view
def reply_download(request, number: str, fmt: str):
    """The reply as a document for printing or posting (PDF or DOCX)."""
    from django.http import HttpResponse

    from gongkai.interaction.documents import reply_docx, reply_pdf

    message = get_message(request, number)
    if not message.reply or not message.replied_on or fmt not in ("pdf", "docx"):
        raise Http404
    if fmt == "pdf":
        response = HttpResponse(reply_pdf(message), content_type="application/pdf")
    else:
        response = HttpResponse(
            reply_docx(message),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response["Content-Disposition"] = f'attachment; filename="{message.number}-reply.{fmt}"'
    return response


# --- registering calls, visits and letters by post -------------------------------------------


@staff_view
@require_http_methods(["GET", "POST"])
def register(request):
    agencies = agencies_where(request.user, "message.handle").order_by("sort_order", "name")
    if not agencies.exists():
        raise PermissionDenied
    agency = (
        agencies.filter(pk=request.GET.get("agency") or request.POST.get("agency")).first()
        or agencies.first()
    )
    form = f.RegisterForm(
        request.POST or None,
        initial={"received_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        channel = data.pop("channel")
        received_at = data.pop("received_at")
        try:
            message, code = message_register(
                actor=request.user,
                agency=agency,
                data=data,
                channel=channel,
                received_at=received_at,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            return render(
                request,
                "interaction/staff/registered.html",
                {"message": message, "query_code": code},
            )
    return render(
        request,
        "interaction/staff/register.html",
        {"form": form, "agencies": agencies, "agency": agency},
    )


# --- mailboxes and time limits ---------------------------------------------------------------


def _managed(request, credit_code: str | None = None) -> tuple:
    agencies = agencies_where(request.user, "mailbox.manage").order_by("sort_order", "name")
    if not agencies.exists():
        raise PermissionDenied
    agency = agencies.filter(credit_code=credit_code).first() if credit_code else agencies.first()
    if agency is None:
        raise Http404
    return agencies, agency


@staff_view
@require_http_methods(["GET", "POST"])
def mailboxes(request, credit_code: str | None = None):
    agencies, agency = _managed(request, credit_code)
    leaders = Leader.objects.filter(agency=agency)
    current = {**site_time_limits(), **agency_limits(agency)}
    new_form = f.MailboxForm(prefix="new", leaders=leaders)
    limits_form = f.TimeLimitsForm(prefix="limits", current=current, initial=current)
    if request.method == "POST":
        try:
            if "limits-inquiry" in request.POST:
                limits_form = f.TimeLimitsForm(request.POST, prefix="limits", current=current)
                if limits_form.is_valid():
                    time_limits_set(
                        actor=request.user, agency=agency, limits=limits_form.cleaned_data
                    )
                    messages.success(request, _("The time limits were saved."))
                    return redirect(
                        "interaction_staff:mailboxes_of", credit_code=agency.credit_code
                    )
            else:
                pk = request.POST.get("mailbox")
                box = get_object_or_404(Mailbox, pk=pk, agency=agency) if pk else None
                form = f.MailboxForm(
                    request.POST, prefix="new" if box is None else f"box{box.pk}", leaders=leaders
                )
                if form.is_valid():
                    d = form.cleaned_data
                    mailbox_save(
                        actor=request.user,
                        agency=agency,
                        mailbox=box,
                        name=d["name"],
                        description=d["description"],
                        leader=d["leader"] if box is None else None,
                        is_open=d["is_open"],
                    )
                    messages.success(request, _("The mailbox was saved."))
                    return redirect(
                        "interaction_staff:mailboxes_of", credit_code=agency.credit_code
                    )
                if box is None:
                    new_form = form
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    boxes = [
        (
            box,
            f.MailboxForm(
                prefix=f"box{box.pk}",
                leaders=leaders,
                initial={"name": box.name, "description": box.description, "is_open": box.is_open},
            ),
        )
        for box in Mailbox.objects.filter(agency=agency).select_related("leader")
    ]
    return render(
        request,
        "interaction/staff/mailboxes.html",
        {
            "agencies": agencies,
            "agency": agency,
            "boxes": boxes,
            "new_form": new_form,
            "limits_form": limits_form,
            "site_limits": site_time_limits(),
        },
    )
