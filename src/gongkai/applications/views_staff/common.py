"""What the staff views of applications share: the 403 wrapper, fetching a case (404 for
missing and forbidden alike), today's date, and the urgency of a due date in words and colour."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gongkai.accounts.permissions import can, is_system_admin
from gongkai.applications.models import OPEN_STATUSES, Application, Status
from gongkai.applications.permissions import may_reveal_id
from gongkai.core.staff_views import staff_view_rendering
from gongkai.workdays.calendar import Calendar, CalendarMissing
from gongkai.workdays.selectors import load_calendar

URGENT_DAYS = 2  # orange
SOON_DAYS = 5  # yellow


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


@dataclass(frozen=True)
class Urgency:
    """How pressing a case is: ``level`` is the CSS modifier, ``text`` says it in words (the
    colour is never the only signal)."""

    level: str  # overdue | due2 | due5 | normal | stopped | closed | pending | unknown
    text: str
    days_left: int | None = None


def calendar_around(dates: list[dt.date], today_: dt.date) -> Calendar:
    """One calendar (two queries) covering today and every due date of a page."""
    years = {today_.year, today_.year + 1} | {d.year for d in dates}
    return load_calendar(range(min(years), max(years) + 1))


def urgency(application: Application, calendar: Calendar, today_: dt.date) -> Urgency:
    status = application.status
    if status in (Status.REPLIED, Status.ARCHIVED):
        return Urgency("closed", _("Closed"))
    if status == Status.SUBMITTED:
        return Urgency("pending", _("Receipt not yet confirmed"))
    if status == Status.CORRECTION:
        return Urgency("stopped", _("Clock stopped: waiting for the correction"))
    if application.due_date is None and application.imported:
        return Urgency("unknown", _("Imported from a ledger: no time limit kept"))
    if application.due_date is None:
        return Urgency("unknown", _("No due date yet"))
    try:
        if today_ <= application.due_date:
            left = calendar.count_working_days(today_, application.due_date)
        else:
            left = -calendar.count_working_days(application.due_date, today_)
    except CalendarMissing:
        if application.due_date < today_:
            return Urgency("overdue", _("Overdue"))
        return Urgency("unknown", _("Due date beyond the entered calendar"))
    if today_ > application.due_date:
        n = -left
        if n == 0:  # due on a working day, today a rest day after it
            return Urgency("overdue", _("Overdue"), 0)
        return Urgency(
            "overdue",
            ngettext("Overdue by %(n)d working day", "Overdue by %(n)d working days", n) % {"n": n},
            left,
        )
    if left == 0:
        return Urgency("due2", _("Due today"), 0)
    text = ngettext("%(n)d working day left", "%(n)d working days left", left) % {"n": left}
    if left <= URGENT_DAYS:
        return Urgency("due2", text, left)
    if left <= SOON_DAYS:
        return Urgency("due5", text, left)
    return Urgency("normal", text, left)


def is_open(application: Application) -> bool:
    return application.status in OPEN_STATUSES
