"""What the pinned ``chinesecalendar`` package knows, as plain data (no database).

The package is the seed of the calendar table, not a runtime dependency of the arithmetic: an
administrator can enter a year before the package knows it (RULES.md §5.3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from chinese_calendar import constants


@dataclass(frozen=True)
class Arrangement:
    """One year's arrangement: {date: holiday name} for rest days and for make-up days."""

    year: int
    rest_days: dict[dt.date, str]
    make_up_days: dict[dt.date, str]


def package_version() -> str:
    try:
        return version("chinesecalendar")
    except PackageNotFoundError:  # pragma: no cover - installed under another name
        return "unknown"


def chinese_name(english: str | None) -> str:
    """春节 for "Spring Festival" (the package's enum carries the Chinese name)."""
    if not english:
        return ""
    try:
        return constants.Holiday(english).chinese
    except ValueError:
        return english


def package_years() -> list[int]:
    """Every year the package has data for, e.g. 2004..2026 for version 1.11.0."""
    return sorted({d.year for d in constants.holidays} | {d.year for d in constants.workdays})


def package_arrangement(year: int) -> Arrangement | None:
    """The package's arrangement of ``year``, or None when the package does not know it."""
    if year not in package_years():
        return None
    return Arrangement(
        year=year,
        rest_days={
            d: chinese_name(name)
            for d, name in sorted(constants.holidays.items())
            if d.year == year
        },
        make_up_days={
            d: chinese_name(name)
            for d, name in sorted(constants.workdays.items())
            if d.year == year
        },
    )
