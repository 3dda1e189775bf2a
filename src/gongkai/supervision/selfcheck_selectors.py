"""Reads of the site self-check (自查): open findings per agency, scoped lists for the pages."""

from __future__ import annotations

from gongkai.agencies.models import Agency
from gongkai.supervision.models.selfcheck import Finding


def open_findings_count(agency: Agency) -> int:
    """How many self-check findings of ``agency`` itself are open now (one query; findings of
    the agencies below it and of the site as a whole are not counted)."""
    return Finding.objects.filter(agency=agency, resolved_on__isnull=True).count()
