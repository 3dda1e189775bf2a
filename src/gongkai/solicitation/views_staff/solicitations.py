"""Staff screens: the list of solicitations, creating and editing one, its page (files,
publishing, closing, the comments received, registering a comment that came by e-mail or
post, the hearing's registrations). Thin adapters over ``gongkai.solicitation.services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.permissions import agencies_where, can
from gongkai.core.staff_views import staff_view
from gongkai.solicitation import files as solicitation_files
from gongkai.solicitation import services
from gongkai.solicitation.forms_staff import (
    CloseForm,
    OfflineCommentForm,
    PublishForm,
    SolicitationForm,
)
from gongkai.solicitation.models import Kind, Registration, Status
from gongkai.solicitation.rules import (
    MIN_PERIOD_DAYS,
    PHASE_LABELS,
    days_remaining,
    needs_period_reason,
    period_days,
    phase_of,
)
from gongkai.solicitation.selectors import (
    moderation_queue,
    registration_counts,
    solicitations_visible_to,
)
from gongkai.solicitation.views_staff.common import (
    actions,
    apply_errors,
    detail_url,
    solicitation_for,
)

PAGE_SIZE = 30
STATE_FILTERS = ("draft", "upcoming", "open", "ended", "closed", "feedback")


@staff_view
@require_GET
def solicitation_list(request):
    """Every solicitation the user may see, newest first, with its state and the comments
    waiting for moderation; ``?state=``, ``?agency=``, ``?kind=``."""
    visible = agencies_where(request.user, "solicitation.view")
    if not visible.exists():
        raise PermissionDenied
    today = timezone.localdate()
    qs = solicitations_visible_to(request.user)
    state = request.GET.get("state", "")
    if state == "draft":
        qs = qs.filter(status=Status.DRAFT)
    elif state in ("upcoming", "open", "ended"):
        qs = qs.filter(status=Status.PUBLISHED)
        qs = {
            "upcoming": qs.filter(opens_on__gt=today),
            "open": qs.filter(opens_on__lte=today, closes_on__gte=today),
            "ended": qs.filter(closes_on__lt=today),
        }[state]
    elif state == "closed":
        qs = qs.filter(status=Status.CLOSED)
    elif state == "feedback":
        qs = qs.filter(status=Status.FEEDBACK_PUBLISHED)
    else:
        state = ""
    agency = None
    code = request.GET.get("agency", "")
    if code:
        agency = visible.filter(credit_code=code).first()
        if agency is not None:
            qs = qs.filter(agency=agency)
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "solicitation/staff/list.html",
        {
            "page": page,
            "rows": [(s, PHASE_LABELS[phase_of(s, today)]) for s in page],
            "state": state,
            "states": [(value, PHASE_LABELS[value]) for value in STATE_FILTERS],
            "agency": agency,
            "agencies": visible.order_by("sort_order", "name"),
            "kind": kind if kind in Kind.values else "",
            "kinds": Kind.choices,
            "may_create": agencies_where(request.user, "solicitation.manage").exists(),
            "pending": moderation_queue(request.user).count(),
        },
    )


def _uploads(form) -> list[tuple[str, bytes]]:
    """The chosen files, each checked by content first; a refused one becomes an error of the
    files field (and nothing is saved)."""
    uploads = []
    for upload in form.cleaned_data.get("files") or []:
        content = upload.read()
        try:
            solicitation_files.check(content, upload.name)
        except ValidationError as exc:
            form.add_error("files", exc)
            continue
        uploads.append((upload.name, content))
    return uploads


def _period_warning(form) -> dict:
    """The 30-day warning for the form page, from what was typed (or stored)."""
    data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else form.initial
    opens, closes = data.get("opens_on"), data.get("closes_on")
    if not (opens and closes) or closes < opens:
        return {}
    days = period_days(opens, closes)
    return {"days": days, "short": needs_period_reason(form.kind, opens, closes)}


def _form_page(request, form, *, s=None, status=200):
    return render(
        request,
        "solicitation/staff/form.html",
        {
            "form": form,
            "s": s,
            "kind": form.kind,
            "period": _period_warning(form),
            "min_days": MIN_PERIOD_DAYS,
        },
        status=status,
    )


def _save_with_files(request, form, save):
    """Run ``save()`` (a create or update service) and attach the chosen files in one
    transaction; a refused file or field leaves nothing saved."""
    uploads = _uploads(form)
    if form.errors:
        return None
    try:
        with transaction.atomic():
            s = save()
            for name, content in uploads:
                services.solicitation_attach(
                    actor=request.user,
                    solicitation=s,
                    content=content,
                    name=name,
                    role=form.cleaned_data["file_role"],
                )
    except ValidationError as exc:
        if getattr(exc, "code", None) == "file":
            form.add_error("files", exc)
        else:
            apply_errors(form, exc)
        return None
    return s


@staff_view
@require_http_methods(["GET", "POST"])
def create(request):
    """``?kind=hearing`` for a hearing; the agency is one the user may manage."""
    agencies = agencies_where(request.user, "solicitation.manage")
    if not agencies.exists():
        raise PermissionDenied
    kind = request.GET.get("kind") if request.GET.get("kind") in Kind.values else Kind.SOLICITATION
    if request.method != "POST":
        initial = {"file_role": "draft", "accepts_online": True}
        if agencies.count() == 1:
            agency = agencies.first()
            initial.update(contact_phone=agency.phone)
        return _form_page(request, SolicitationForm(kind=kind, agencies=agencies, initial=initial))
    form = SolicitationForm(request.POST, request.FILES, kind=kind, agencies=agencies)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    s = _save_with_files(
        request,
        form,
        lambda: services.solicitation_create(
            actor=request.user,
            agency=form.cleaned_data["agency"],
            kind=kind,
            **form.service_fields(),
        ),
    )
    if s is None:
        return _form_page(request, form, status=400)
    messages.success(request, _("The draft was saved. Publish it when it is ready."))
    return redirect(detail_url(s))


@staff_view
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    s = solicitation_for(request, pk)
    if not can(request.user, "solicitation.manage", agency=s.agency):
        raise PermissionDenied
    if request.method != "POST":
        form = SolicitationForm(
            kind=s.kind,
            solicitation=s,
            initial={**SolicitationForm.initial_for(s), "file_role": "draft"},
        )
        return _form_page(request, form, s=s)
    form = SolicitationForm(request.POST, request.FILES, kind=s.kind, solicitation=s)
    if not form.is_valid():
        return _form_page(request, form, s=s, status=400)
    saved = _save_with_files(
        request,
        form,
        lambda: services.solicitation_update(
            actor=request.user, solicitation=s, **form.service_fields()
        ),
    )
    if saved is None:
        return _form_page(request, form, s=s, status=400)
    messages.success(request, _("The changes were saved."))
    return redirect(detail_url(saved))


def _detail_page(request, s, *, status=200, **forms):
    user, today = request.user, timezone.localdate()
    allowed = actions(user, s, today)
    context = {
        "s": s,
        "phase": phase_of(s, today),
        "phase_label": PHASE_LABELS[phase_of(s, today)],
        "days_left": days_remaining(s.closes_on, today),
        "period_days": period_days(s.opens_on, s.closes_on),
        "actions": allowed,
        "files": list(s.files.all()),
        "comments": s.comments.order_by("-submitted_at", "-pk"),
        "findings": services.draft_findings(s) if allowed["publish"] else [],
        "publish_form": forms.get("publish_form") or PublishForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "offline_form": forms.get("offline_form")
        or OfflineCommentForm(kind=s.kind, initial={"received_on": today}),
    }
    if s.kind == Kind.HEARING:
        context["registrations"] = s.registrations.order_by("submitted_at", "pk")
        context["registration_counts"] = registration_counts(s)
    return render(request, "solicitation/staff/detail.html", context, status=status)


@staff_view
@require_GET
def detail(request, pk: int):
    return _detail_page(request, solicitation_for(request, pk))


@staff_view
@require_POST
def publish(request, pk: int):
    s = solicitation_for(request, pk)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        services.solicitation_publish(
            actor=request.user,
            solicitation=s,
            confirm_findings=form.cleaned_data.get("confirm_findings", False),
        )
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return _detail_page(request, s, publish_form=form, status=400)
    messages.success(request, _("Published."))
    return redirect(detail_url(s))


@staff_view
@require_POST
def close(request, pk: int):
    s = solicitation_for(request, pk)
    form = CloseForm(request.POST)
    form.is_valid()
    try:
        services.solicitation_close(
            actor=request.user, solicitation=s, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return _detail_page(request, s, close_form=form, status=400)
    messages.success(request, _("Closed. The feedback can be prepared now."))
    return redirect(detail_url(s))


@staff_view
@require_POST
def file_delete(request, pk: int, file_pk: int):
    s = solicitation_for(request, pk)
    found = get_object_or_404(s.files, pk=file_pk)
    try:
        services.solicitation_detach(actor=request.user, file=found)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The file was removed."))
    return redirect(detail_url(s))


@staff_view
@require_GET
def file_download(request, pk: int, file_pk: int):
    s = solicitation_for(request, pk)
    found = s.files.filter(pk=file_pk).first()
    if found is None or not found.file:
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=found.name)
    patch_cache_control(response, private=True, no_store=True)
    return response


@staff_view
@require_POST
def comment_register(request, pk: int):
    s = solicitation_for(request, pk)
    form = OfflineCommentForm(request.POST, kind=s.kind)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.comment_register(
                actor=request.user,
                solicitation=s,
                channel=data.pop("channel"),
                received_on=data.pop("received_on"),
                data=data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The comment was entered; it waits for moderation."))
            return redirect(detail_url(s) + "#comments")
    return _detail_page(request, s, offline_form=form, status=400)


@staff_view
@require_POST
def registration_decide(request, pk: int):
    registration = get_object_or_404(
        Registration.objects.select_related("solicitation", "solicitation__agency"), pk=pk
    )
    s = registration.solicitation
    if not can(request.user, "solicitation.view", agency=s.agency):
        raise Http404
    try:
        services.registration_decide(
            actor=request.user,
            registration=registration,
            selected=request.POST.get("selected") == "1",
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(detail_url(s) + "#registrations")
