"""What the proposal services share: the lock, the permission check, today, the index."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.accounts.permissions import can
from gongkai.proposals.models import Proposal


class ProposalError(ValidationError):
    """A step that is not possible in the proposal's state, with the reason in words."""


def locked(proposal: Proposal) -> Proposal:
    """The proposal re-read and locked for this transaction (two steps at once cannot both
    pass the state check)."""
    return Proposal.objects.select_for_update().select_related("agency").get(pk=proposal.pk)


def require(actor, action: str, agency) -> None:
    if not can(actor, action, agency=agency):
        raise PermissionDenied


def require_any(actor, actions: tuple[str, ...], agency) -> None:
    if not any(can(actor, action, agency=agency) for action in actions):
        raise PermissionDenied


def local_today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def refresh_index(proposal: Proposal) -> None:
    """Bring the proposal's search entry in line (joins the caller's transaction)."""
    from gongkai.search.services import refresh_object

    refresh_object(kind="proposal", obj=proposal)
