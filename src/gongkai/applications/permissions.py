"""Object-level rules of on-request disclosure, on top of ``accounts.permissions.can``."""

from __future__ import annotations

from gongkai.accounts.permissions import can
from gongkai.applications.models import Application


def may_reveal_id(user, application: Application) -> bool:
    """Only the assigned handler, holding the reveal right for the case's agency, may see an
    applicant's full ID number (and every look is audited)."""
    return (
        application.handler_id is not None
        and application.handler_id == user.pk
        and can(user, "application.reveal_id", agency=application.agency)
    )
