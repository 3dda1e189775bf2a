"""Time limits of a matter (法定办结时限 / 承诺办结时限): the rules and the comparison figures.

A limit is a value and a unit, working days (工作日) or natural days (自然日). Limits in the
same unit are compared as they are. When the units differ — a law says "60日" and the agency
promises "15个工作日" — both are expressed in working days, a natural-day limit counting 5
working days for every 7 natural days (an ordinary week; holidays are ignored because a limit
is not tied to a start date). The comparison page states this rule. Pure functions: no
database, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from gongkai.services.models import CaseKind, LimitUnit, limit_text

WORKING_PER_NATURAL = Fraction(5, 7)

MIXED_UNITS_RULE = gettext_lazy(
    "Where a promised limit and its statutory limit use different units, both are counted in "
    "working days: 7 natural days count as 5 working days (an ordinary week, holidays not "
    "counted). Figures of an agency are in working days for the same reason."
)


def in_working_days(value: int, unit: str) -> Fraction:
    """``value`` days of ``unit`` expressed in working days."""
    if unit == LimitUnit.NATURAL_DAYS:
        return value * WORKING_PER_NATURAL
    return Fraction(value)


def check_limits(
    *,
    case_kind: str,
    statutory_limit: int | None,
    statutory_unit: str,
    promised_limit: int | None,
    promised_unit: str,
) -> dict[str, list[str]]:
    """Problems with the time limits, by field ({} when they are right):

    - an immediate case (即办件) is promised 0 days (handled on the spot);
    - a promised case (承诺件) is promised at least 1 day;
    - the promised limit is never longer than the statutory one.
    """
    errors: dict[str, list[str]] = {}
    promised = promised_limit or 0
    if case_kind == CaseKind.IMMEDIATE and promised:
        errors.setdefault("promised_limit", []).append(
            _("A matter handled on the spot has no promised time limit: enter 0.")
        )
    if case_kind == CaseKind.PROMISED and promised < 1:
        errors.setdefault("promised_limit", []).append(
            _(
                "Enter the promised time limit (at least 1 day) or make it a matter handled on the spot."
            )
        )
    if statutory_limit is not None and statutory_limit < 1:
        errors.setdefault("statutory_limit", []).append(
            _("A statutory time limit is at least 1 day; leave it empty when the law sets none.")
        )
    elif statutory_limit is not None and in_working_days(promised, promised_unit) > in_working_days(
        statutory_limit, statutory_unit
    ):
        errors.setdefault("promised_limit", []).append(
            _("The promised time limit cannot be longer than the statutory time limit.")
        )
    return errors


def validate_limits(**kwargs) -> None:
    errors = check_limits(**kwargs)
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class LimitRow:
    """One matter's limits, as the comparison reads them."""

    matter_id: int
    name: str
    url: str
    case_kind: str
    statutory_limit: int | None
    statutory_unit: str
    promised_limit: int
    promised_unit: str

    @property
    def compared(self) -> bool:
        return self.statutory_limit is not None

    @property
    def same_unit(self) -> bool:
        return self.statutory_unit == self.promised_unit

    @property
    def reduction(self) -> Fraction | None:
        """Statutory − promised: in their unit when both share it, else in working days."""
        if self.statutory_limit is None:
            return None
        if self.same_unit:
            return Fraction(self.statutory_limit - self.promised_limit)
        return self.statutory_working - self.promised_working

    @property
    def statutory_text(self) -> str:
        return limit_text(self.statutory_limit, self.statutory_unit)

    @property
    def promised_text(self) -> str:
        return limit_text(self.promised_limit, self.promised_unit)

    @property
    def reduction_text(self) -> str:
        return days_text(self.reduction, self.reduction_unit)

    @property
    def reduction_unit(self) -> str:
        return self.statutory_unit if self.same_unit else LimitUnit.WORKING_DAYS

    @property
    def statutory_working(self) -> Fraction:
        return in_working_days(self.statutory_limit or 0, self.statutory_unit)

    @property
    def promised_working(self) -> Fraction:
        return in_working_days(self.promised_limit, self.promised_unit)

    @property
    def reduction_working(self) -> Fraction | None:
        if self.statutory_limit is None:
            return None
        return self.statutory_working - self.promised_working


@dataclass
class AgencyLimits:
    """The figures of one agency: every sum in working days (see ``MIXED_UNITS_RULE``)."""

    agency_id: int
    name: str
    rows: list[LimitRow] = field(default_factory=list)

    @property
    def matters(self) -> int:
        return len(self.rows)

    @property
    def compared_rows(self) -> list[LimitRow]:
        return [r for r in self.rows if r.compared]

    @property
    def compared(self) -> int:
        return len(self.compared_rows)

    @property
    def without_statutory(self) -> int:
        return self.matters - self.compared

    @property
    def immediate(self) -> int:
        return sum(1 for r in self.rows if r.case_kind == CaseKind.IMMEDIATE)

    @property
    def statutory_total(self) -> Fraction:
        return sum((r.statutory_working for r in self.compared_rows), Fraction(0))

    @property
    def promised_total(self) -> Fraction:
        return sum((r.promised_working for r in self.compared_rows), Fraction(0))

    @property
    def reduction_total(self) -> Fraction:
        return self.statutory_total - self.promised_total

    @property
    def reduction_average(self) -> Fraction | None:
        return self.reduction_total / self.compared if self.compared else None

    @property
    def reduction_rate(self) -> Fraction | None:
        """Share of the statutory time cut by the promises (0 … 1)."""
        return self.reduction_total / self.statutory_total if self.statutory_total else None


def compare(rows: Iterable[tuple[int, str, LimitRow]]) -> list[AgencyLimits]:
    """Group ``(agency id, agency name, row)`` into per-agency figures, in the order given."""
    result: dict[int, AgencyLimits] = {}
    for agency_id, name, row in rows:
        result.setdefault(agency_id, AgencyLimits(agency_id, name)).rows.append(row)
    return list(result.values())


def totals(agencies: Iterable[AgencyLimits]) -> AgencyLimits:
    """All agencies together (``agency_id`` 0)."""
    combined = AgencyLimits(0, "")
    for agency in agencies:
        combined.rows.extend(agency.rows)
    return combined


def days(value: Fraction | None, places: int = 1) -> str:
    """A figure in days for display: whole numbers as they are, else rounded half away
    from zero to ``places`` decimals (trailing zeros dropped)."""
    if value is None:
        return "—"
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    scale = 10**places
    whole, fraction = divmod(int(abs(value) * scale + Fraction(1, 2)), scale)
    text = f"{whole}.{fraction:0{places}d}".rstrip("0").rstrip(".")
    return ("-" + text) if value < 0 and text != "0" else text


def percent(value: Fraction | None) -> str:
    if value is None:
        return "—"
    return days(value * 100) + "%"


def days_text(value: Fraction | None, unit: str) -> str:
    """ "12个工作日" / "3.6个工作日" (a figure that may have a fraction, with its unit)."""
    if value is None:
        return "—"
    shown = days(value)
    count = int(abs(value)) if Fraction(value).denominator == 1 else 2
    if unit == LimitUnit.NATURAL_DAYS:
        return ngettext("%(n)s natural day", "%(n)s natural days", count) % {"n": shown}
    return ngettext("%(n)s working day", "%(n)s working days", count) % {"n": shown}
