"""Gap-free serial numbers per key (per year, per agency and year …) for case numbers.

Used by ``applications`` (申请编号 ``<year>-<serial>``) and ``interaction`` (来信编号). The
serial is taken inside the transaction that creates the case, the way 索引号 are
(``catalog.services.numbering``): a failed creation rolls its serial back with it, so no
number is lost or used twice, and concurrent creators wait for each other on the row.
"""

from __future__ import annotations

from django.db import router, transaction
from django.db.models import F, Model


def allocate_serial(sequence_model: type[Model], **key) -> int:
    """Take the next serial of ``key`` (e.g. ``allocate_serial(ApplicationSequence, year=2026)``).

    ``sequence_model`` has the key fields, unique together, and an integer ``last_serial``.
    Creates the key's row at 0 when it is missing, increments it and returns the new value.
    Raises RuntimeError outside a transaction (the serial would survive a failed creation).
    """
    using = router.db_for_write(sequence_model)
    if not transaction.get_connection(using).in_atomic_block:
        raise RuntimeError("allocate_serial must run inside the creating transaction.")
    manager = sequence_model._default_manager.db_manager(using)
    manager.bulk_create([sequence_model(**key, last_serial=0)], ignore_conflicts=True)
    sequence = manager.filter(**key)
    sequence.update(last_serial=F("last_serial") + 1)
    return sequence.values_list("last_serial", flat=True).get()
