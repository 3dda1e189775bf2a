"""What the staff screens share: fetching a solicitation the user may see (404 for missing and
forbidden alike), the buttons a user may press, and putting a service's errors on a form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from gongkai.accounts.permissions import can
from gongkai.solicitation.models import Comment, Solicitation, Status
from gongkai.solicitation.rules import Phase, phase_of


def solicitation_for(request, pk: int) -> Solicitation:
    s = get_object_or_404(Solicitation.objects.select_related("agency"), pk=pk)
    if not can(request.user, "solicitation.view", agency=s.agency):
        raise Http404
    return s


def comment_for(request, pk: int) -> Comment:
    c = get_object_or_404(
        Comment.objects.select_related("solicitation", "solicitation__agency"), pk=pk
    )
    if not can(request.user, "solicitation.view", agency=c.solicitation.agency):
        raise Http404
    return c


def actions(user, s: Solicitation, today) -> dict[str, bool]:
    """What ``user`` may do to ``s`` now (the services check again when it is done)."""
    manage = can(user, "solicitation.manage", agency=s.agency)
    moderate = can(user, "solicitation.moderate", agency=s.agency)
    current = phase_of(s, today)
    live = s.status in (Status.DRAFT, Status.PUBLISHED)
    return {
        "manage": manage,
        "moderate": moderate and s.status in (Status.PUBLISHED, Status.CLOSED),
        "edit": manage and live,
        "publish": manage and s.status == Status.DRAFT,
        "close": manage and s.status == Status.PUBLISHED,
        "close_early": current in (Phase.OPEN, Phase.UPCOMING),
        "register_comment": manage and s.status in (Status.PUBLISHED, Status.CLOSED),
        "feedback": manage and s.status in (Status.CLOSED, Status.FEEDBACK_PUBLISHED),
        "choose": manage and s.status in (Status.PUBLISHED, Status.CLOSED),
    }


def apply_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError onto ``form``: by field where it names one the form has."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def detail_url(s: Solicitation) -> str:
    return reverse("solicitation_staff:detail", args=[s.pk])
