"""The audited look at an applicant's full ID number by the assigned handler."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.applications.models import Application
from gongkai.applications.permissions import may_reveal_id
from gongkai.applications.services.workflow._common import WorkflowError
from gongkai.audit.services import record_event


@transaction.atomic
def application_reveal_id(*, actor, application: Application, reason: str) -> str:
    """The full ID number of the applicant, for the assigned handler only, after a reason is
    given. Writes the audit event of this one look; changes nothing else."""
    if not may_reveal_id(actor, application):
        raise PermissionDenied
    if not (reason or "").strip():
        raise WorkflowError(
            _("Say why you need to see the full ID number."), code="reason_required"
        )
    record_event(
        actor=actor,
        action="application.reveal_id",
        obj=application,
        data={"reason": reason.strip(), "number": application.number},
    )
    return application.id_number
