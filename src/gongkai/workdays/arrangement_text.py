"""The text form in which an administrator types a year's State Council arrangement.

Rest periods, one a line: ``春节 2027-02-06~2027-02-12`` (also ``至``, ``到``, a dash, the
full-width ``～``, ``2027年2月6日``, a short end date ``2-12``, or a single date).
Make-up working days, one or more dates after the name: ``春节 2027-02-14``.
Blank lines and lines starting with ``#`` are ignored. Parsing is pure; errors name the line.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext

MAX_PERIOD_DAYS = 31
MAX_NAME_LENGTH = 50

_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_SHORT_DATE = r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_DATE_RE = re.compile(_DATE)
_PERIOD_RE = re.compile(
    rf"^{_DATE}(?:\s*(?:~|至|到|—|–|-)\s*(?:{_DATE}|{_SHORT_DATE}))?\s*(?P<tail>.*)$"
)
_LIST_SPLIT_RE = re.compile(r"[\s,;、，；]+")


class ArrangementTextError(ValueError):
    """One message per bad line (already translated)."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


def rest_example(year: int) -> str:
    return f"春节 {year}-02-06~{year}-02-12"


def make_up_example(year: int) -> str:
    return f"春节 {year}-02-14"


def _lines(text: str) -> Iterable[tuple[int, str]]:
    for number, raw in enumerate((text or "").splitlines(), start=1):
        # NFKC turns full-width digits, spaces, ～ and － into their ASCII forms.
        line = unicodedata.normalize("NFKC", raw).strip()
        if line and not line.startswith("#"):
            yield number, line


def _split_name(line: str) -> tuple[str, str] | None:
    """(the name before the first date, the dates and what follows), or None without a date."""
    match = _DATE_RE.search(line)
    if match is None:
        return None
    return line[: match.start()].strip(" :\t"), line[match.start() :]


def _make_date(number: int, year: str, month: str, day: str, errors: list[str]) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        errors.append(
            gettext("Line %(line)s: “%(text)s” is not a valid date.")
            % {"line": number, "text": f"{year}-{month}-{day}"}
        )
        return None


def _check_name(number: int, name: str, example: str, errors: list[str]) -> bool:
    if not name:
        errors.append(
            gettext(
                "Line %(line)s: write the holiday name before the dates, for example “%(example)s”."
            )
            % {"line": number, "example": example}
        )
        return False
    if len(name) > MAX_NAME_LENGTH:
        errors.append(
            gettext("Line %(line)s: the holiday name is longer than %(max)s characters.")
            % {"line": number, "max": MAX_NAME_LENGTH}
        )
        return False
    return True


def _check_in_year(number: int, d: dt.date, year: int, errors: list[str]) -> bool:
    if d.year != year:
        errors.append(
            gettext("Line %(line)s: %(date)s is not in %(year)s.")
            % {"line": number, "date": d.isoformat(), "year": year}
        )
        return False
    return True


def weekday_name(d: dt.date) -> str:
    return str(WEEKDAYS[d.weekday()])


def parse_rest_periods(text: str, *, year: int) -> dict[dt.date, str]:
    """{date: holiday name} for every day of every period. Raises ArrangementTextError."""
    errors: list[str] = []
    result: dict[dt.date, str] = {}
    seen_on: dict[dt.date, int] = {}
    example = rest_example(year)
    for number, line in _lines(text):
        parts = _split_name(line)
        if parts is None:
            errors.append(
                gettext("Line %(line)s: no date found. Write it like “%(example)s”.")
                % {"line": number, "example": example}
            )
            continue
        name, dates = parts
        match = _PERIOD_RE.match(dates)
        if match is None or match.group("tail"):
            errors.append(
                gettext(
                    "Line %(line)s: could not understand “%(text)s”. Write one period a line, "
                    "like “%(example)s”."
                )
                % {"line": number, "text": line, "example": example}
            )
            continue
        g = match.groups()
        line_errors: list[str] = []
        start = _make_date(number, g[0], g[1], g[2], line_errors)
        end = start
        if g[3]:
            end = _make_date(number, g[3], g[4], g[5], line_errors)
        elif g[6] and start is not None:
            end = _make_date(number, str(start.year), g[6], g[7], line_errors)
        if line_errors or start is None or end is None:
            errors.extend(line_errors)
            continue
        if not _check_name(number, name, example, errors):
            continue
        if end < start:
            errors.append(
                gettext("Line %(line)s: the end date %(end)s is before the start date %(start)s.")
                % {"line": number, "start": start.isoformat(), "end": end.isoformat()}
            )
            continue
        if (end - start).days + 1 > MAX_PERIOD_DAYS:
            errors.append(
                gettext(
                    "Line %(line)s: the period from %(start)s to %(end)s is longer than %(max)s "
                    "days; check the dates."
                )
                % {
                    "line": number,
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "max": MAX_PERIOD_DAYS,
                }
            )
            continue
        if not (
            _check_in_year(number, start, year, errors)
            and _check_in_year(number, end, year, errors)
        ):
            continue
        d = start
        while d <= end:
            if d in seen_on:
                errors.append(
                    gettext("Line %(line)s: %(date)s was already entered on line %(other)s.")
                    % {"line": number, "date": d.isoformat(), "other": seen_on[d]}
                )
                break
            seen_on[d] = number
            result[d] = name
            d += dt.timedelta(days=1)
    if errors:
        raise ArrangementTextError(errors)
    return result


def parse_make_up_days(
    text: str, *, year: int, rest_days: Mapping[dt.date, str] | None = None
) -> dict[dt.date, str]:
    """{date: holiday name} of 调休 make-up working days. Raises ArrangementTextError."""
    errors: list[str] = []
    result: dict[dt.date, str] = {}
    seen_on: dict[dt.date, int] = {}
    example = make_up_example(year)
    for number, line in _lines(text):
        parts = _split_name(line)
        if parts is None:
            errors.append(
                gettext("Line %(line)s: no date found. Write it like “%(example)s”.")
                % {"line": number, "example": example}
            )
            continue
        name, dates = parts
        if not _check_name(number, name, example, errors):
            continue
        for token in _LIST_SPLIT_RE.split(dates.strip()):
            if not token:
                continue
            match = _DATE_RE.fullmatch(token)
            if match is None:
                errors.append(
                    gettext(
                        "Line %(line)s: could not understand “%(text)s”. Write the name and "
                        "one or more dates, like “%(example)s”."
                    )
                    % {"line": number, "text": token, "example": example}
                )
                continue
            d = _make_date(number, *match.groups(), errors)
            if d is None or not _check_in_year(number, d, year, errors):
                continue
            if d.weekday() < 5:
                errors.append(
                    gettext(
                        "Line %(line)s: %(date)s is a %(weekday)s; a make-up working day must be "
                        "a Saturday or a Sunday."
                    )
                    % {"line": number, "date": d.isoformat(), "weekday": weekday_name(d)}
                )
                continue
            if rest_days is not None and d in rest_days:
                errors.append(
                    gettext("Line %(line)s: %(date)s is also entered as a rest day.")
                    % {"line": number, "date": d.isoformat()}
                )
                continue
            if d in seen_on:
                errors.append(
                    gettext("Line %(line)s: %(date)s was already entered on line %(other)s.")
                    % {"line": number, "date": d.isoformat(), "other": seen_on[d]}
                )
                continue
            seen_on[d] = number
            result[d] = name
    if errors:
        raise ArrangementTextError(errors)
    return result


def format_rest_periods(days: Mapping[dt.date, str]) -> str:
    """The text form of rest days: consecutive dates with the same name become one line."""
    lines: list[str] = []
    run: list[dt.date] = []
    for d in sorted(days):
        if run and d - run[-1] == dt.timedelta(days=1) and days[d] == days[run[0]]:
            run.append(d)
            continue
        if run:
            lines.append(_period_line(days[run[0]], run[0], run[-1]))
        run = [d]
    if run:
        lines.append(_period_line(days[run[0]], run[0], run[-1]))
    return "\n".join(lines)


def _period_line(name: str, start: dt.date, end: dt.date) -> str:
    if start == end:
        return f"{name} {start.isoformat()}"
    return f"{name} {start.isoformat()}~{end.isoformat()}"


def format_make_up_days(days: Mapping[dt.date, str]) -> str:
    return "\n".join(f"{days[d]} {d.isoformat()}".strip() for d in sorted(days))
