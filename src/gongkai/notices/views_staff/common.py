"""What the staff screens share: fetching a notice the user may see (404 for missing and
forbidden alike), the buttons a user may press, and putting a service's errors on a form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from gongkai.accounts.permissions import can
from gongkai.notices.models import Notice, Objection, Status
from gongkai.notices.rules import Phase, phase_of


def notice_for(request, pk: int) -> Notice:
    n = get_object_or_404(Notice.objects.select_related("agency"), pk=pk)
    if not can(request.user, "notice.view", agency=n.agency):
        raise Http404
    return n


def objection_for(request, pk: int) -> Objection:
    """An objection, only for staff who may read objections of its agency."""
    o = get_object_or_404(Objection.objects.select_related("notice", "notice__agency"), pk=pk)
    if not can(request.user, "notice.objections", agency=o.notice.agency):
        raise Http404
    return o


def actions(user, n: Notice, today) -> dict[str, bool]:
    """What ``user`` may do to ``n`` now (the services check again when it is done)."""
    draft = can(user, "notice.draft", agency=n.agency)
    publish = can(user, "notice.publish", agency=n.agency)
    objections = can(user, "notice.objections", agency=n.agency)
    current = phase_of(n, today)
    return {
        "edit": draft and n.status == Status.DRAFT,
        "submit": draft and n.status == Status.DRAFT,
        "review": publish and n.status == Status.SUBMITTED,
        "objections": objections,
        "register": objections and n.status == Status.PUBLISHED and current != Phase.UPCOMING,
        "result": objections and current in (Phase.OVER, Phase.RESULT),
        "close": objections and n.status == Status.RESULT,
    }


def apply_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError onto ``form``: by field where it names one the form has."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def detail_url(n: Notice) -> str:
    return reverse("notices_staff:detail", args=[n.pk])
