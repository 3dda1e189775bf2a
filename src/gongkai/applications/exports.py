"""The staff list of applications as CSV (UTF-8 with BOM, for Excel) and XLSX.

The export carries what the list shows, with the applicant's ID number masked — a file leaves
the system and lives on in mailboxes and shared drives, so it never holds a full ID number,
phone number, e-mail or address. Cells that a spreadsheet would read as a formula (text
typed by an applicant starting with ``=``, ``+``, ``-`` or ``@``) are written as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongkai.applications.models import Application
from gongkai.catalog.privacy import mask_id_number

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    title: str
    value: object  # callable(application) -> str


def _date(value) -> str:
    return value.isoformat() if value else ""


def columns() -> list[Column]:
    """The exported columns, titles in the current language."""
    return [
        Column(_("Application number"), lambda a: a.number),
        Column(_("Agency"), lambda a: a.agency.name),
        Column(_("Date received"), lambda a: _date(a.received_on)),
        Column(_("Channel"), lambda a: a.get_channel_display()),
        Column(_("Applicant type"), lambda a: a.get_applicant_kind_display()),
        Column(_("Applicant"), lambda a: a.applicant_name),
        Column(_("Identity document"), lambda a: a.get_id_type_display()),
        Column(_("Document number (masked)"), lambda a: mask_id_number(a.id_number)),
        Column(_("Information requested"), lambda a: a.info_title),
        Column(_("Status"), lambda a: a.get_status_display()),
        Column(_("Handler"), lambda a: a.handler.get_full_name() if a.handler else ""),
        Column(_("Due date"), lambda a: _date(a.due_date)),
        Column(_("Outcome"), lambda a: a.get_outcome_display() if a.outcome else ""),
        Column(_("Decided on"), lambda a: _date(a.decided_on)),
        Column(_("Replied on"), lambda a: _date(a.replied_on)),
        Column(_("Ledger number"), lambda a: a.ledger_number),  # imported cases only
    ]


def _rows(applications: Iterable[Application], cols: list[Column]):
    for application in applications:
        yield [str(c.value(application)) for c in cols]


def _defuse(value: str) -> str:
    """A leading apostrophe keeps a spreadsheet from running the cell as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def to_csv(applications: Iterable[Application]) -> bytes:
    cols = columns()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.title for c in cols])
    for row in _rows(applications, cols):
        writer.writerow([_defuse(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(applications: Iterable[Application]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    cols = columns()
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = _("Applications")[:31]
    sheet.append([c.title for c in cols])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(_rows(applications, cols), start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            cell.value = value
            cell.data_type = "s"  # never a formula, whatever the text starts with
    sheet.freeze_panes = "A2"
    for letter, width in zip(
        "ABCDEFGHIJKLMNOP",
        (14, 24, 12, 10, 14, 12, 14, 22, 40, 14, 10, 12, 30, 12, 12, 14),
        strict=False,
    ):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
