"""索引号 allocation: unique and gap-free per agency and year, even under concurrency.

The counter row is created if missing (INSERT … ON CONFLICT DO NOTHING, which waits for a
concurrent insert of the same row) and then incremented with a single UPDATE inside the
caller's transaction. On PostgreSQL the UPDATE's row lock makes a second publisher wait until
the first commits or rolls back; on SQLite the IMMEDIATE transaction mode serialises writers.
A publication that fails rolls back its increment with everything else, so no number is lost.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import F

from gongkai.agencies.models import Agency
from gongkai.catalog.models import IndexSequence

DEFAULT_FORMAT = "{credit_code}/{year}-{serial:05d}"


def format_index_number(agency: Agency, year: int, serial: int) -> str:
    pattern = getattr(settings, "GONGKAI_INDEX_NUMBER_FORMAT", DEFAULT_FORMAT)
    return pattern.format(credit_code=agency.credit_code, year=year, serial=serial)


def allocate_index_number(agency: Agency, year: int) -> tuple[int, str]:
    """Take the next serial of ``agency`` in ``year``. Call inside transaction.atomic."""
    if not connection.in_atomic_block:
        raise RuntimeError("allocate_index_number must run inside the publishing transaction.")
    IndexSequence.objects.bulk_create(
        [IndexSequence(agency=agency, year=year, last_serial=0)], ignore_conflicts=True
    )
    sequence = IndexSequence.objects.filter(agency=agency, year=year)
    sequence.update(last_serial=F("last_serial") + 1)
    serial = sequence.values_list("last_serial", flat=True).get()
    return serial, format_index_number(agency, year, serial)
