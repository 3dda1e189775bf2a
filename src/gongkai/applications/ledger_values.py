"""Reading the cells of a past ledger (台账): dates, the choices written in Chinese, the agency,
and the all-or-nothing ending both ledger importers share (``ledger``, ``ledger_remedies``).

Values are compared after Unicode NFKC (full-width digits, letters and punctuation typed on a
Chinese keyboard read as their ASCII forms) with surrounding spaces removed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.agencies.credit_code import normalize as normalize_credit_code
from gongkai.agencies.models import Agency
from gongkai.core.importing import ImportFileError, ImportResult, Row, read_rows

# Said wherever a case's clock would be explained (the case page, the staff API).
NO_CLOCK = gettext_lazy("No time limit is kept for a case imported from a ledger.")

_DATE_RES = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
)
# A spreadsheet saved as CSV may add a time of day to a date cell: "2021/3/4 0:00".
_TIME_SUFFIX = re.compile(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")


def text(value: Any) -> str:
    """A cell as text: NFKC, stripped; None and missing cells are ""."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_date(value: Any) -> dt.date | None:
    """A date written YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYY年M月D日 (a date object as
    is). None for an empty cell; raises ``ValueError`` with a message for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = _TIME_SUFFIX.sub("", text(value)).strip()
    if not s:
        return None
    for pattern in _DATE_RES:
        match = pattern.fullmatch(s)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                break
    raise ValueError(
        _("“%(value)s” is not a date: write it as 2021-03-04, 2021/03/04 or 2021年3月4日.")
        % {"value": s}
    )


def lookup(table: Mapping[str, Any], value: Any) -> Any:
    """``table[value]`` compared without case and spaces; None when not there."""
    key = "".join(text(value).split()).lower()
    return table.get(key)


def choice_table(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """A lookup table from (spelling, value) pairs, keyed as ``lookup`` compares."""
    return {"".join(text(name).split()).lower(): value for name, value in pairs}


def labels_in(choices, language: str) -> list[tuple[str, str]]:
    """(label in ``language``, value) of a TextChoices, so a file written from our own pages in
    either language reads back."""
    with translation.override(language):
        return [(str(label), value) for value, label in choices.choices]


def site_text(message: str, **values: Any) -> str:
    """A stored text (a timeline line) in the site's language, whoever runs the import."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(message) % values if values else _(message)


def field_names(model, names: Iterable[str]) -> str:
    """The verbose names of ``names`` in the site's language, for a timeline line."""
    with translation.override(settings.LANGUAGE_CODE):
        return "、".join(str(model._meta.get_field(name).verbose_name) for name in names)


def agency_for_code(code: str | None) -> Agency:
    """The agency named by ``--agency CREDIT_CODE``; ``ImportFileError`` when none is."""
    if not (code or "").strip():
        raise ImportFileError(_("Name the agency whose ledger this is: --agency CREDIT_CODE."))
    normal = normalize_credit_code(code)
    agency = Agency.objects.filter(credit_code=normal).first()
    if agency is None:
        raise ImportFileError(
            _("There is no agency with the credit code %(code)s.") % {"code": normal or "—"}
        )
    return agency


def as_rows(rows: Iterable[Row | Mapping[str, Any]]) -> list[Row]:
    """Rows from ``read_rows``, or plain dicts numbered from line 1."""
    out = []
    for number, row in enumerate(rows, start=1):
        out.append(row if isinstance(row, Row) else Row(number, dict(row)))
    return out


def warn_unknown_columns(rows: list[Row], known: Iterable[str], result: ImportResult) -> None:
    seen = set().union(*(row.data.keys() for row in rows)) if rows else set()
    for column in sorted(seen - set(known)):
        result.warnings.append(
            _("Column “%(name)s” is not known and was ignored.") % {"name": column}
        )


def refuse_if_errors(result: ImportResult) -> bool:
    """True when nothing may be written: then the planned actions are dropped and the
    command says that nothing was imported."""
    if not result.errors:
        return False
    result.actions.clear()
    result.failure_message = _(
        "Nothing was imported: correct the lines above and run the import again."
    )
    return True


def import_file(
    path, *, agency: str, rows_importer, aliases, dry_run: bool = False, actor=None
) -> ImportResult:
    """Read a ledger file and hand its rows to ``rows_importer`` (applications or remedies).
    Lines that cannot even be read are reported with the others, and nothing is written."""
    from pathlib import Path

    path = Path(path)
    target = agency_for_code(agency)
    rows, problems, encoding = read_rows(path, aliases=aliases)
    result = rows_importer(
        target, rows, actor=actor, dry_run=dry_run or bool(problems), source=path.name
    )
    if problems:
        result.errors.extend(problems)
        refuse_if_errors(result)
        result.dry_run = dry_run
    result.encoding = encoding
    return result
