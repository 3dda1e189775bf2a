"""Moderation (审核员, "solicitation.moderate"): the queue of comments waiting, one comment with
what the privacy check finds marked, the text to be shown (personal data already replaced),
approve or reject; the commenter's contact details only after an audited reveal."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gongkai.accounts.permissions import agencies_where, can
from gongkai.core.staff_views import staff_view
from gongkai.solicitation import services
from gongkai.solicitation.forms_staff import ApproveForm, RejectForm
from gongkai.solicitation.models import Status
from gongkai.solicitation.selectors import moderation_queue
from gongkai.solicitation.services.comments import may_see_contact
from gongkai.solicitation.views_staff.common import apply_errors, comment_for


@staff_view
@require_GET
def queue(request):
    if not agencies_where(request.user, "solicitation.view").exists():
        raise PermissionDenied
    page = Paginator(moderation_queue(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "solicitation/staff/moderation.html",
        {
            "page": page,
            "may_moderate": agencies_where(request.user, "solicitation.moderate").exists(),
        },
    )


def _marked(text: str, spots) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is a finding) for the template to mark."""
    pieces, position = [], 0
    for spot in sorted(spots, key=lambda s: s.start):
        if spot.start < position:
            continue
        pieces.append((text[position : spot.start], False))
        pieces.append((text[spot.start : spot.end], True))
        position = spot.end
    pieces.append((text[position:], False))
    return [p for p in pieces if p[0]]


def _comment_page(request, c, *, approve_form=None, reject_form=None, contact=None, status=200):
    s = c.solicitation
    spots = services.comment_spots(c)
    may_moderate = can(request.user, "solicitation.moderate", agency=s.agency)
    if approve_form is None:
        approve_form = ApproveForm(
            initial={"public_text": c.public_text or services.suggested_public_text(c)}
        )
    return render(
        request,
        "solicitation/staff/comment.html",
        {
            "c": c,
            "s": s,
            "spots": spots,
            "marked": _marked(c.text, spots),
            "may_moderate": may_moderate and s.status in (Status.PUBLISHED, Status.CLOSED),
            "may_see_contact": may_see_contact(request.user, s),
            "contact": contact,
            "approve_form": approve_form,
            "reject_form": reject_form or RejectForm(),
            "next_pending": moderation_queue(request.user).exclude(pk=c.pk).first(),
        },
        status=status,
    )


@staff_view
@require_GET
def comment(request, pk: int):
    return _comment_page(request, comment_for(request, pk))


def _after(request, c):
    following = moderation_queue(request.user).exclude(pk=c.pk).first()
    if following is not None and request.POST.get("next") == "1":
        return redirect(reverse("solicitation_staff:comment", args=[following.pk]))
    return redirect(reverse("solicitation_staff:comment", args=[c.pk]))


@staff_view
@require_POST
def approve(request, pk: int):
    c = comment_for(request, pk)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.comment_approve(
                actor=request.user,
                comment=c,
                public_text=form.cleaned_data["public_text"],
                confirm_findings=form.cleaned_data["confirm_findings"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The comment is shown publicly now."))
            return _after(request, c)
    return _comment_page(request, c, approve_form=form, status=400)


@staff_view
@require_POST
def reject(request, pk: int):
    c = comment_for(request, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.comment_reject(
                actor=request.user, comment=c, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The comment is not shown."))
            return _after(request, c)
    return _comment_page(request, c, reject_form=form, status=400)


@staff_view
@require_POST
def contact(request, pk: int):
    """Show the commenter's contact details on this response only (audited)."""
    c = comment_for(request, pk)
    details = services.comment_reveal_contact(actor=request.user, comment=c)
    return _comment_page(request, c, contact=details)
