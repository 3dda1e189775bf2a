"""What every workflow step shares: the row locks (the application first, then its record),
the permission and state checks, ``WorkflowError``, the date checks, the timeline ``Step``
and the applicant-facing text in the site's language."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.applications.models import Application, Status, Step
from gongkai.core.dates import format_cn_date
from gongkai.workdays.calendar import CalendarMissing

# Statuses in which the case is with the handler and the clock runs.
ACTIVE = (Status.HANDLING,)


class WorkflowError(ValidationError):
    """An action that the application's state (or the law) does not allow now."""


def _locked(application: Application) -> Application:
    """Re-read the application with a row lock (PostgreSQL) so that two staff cannot race."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("agency", "handler")
        .get(pk=application.pk)
    )


def _require(actor, action: str, application: Application) -> None:
    if not can(actor, action, agency=application.agency):
        raise PermissionDenied


def _require_status(application: Application, allowed, message: str) -> None:
    if application.status not in allowed:
        raise WorkflowError(
            message % {"status": application.get_status_display()}, code="bad_transition"
        )


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _not_before_receipt(application: Application, day: dt.date, field: str) -> None:
    if application.received_on and day < application.received_on:
        raise WorkflowError(
            {
                field: _("This date is before the application was received (%(date)s).")
                % {"date": format_cn_date(application.received_on)}
            },
            code="before_receipt",
        )


def _not_future(day: dt.date, today: dt.date, field: str) -> None:
    if day > today:
        raise WorkflowError({field: _("This date is in the future.")}, code="future")


def _related(application: Application, name: str):
    """The one-to-one row ``name`` of the application, or None."""
    return getattr(application, name, None)


def _public(text_fn) -> str:
    """Applicant-facing text in the site's language (the applicant did not choose the staff
    member's interface language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return text_fn()


def _step(
    application: Application, *, kind: str, text: str, actor, now: dt.datetime, public: bool
) -> Step:
    return Step.objects.create(
        application=application,
        at=now,
        kind=kind,
        text=text,
        public=public,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _calendar_error(exc: CalendarMissing) -> WorkflowError:
    return WorkflowError(exc.message, code="calendar_missing")


def _save(obj, fields: list[str]) -> None:
    obj.save(update_fields=[*fields, "updated_at"] if isinstance(obj, Application) else fields)


def _locked_child(obj):
    """A record of the case (consultation, extension, fee notice) and its application, both
    re-read with row locks, the application first (always the same order: no deadlocks)."""
    application = _locked(obj.application)
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    obj.application = application
    return obj, application
