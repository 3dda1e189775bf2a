"""Running a service from a staff API endpoint: the one place where its refusals become HTTP
errors, so every router answers them alike.

``PermissionDenied`` → 403 with a fixed sentence; a ``ValidationError`` → 422 with the
service's own messages; ``CalendarMissing`` (a due date in a year whose working-day calendar is
not entered yet) → 422 saying which year.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from gongkai.workdays.calendar import CalendarMissing


def call_service(fn, **kwargs) -> Any:
    """Run a service; its refusals become HTTP errors with the service's own message."""
    try:
        return fn(**kwargs)
    except PermissionDenied as exc:
        raise HttpError(403, _("You may not do this.")) from exc
    except DjangoValidationError as exc:
        raise HttpError(422, "；".join(exc.messages)) from exc
    except CalendarMissing as exc:
        raise HttpError(422, str(exc)) from exc
