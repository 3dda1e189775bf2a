"""Assignment of a registered case to a 办理人 of its agency, and reassignment."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import roles_of
from gongkai.applications.models import Application, Status
from gongkai.applications.services.workflow._common import (
    WorkflowError,
    _locked,
    _now,
    _public,
    _require,
    _require_status,
    _save,
    _step,
)
from gongkai.audit.services import record_event


def _check_handler(application: Application, handler) -> None:
    if (
        handler is None
        or not handler.is_active
        or Role.HANDLER not in roles_of(handler, application.agency)
    ):
        raise WorkflowError(
            {
                "handler": _("Choose a staff member who is a handler of %(agency)s.")
                % {"agency": application.agency.name}
            },
            code="not_a_handler",
        )


@transaction.atomic
def application_assign(
    *, actor, application: Application, handler, now: dt.datetime | None = None
) -> Application:
    """Give a registered case to a 办理人 of its agency: REGISTERED → HANDLING.

    Writes an internal step and the event ``application.assign``.
    """
    now = _now(now)
    application = _locked(application)
    _require(actor, "application.register", application)
    _require_status(
        application,
        (Status.REGISTERED,),
        _("This application is “%(status)s”; only a registered application can be assigned."),
    )
    _check_handler(application, handler)
    application.handler = handler
    application.status = Status.HANDLING
    _save(application, ["handler", "status"])
    _step(
        application,
        kind="assigned",
        text=_("Assigned to %(name)s.") % {"name": handler.get_full_name()},
        actor=actor,
        now=now,
        public=False,
    )
    _step(
        application,
        kind="handling",
        text=_public(lambda: _("Your application is being handled.")),
        actor=None,
        now=now,
        public=True,
    )
    record_event(
        actor=actor,
        action="application.assign",
        obj=application,
        data={"handler": handler.pk},
    )
    return application


@transaction.atomic
def application_reassign(
    *, actor, application: Application, handler, now: dt.datetime | None = None
) -> Application:
    """Give an open, assigned case to another 办理人 of its agency (the status stays)."""
    now = _now(now)
    application = _locked(application)
    _require(actor, "application.register", application)
    _require_status(
        application,
        (Status.HANDLING, Status.CORRECTION, Status.FEE, Status.DECIDED),
        _("This application is “%(status)s”; it cannot be reassigned now."),
    )
    _check_handler(application, handler)
    if handler.pk == application.handler_id:
        raise WorkflowError(
            {"handler": _("This person already handles the application.")}, code="same_handler"
        )
    before = application.handler_id
    application.handler = handler
    _save(application, ["handler"])
    _step(
        application,
        kind="reassigned",
        text=_("Reassigned to %(name)s.") % {"name": handler.get_full_name()},
        actor=actor,
        now=now,
        public=False,
    )
    record_event(
        actor=actor,
        action="application.reassign",
        obj=application,
        data={"handler": [before, handler.pk]},
    )
    return application
