"""归档: a replied case is archived."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.applications.models import Application, Status
from gongkai.applications.services.workflow._common import (
    _locked,
    _now,
    _require,
    _require_status,
    _save,
    _step,
)
from gongkai.audit.services import record_event


@transaction.atomic
def application_archive(
    *, actor, application: Application, now: dt.datetime | None = None
) -> Application:
    """Archive (归档) a replied case: REPLIED → ARCHIVED."""
    now = _now(now)
    application = _locked(application)
    _require(actor, "application.handle", application)
    _require_status(
        application,
        (Status.REPLIED,),
        _("This application is “%(status)s”; only a replied application can be archived."),
    )
    application.status = Status.ARCHIVED
    application.archived_at = now
    _save(application, ["status", "archived_at"])
    _step(application, kind="archived", text=_("Archived."), actor=actor, now=now, public=False)
    record_event(actor=actor, action="application.archive", obj=application, data={})
    return application
