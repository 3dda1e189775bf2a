"""The Table 1 figures an agency enters: 行政许可, 行政处罚, 行政强制 and 行政事业性收费."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.audit.services import record_event
from gongkai.reports.models import EnteredFigures


@transaction.atomic
def entered_figures_set(
    *,
    actor,
    agency,
    year: int,
    licensing: int,
    penalties: int,
    enforcement: int,
    fees_wan: Decimal,
    source: str = "",
    now=None,
) -> EnteredFigures:
    """Store the agency's entered figures for ``year`` (creating or replacing them), with who
    entered them and when; audited with the old and new values. A frozen report keeps the
    figures it was frozen with."""
    if actor is not None and not can(actor, "report.prepare", agency=agency):
        raise PermissionDenied
    values = {
        "licensing": licensing,
        "penalties": penalties,
        "enforcement": enforcement,
        "fees_wan": Decimal(str(fees_wan)),
    }
    errors = {
        name: _("Enter a whole number of zero or more.")
        for name in ("licensing", "penalties", "enforcement")
        if not isinstance(values[name], int) or values[name] < 0
    }
    if values["fees_wan"] < 0:
        errors["fees_wan"] = _("The fee amount cannot be negative.")
    if errors:
        raise ValidationError(errors)
    row, created = EnteredFigures.objects.select_for_update().get_or_create(
        agency=agency, year=year, defaults={**values, "entered_at": now or timezone.now()}
    )
    before = {k: str(getattr(row, k)) for k in values}
    for name, value in values.items():
        setattr(row, name, value)
    row.source = source[:100]
    row.entered_by = actor if getattr(actor, "is_authenticated", False) else None
    row.entered_at = now or timezone.now()
    row.full_clean()
    row.save()
    record_event(
        actor=actor,
        action="report.figures",
        obj=row,
        agency=agency,
        data={
            "year": year,
            "before": None if created else before,
            "after": {k: str(v) for k, v in values.items()},
            "source": row.source,
        },
    )
    return row
