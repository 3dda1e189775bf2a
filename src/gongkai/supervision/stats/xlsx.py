"""The statistics page's tables as an Excel workbook (openpyxl): one sheet per table, in the
page's order, numbers as numbers (counts as integers, shares as fractions with a percentage
format, working days as decimals); a sheet starts with the scope and period."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from gongkai.supervision.stats import tables as t

FORMATS = {t.SHARE: "0.0%", t.DAYS: "0.0", t.COUNT: "0"}
# Characters a sheet name may not contain, and its length limit.
BAD_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(index: int, title: str) -> str:
    return f"{index} {title.translate(BAD_CHARS)}"[:31]


def _safe_text(value: str) -> str:
    # Never a formula, whatever an agency or category name starts with.
    return "'" + value if value.startswith(("=", "+", "-", "@")) else value


def workbook_bytes(heading: str, tables: list[t.Table]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, table in enumerate(tables, start=1):
        sheet = workbook.create_sheet(sheet_title(index, table.title))
        sheet.append([heading])
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet["A2"].font = Font(bold=True)
        header_row = 4
        for c, name in enumerate(table.columns, start=1):
            cell = sheet.cell(row=header_row, column=c, value=name)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for r, row in enumerate(table.rows, start=header_row + 1):
            label = sheet.cell(row=r, column=1, value=_safe_text(row.label))
            label.data_type = "s"
            label.alignment = Alignment(indent=row.depth * 2)
            if row.total:
                label.font = Font(bold=True)
            for c, cell_value in enumerate(row.cells, start=2):
                cell = sheet.cell(row=r, column=c)
                if cell_value.kind == t.TEXT:
                    cell.value = _safe_text(str(cell_value.value))
                    cell.data_type = "s"
                    continue
                cell.value = cell_value.value  # None stays an empty cell
                cell.number_format = FORMATS[cell_value.kind]
                if row.total:
                    cell.font = Font(bold=True)
        if table.note:
            note_row = header_row + len(table.rows) + 2
            sheet.cell(row=note_row, column=1, value=_("Note: %(note)s") % {"note": table.note})
        sheet.column_dimensions["A"].width = 40
        for c in range(2, len(table.columns) + 1):
            sheet.column_dimensions[get_column_letter(c)].width = 14
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
