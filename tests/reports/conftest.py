"""Fixtures for the annual-report tests: the county of the applications tests, and helpers to
build a year of cases whose every Table 2 cell is known in advance."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from tests.applications.conftest import county, registered_application  # noqa: F401

D = dt.date.fromisoformat

KINDS = ["natural_person", "commercial", "research", "nonprofit", "legal_service", "other"]


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def case(agency, received: str, *, kind: int = 0, closed: str | None = None, outcome: str = ""):
    """A case received on ``received`` by applicant column ``kind`` (0–5); with ``closed`` it is
    in the state a reply leaves it (status replied, the outcome, the reply date)."""
    from gongkai.applications.models import Application, Status

    app = registered_application(agency, received_on=received, applicant_kind=KINDS[kind])
    if closed:
        Application.objects.filter(pk=app.pk).update(
            status=Status.REPLIED, outcome=outcome, replied_on=D(closed), decided_on=D(closed)
        )
        app.refresh_from_db()
    return app


def run_report_command(*args: str) -> bytes:
    """``gongkai report ARGS`` with what it writes to stdout (bytes: PDFs and DOCX too)."""
    import io
    import sys

    from django.core.management import call_command

    out = io.BytesIO()

    class Stdout:
        buffer = out

        def write(self, s):
            out.write(s.encode())

        def flush(self):
            pass

    saved, sys.stdout = sys.stdout, Stdout()
    try:
        call_command("report", *args)
    finally:
        sys.stdout = saved
    return out.getvalue()
