"""The feedback editor (采纳情况): the figures as counted, the decisions with the comments they
answer, a form to decide on comments still undecided, the report's text and final document,
and publishing. Thin adapters over ``gongkai.solicitation.services.feedback``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.permissions import can
from gongkai.core.staff_views import staff_view
from gongkai.solicitation import services
from gongkai.solicitation.forms_staff import EntryForm, FeedbackForm, FinalItemForm
from gongkai.solicitation.models import CommentStatus, FeedbackEntry, Status
from gongkai.solicitation.selectors import entries_of, figures
from gongkai.solicitation.views_staff.common import apply_errors, solicitation_for


def _url(s) -> str:
    return reverse("solicitation_staff:feedback", args=[s.pk])


def _page(
    request, s, *, entry_form=None, feedback_form=None, final_form=None, problems=(), status=200
):
    may_manage = can(request.user, "solicitation.manage", agency=s.agency)
    preparing = s.status == Status.CLOSED
    context = {
        "s": s,
        "figures": figures(s),
        "entries": entries_of(s).prefetch_related("comments"),
        "undecided": s.comments.filter(status=CommentStatus.APPROVED, entry__isnull=True).order_by(
            "received_on", "pk"
        ),
        "pending": s.comments.filter(status=CommentStatus.PENDING).count(),
        "may_edit": may_manage and preparing,
        "may_link": may_manage and s.status in (Status.CLOSED, Status.FEEDBACK_PUBLISHED),
        "problems": problems,
    }
    if context["may_edit"]:
        context["entry_form"] = entry_form or EntryForm(solicitation=s)
        context["feedback_form"] = feedback_form or FeedbackForm(
            solicitation=s,
            initial={
                "summary": s.feedback_summary,
                "hearing_record": s.hearing_record,
                "attended_count": s.attended_count,
                "final_item": s.final_item_id,
            },
        )
    elif context["may_link"]:
        context["final_form"] = final_form or FinalItemForm(
            solicitation=s, initial={"final_item": s.final_item_id}
        )
    return render(request, "solicitation/staff/feedback.html", context, status=status)


def _preparable(request, pk: int):
    s = solicitation_for(request, pk)
    if s.status not in (Status.CLOSED, Status.FEEDBACK_PUBLISHED):
        raise Http404
    return s


@staff_view
@require_GET
def feedback(request, pk: int):
    return _page(request, _preparable(request, pk))


@staff_view
@require_POST
def entry_create(request, pk: int):
    s = _preparable(request, pk)
    form = EntryForm(request.POST, solicitation=s)
    if form.is_valid():
        try:
            services.entry_save(
                actor=request.user,
                solicitation=s,
                summary=form.cleaned_data["summary"],
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                comments=list(form.cleaned_data["comments"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect(_url(s))
    return _page(request, s, entry_form=form, status=400)


def _entry_for(request, pk: int) -> FeedbackEntry:
    entry = get_object_or_404(
        FeedbackEntry.objects.select_related("solicitation", "solicitation__agency"), pk=pk
    )
    if not can(request.user, "solicitation.view", agency=entry.solicitation.agency):
        raise Http404
    return entry


@staff_view
@require_http_methods(["GET", "POST"])
def entry_edit(request, pk: int):
    entry = _entry_for(request, pk)
    s = entry.solicitation
    if not can(request.user, "solicitation.manage", agency=s.agency):
        raise PermissionDenied
    if request.method == "POST":
        form = EntryForm(request.POST, solicitation=s, entry=entry)
        if form.is_valid():
            try:
                services.entry_save(
                    actor=request.user,
                    solicitation=s,
                    entry=entry,
                    summary=form.cleaned_data["summary"],
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                    comments=list(form.cleaned_data["comments"]),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The decision was changed."))
                return redirect(_url(s))
        status = 400
    else:
        form = EntryForm(
            solicitation=s,
            entry=entry,
            initial={
                "summary": entry.summary,
                "decision": entry.decision,
                "reason": entry.reason,
                "comments": list(entry.comments.values_list("pk", flat=True)),
            },
        )
        status = 200
    return render(
        request,
        "solicitation/staff/entry_edit.html",
        {"s": s, "entry": entry, "form": form},
        status=status,
    )


@staff_view
@require_POST
def entry_delete(request, pk: int):
    entry = _entry_for(request, pk)
    s = entry.solicitation
    try:
        services.entry_delete(actor=request.user, entry=entry)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The decision was deleted; its comments are undecided again."))
    return redirect(_url(s))


@staff_view
@require_POST
def feedback_save(request, pk: int):
    s = _preparable(request, pk)
    form = FeedbackForm(request.POST, solicitation=s)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.feedback_update(
                actor=request.user,
                solicitation=s,
                summary=data["summary"],
                hearing_record=data.get("hearing_record", ""),
                attended_count=data.get("attended_count"),
                final_item=data.get("final_item"),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The feedback text was saved."))
            return redirect(_url(s))
    return _page(request, s, feedback_form=form, status=400)


@staff_view
@require_POST
def final_link(request, pk: int):
    s = _preparable(request, pk)
    form = FinalItemForm(request.POST, solicitation=s)
    if form.is_valid():
        try:
            services.feedback_link_final(
                actor=request.user, solicitation=s, final_item=form.cleaned_data["final_item"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The final document was linked."))
            return redirect(_url(s))
    return _page(request, s, final_form=form, status=400)


@staff_view
@require_POST
def feedback_publish(request, pk: int):
    s = _preparable(request, pk)
    try:
        services.feedback_publish(actor=request.user, solicitation=s)
    except ValidationError as exc:
        return _page(request, s, problems=exc.messages, status=400)
    messages.success(request, _("The feedback is published beside the draft."))
    return redirect(_url(s))
