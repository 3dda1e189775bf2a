"""What the staff views of applications share: the 403 wrapper, fetching a case (404 for
missing and forbidden alike), today's date, and the urgency of a case in words and colour (the
due-date part is the shared ``casework.queue``)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can, is_system_admin
from gongkai.applications.models import OPEN_STATUSES, Application, Status
from gongkai.applications.permissions import may_reveal_id
from gongkai.casework.queue import (
    SOON_DAYS,
    URGENT_DAYS,
    Urgency,
    calendar_around,
    due_urgency,
)
from gongkai.core.staff_views import staff_view_rendering
from gongkai.workdays.calendar import Calendar

__all__ = [
    "SOON_DAYS",
    "URGENT_DAYS",
    "Urgency",
    "apply_errors",
    "calendar_around",
    "error_messages",
    "get_application",
    "is_open",
    "may_reveal",
    "sees_contact",
    "staff_view",
    "today",
    "urgency",
]


def today() -> dt.date:
    """Today in the site's time zone (one place, so tests can move it)."""
    return timezone.localdate()


# Login required; a PermissionDenied from the view or a service is the 403 page.
staff_view = staff_view_rendering("applications/staff/403.html")


def get_application(request, pk: int) -> Application:
    """The case ``pk`` if the user may see it; 404 otherwise (missing and forbidden alike)."""
    application = (
        Application.objects.select_related("agency", "handler", "received_confirmed_by")
        .filter(pk=pk)
        .first()
    )
    if application is None or not can(request.user, "application.view", agency=application.agency):
        raise Http404
    return application


def sees_contact(user, application: Application) -> bool:
    """Phone, e-mail and address are for the staff of the case's agency who work on cases
    (handlers, leaders), not for supervisors of other agencies."""
    agency = application.agency
    return (
        is_system_admin(user)
        or can(user, "application.handle", agency=agency)
        or can(user, "application.approve", agency=agency)
    )


def may_reveal(user, application: Application) -> bool:
    """Only the assigned handler, holding the reveal right for the case's agency."""
    return may_reveal_id(user, application)


def error_messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return [str(m) for m in exc.messages]
    text = str(exc)
    return [text] if text else [_("This step is not possible now.")]


def apply_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError on the form: on the field it names, else above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- urgency --------------------------------------------------------------------------------


def urgency(application: Application, calendar: Calendar, today_: dt.date) -> Urgency:
    """The case's states that stop or end its clock first, then the shared urgency of its
    due date (``casework.queue.due_urgency``)."""
    status = application.status
    if status in (Status.REPLIED, Status.ARCHIVED):
        return Urgency("closed", _("Closed"))
    if status == Status.SUBMITTED:
        return Urgency("pending", _("Receipt not yet confirmed"))
    if status == Status.CORRECTION:
        return Urgency("stopped", _("Clock stopped: waiting for the correction"))
    if application.due_date is None and application.imported:
        return Urgency("unknown", _("Imported from a ledger: no time limit kept"))
    return due_urgency(application.due_date, today_, calendar)


def is_open(application: Application) -> bool:
    return application.status in OPEN_STATUSES
