"""行政复议 / 行政诉讼 over a case, counted in annual-report Table 3."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.applications.models import Application, Remedy, RemedyKind, RemedyResult
from gongkai.applications.services.workflow._common import (
    WorkflowError,
    _locked,
    _now,
    _require,
    _step,
    _today,
)
from gongkai.audit.services import record_event
from gongkai.core.dates import format_cn_date

REMEDY_FIELDS = ("body", "result", "concluded_on", "note", "filed_on", "after_reconsideration")


def _check_remedy(remedy: Remedy, application: Application, today: dt.date) -> None:
    errors: dict[str, Any] = {}
    if remedy.kind not in RemedyKind.values:
        errors["kind"] = _("Choose reconsideration or litigation.")
    if remedy.after_reconsideration and remedy.kind != RemedyKind.LITIGATION:
        errors["after_reconsideration"] = _(
            "Only a lawsuit can follow an administrative reconsideration."
        )
    if remedy.result not in RemedyResult.values:
        errors["result"] = _("Choose a result.")
    if application.received_on and remedy.filed_on < application.received_on:
        errors["filed_on"] = _("This date is before the application was received.")
    elif remedy.filed_on > today:
        errors["filed_on"] = _("This date is in the future.")
    if remedy.result == RemedyResult.PENDING:
        if remedy.concluded_on:
            errors["concluded_on"] = _("A pending case has no conclusion date.")
    elif remedy.concluded_on is None:
        errors["concluded_on"] = _("Give the date the case was concluded.")
    elif remedy.concluded_on < remedy.filed_on:
        errors["concluded_on"] = _("The conclusion cannot be before the filing.")
    if errors:
        raise WorkflowError(errors, code="invalid")


@transaction.atomic
def remedy_add(
    *,
    actor,
    application: Application,
    kind: str,
    filed_on: dt.date,
    body: str = "",
    after_reconsideration: bool = False,
    result: str = RemedyResult.PENDING,
    concluded_on: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Remedy:
    """Record a 行政复议 or 行政诉讼 over the case (also over a missing answer, so any received
    application qualifies). Counted in annual-report Table 3."""
    today, now = _today(today), _now(now)
    application = _locked(application)
    _require(actor, "application.handle", application)
    if application.received_on is None:
        raise WorkflowError(_("This application has not been received."), code="not_received")
    remedy = Remedy(
        agency_id=application.agency_id,
        application=application,
        kind=kind,
        filed_on=filed_on,
        body=body.strip(),
        after_reconsideration=after_reconsideration,
        result=result,
        concluded_on=concluded_on,
        note=note,
    )
    _check_remedy(remedy, application, today)
    remedy.save()
    _step(
        application,
        kind="remedy",
        text=_("%(kind)s filed on %(date)s.")
        % {"kind": remedy.get_kind_display(), "date": format_cn_date(filed_on)},
        actor=actor,
        now=now,
        public=False,
    )
    record_event(
        actor=actor,
        action="application.remedy_add",
        obj=application,
        data={"remedy": remedy.pk, "kind": kind, "filed_on": filed_on, "result": result},
    )
    return remedy


@transaction.atomic
def remedy_update(
    *,
    actor,
    remedy: Remedy,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    **fields,
) -> Remedy:
    """Change a remedy (typically its result and conclusion date). Fields: ``REMEDY_FIELDS``."""
    today, now = _today(today), _now(now)
    unknown = set(fields) - set(REMEDY_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    application = _locked(remedy.application)
    remedy = Remedy.objects.select_for_update().get(pk=remedy.pk)
    _require(actor, "application.handle", application)
    before = {name: getattr(remedy, name) for name in fields}
    for name, value in fields.items():
        setattr(remedy, name, value.strip() if isinstance(value, str) else value)
    _check_remedy(remedy, application, today)
    remedy.save()
    changed = {
        k: [before[k], getattr(remedy, k)] for k in fields if before[k] != getattr(remedy, k)
    }
    if remedy.result != RemedyResult.PENDING and "result" in changed:
        _step(
            application,
            kind="remedy_result",
            text=_("%(kind)s concluded: %(result)s.")
            % {"kind": remedy.get_kind_display(), "result": remedy.get_result_display()},
            actor=actor,
            now=now,
            public=False,
        )
    record_event(
        actor=actor,
        action="application.remedy_update",
        obj=application,
        data={"remedy": remedy.pk, "changed": changed},
    )
    return remedy
