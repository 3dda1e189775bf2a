"""The 公开办 checks a bureau's report file before it goes out.

``report_file_check`` is the one write path of the check page: it reads and checks the file
(``readers.check_file``), adds a reading problem when the file names another agency or year
than the one chosen, and records the audit event ``report.checked``. Nothing else is stored:
the file and its figures are gone when the page has been shown.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied
from django.db import transaction

from gongkai.accounts.permissions import can
from gongkai.audit.services import record_event
from gongkai.reports.readers import CheckResult, check_file, metadata_problems


def report_file_check(*, actor, agency, year: int, filename: str, content: bytes) -> CheckResult:
    """Check ``content`` (a report file called ``filename``) as ``agency``'s report for
    ``year``. Requires "report.manage" on ``agency``; raises ``readers.ReportReadError`` for a
    file that cannot be read (nothing is recorded then). Writes one audit event, in its own
    transaction: agency, year, file name, SHA-256 of the content, counts of violations and
    reading problems."""
    if not can(actor, "report.manage", agency=agency):
        raise PermissionDenied
    result = check_file(content, filename=filename)
    result.problems = [
        *metadata_problems(result, agency_name=agency.name, year=year),
        *result.problems,
    ]
    with transaction.atomic():
        record_event(
            actor=actor,
            action="report.checked",
            agency=agency,
            data={
                "year": year,
                "file": filename[:200],
                "sha256": hashlib.sha256(content).hexdigest(),
                "format": result.format,
                "violations": len(result.violations),
                "problems": len(result.problems),
            },
        )
    return result
