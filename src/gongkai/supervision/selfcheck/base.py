"""What a self-check rule receives (the scope) and yields (``Found``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.supervision.models.selfcheck import Severity


@dataclass(frozen=True)
class CheckScope:
    """What one run looks at: ``agencies`` (the active ones in scope) on ``today``; ``site``
    adds the checks of the site as a whole (its home page)."""

    today: dt.date
    agencies: tuple[Agency, ...]
    site: bool = False

    @property
    def agency_ids(self) -> list[int]:
        return [a.pk for a in self.agencies]

    def agency(self, pk: int) -> Agency:
        return self._by_pk[pk]

    @cached_property
    def _by_pk(self) -> dict[int, Agency]:
        return {a.pk: a for a in self.agencies}


@dataclass
class Found:
    """One problem as a rule sees it; the runner turns it into a stored ``Finding``."""

    agency_id: int | None
    rule: str
    key: str
    severity: str = Severity.DEDUCTION
    object_type: str = ""
    object_id: str = ""
    label: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    fix_url: str = ""


class RuleFunction(Protocol):
    def __call__(self, scope: CheckScope) -> Iterable[Found]: ...


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def item_fix_url(pk: int) -> str:
    """Where staff correct a published item: its revision form."""
    return reverse("catalog_staff:item_revise", args=[pk])


def item_page_url(pk: int) -> str:
    return reverse("catalog_staff:item", args=[pk])


def category_fix_url(agency: Agency, pk: int) -> str:
    return reverse("catalog_staff:category_edit", args=[agency.credit_code, pk])


def new_item_url(agency: Agency | None = None) -> str:
    url = reverse("catalog_staff:item_new")
    return f"{url}?agency={agency.pk}" if agency is not None else url


def chunks(values: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
