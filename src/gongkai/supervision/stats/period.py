"""The period a statistics page covers: one calendar year, or a range of its months."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    """Months ``month_from`` … ``month_to`` (inclusive) of ``year``."""

    year: int
    month_from: int = 1
    month_to: int = 12

    def __post_init__(self) -> None:
        if not (1 <= self.month_from <= self.month_to <= 12):
            raise ValueError("months must satisfy 1 <= month_from <= month_to <= 12")

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month_from, 1)

    @property
    def end(self) -> dt.date:
        return month_end(self.year, self.month_to)

    @property
    def months(self) -> list[int]:
        return list(range(self.month_from, self.month_to + 1))

    @property
    def is_full_year(self) -> bool:
        return self.month_from == 1 and self.month_to == 12

    def month_bounds(self, month: int) -> tuple[dt.date, dt.date]:
        return dt.date(self.year, month, 1), month_end(self.year, month)

    @property
    def label(self) -> str:
        if self.is_full_year:
            return _("%(year)s (whole year)") % {"year": self.year}
        if self.month_from == self.month_to:
            return _("%(year)s, month %(month)s") % {"year": self.year, "month": self.month_from}
        return _("%(year)s, months %(first)s to %(last)s") % {
            "year": self.year,
            "first": self.month_from,
            "last": self.month_to,
        }

    def query(self) -> dict[str, str]:
        """The period as the statistics page's query parameters."""
        params = {"year": str(self.year)}
        if not self.is_full_year:
            params["from"] = str(self.month_from)
            params["to"] = str(self.month_to)
        return params


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
