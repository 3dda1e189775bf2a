"""延期答复 (Art. 33): a handler requests an extension of up to 20 working days, a leader
approves or refuses it; only one extension per application."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.applications.clock import MAX_EXTENSION_WORKING_DAYS
from gongkai.applications.models import Application, Extension, Status
from gongkai.applications.notify import send_after_commit
from gongkai.applications.services.clock import refresh_clock
from gongkai.applications.services.workflow._common import (
    WorkflowError,
    _locked,
    _locked_child,
    _now,
    _public,
    _related,
    _require,
    _require_status,
    _step,
    _today,
)
from gongkai.audit.services import record_event
from gongkai.core.dates import format_cn_date


def _before_due(application: Application, today: dt.date, message: str) -> None:
    if application.due_date is None or today > application.due_date:
        raise WorkflowError(
            message % {"date": format_cn_date(application.due_date)}, code="after_due"
        )


@transaction.atomic
def extension_request(
    *,
    actor,
    application: Application,
    days: int,
    reason: str,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Extension:
    """A handler asks a leader to extend the answer period by ``days`` (1–20) working days.

    Only one extension per application: a new request is possible only after a refusal (it
    replaces the refused one; the audit log keeps both). Must be made by the due date.
    """
    today, now = _today(today), _now(now)
    application = _locked(application)
    _require(actor, "application.handle", application)
    _require_status(
        application,
        (Status.HANDLING, Status.FEE),
        _("This application is “%(status)s”; an extension cannot be requested now."),
    )
    if not 1 <= days <= MAX_EXTENSION_WORKING_DAYS:
        raise WorkflowError(
            {
                "days": _("An extension is at most %(n)d working days.")
                % {"n": MAX_EXTENSION_WORKING_DAYS}
            },
            code="too_long",
        )
    if not reason.strip():
        raise WorkflowError({"reason": _("Give the reason for the extension.")}, code="required")
    _before_due(application, today, _("The answer was due on %(date)s; it is too late to extend."))
    extension = _related(application, "extension")
    if extension is not None and not extension.refused:
        raise WorkflowError(
            _("An extension was already requested; the answer period can be extended only once."),
            code="extension_once",
        )
    if extension is None:
        extension = Extension(application=application)
    extension.days = days
    extension.reason = reason.strip()
    extension.requested_by = actor
    extension.requested_at = now
    extension.approved_by = None
    extension.approved_on = None
    extension.refused = False
    extension.save()
    _step(
        application,
        kind="extension_requested",
        text=_("Extension by %(n)d working days requested: %(reason)s")
        % {"n": days, "reason": extension.reason},
        actor=actor,
        now=now,
        public=False,
    )
    record_event(
        actor=actor,
        action="application.extension_request",
        obj=application,
        data={"days": days, "reason": extension.reason},
    )
    return extension


def _pending(extension: Extension) -> None:
    if extension.refused or extension.approved_on is not None:
        raise WorkflowError(_("This extension request has already been decided."), code="decided")


@transaction.atomic
def extension_approve(
    *,
    actor,
    extension: Extension,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Extension:
    """A leader approves the extension, on or before the current due date. The due date moves;
    a public step 延期答复 is written and the applicant is told by e-mail after commit (the
    formal extension notice is a letter of the letters module)."""
    today, now = _today(today), _now(now)
    extension, application = _locked_child(extension)
    _require(actor, "application.approve", application)
    _pending(extension)
    _require_status(
        application,
        (Status.HANDLING, Status.FEE),
        _("This application is “%(status)s”; an extension cannot be approved now."),
    )
    _before_due(
        application,
        today,
        _("The answer was due on %(date)s; an extension must be approved before that."),
    )
    old_due = application.due_date
    extension.approved_by = actor
    extension.approved_on = today
    extension.save(update_fields=["approved_by", "approved_on"])
    refresh_clock(application)
    new_due = application.due_date
    text = _public(
        lambda: (
            _(
                "The time limit for answering your application has been extended by %(n)d working "
                "days. The answer is now due by %(due)s. Reason: %(reason)s"
            )
            % {"n": extension.days, "due": format_cn_date(new_due), "reason": extension.reason}
        )
    )
    _step(application, kind="extension", text=text, actor=actor, now=now, public=True)
    send_after_commit(
        to=[application.email],
        subject=_public(
            lambda: (
                _("Extension of the answer period: application %(number)s")
                % {"number": application.number}
            )
        ),
        body=text,
    )
    record_event(
        actor=actor,
        action="application.extension_approve",
        obj=application,
        data={"days": extension.days, "due_date": [old_due, new_due]},
    )
    return extension


@transaction.atomic
def extension_refuse(
    *,
    actor,
    extension: Extension,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Extension:
    """A leader refuses the extension; the due date stays."""
    now = _now(now)
    extension, application = _locked_child(extension)
    _require(actor, "application.approve", application)
    _pending(extension)
    extension.refused = True
    extension.approved_by = actor
    extension.save(update_fields=["refused", "approved_by"])
    _step(
        application,
        kind="extension_refused",
        text=(
            _("Extension refused: %(reason)s") % {"reason": reason}
            if reason
            else _("Extension refused.")
        ),
        actor=actor,
        now=now,
        public=False,
    )
    record_event(
        actor=actor,
        action="application.extension_refuse",
        obj=application,
        data={"reason": reason},
    )
    return extension
