"""The annual report as an Excel workbook (openpyxl): one sheet per table, and the text.

Sheets, in order: "表一 主动公开政府信息情况", "表二 收到和处理政府信息公开申请情况",
"表三 政府信息公开行政复议、行政诉讼情况", "正文". Each table sheet has the report title, the
table's name, the notes (draft, correction) and then the official table with its merged cells;
the comparison with last year sits below it after an empty row, never inside the official
cells. Numbers are numbers: counts as integers, the fee (万元) as a decimal number, changes
with a sign format. The "正文" sheet holds the agency, year, version, status and the six parts.
Printing is set to A4, fitted to the page width.
"""

from __future__ import annotations

import io
from math import ceil

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.reports import layout
from gongkai.reports.document import ReportDocument
from gongkai.reports.rendering.tables import (
    AMOUNT,
    AMOUNT_CHANGE,
    CHANGE,
    Grid,
    notices,
    report_parts,
)

FONT = "宋体"
SHEET_TITLES = {
    "table1": "表一 主动公开政府信息情况",
    "table2": f"表二 {layout.TABLE2_TITLE}",
    "table3": f"表三 {layout.TABLE3_TITLE}",
}
TEXT_SHEET = "正文"
# Column widths (in characters) of each table sheet, and how many of its columns the label of
# the comparison table below spans.
WIDTHS = {
    "table1": ([18, 16, 16, 16], 2),
    "table2": ([8, 14, 40] + [9] * 7, 3),
    "table3": ([9] * 15, 5),
}
FORMATS = {
    AMOUNT: "0.00##",
    CHANGE: "+0;-0;0",
    AMOUNT_CHANGE: "+0.00##;-0.00##;0",
}
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LINE_HEIGHT = 14  # points per line of 10-point text


def _display_width(text: str) -> int:
    """Width in Excel character units: a CJK character counts two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


class _Sheet:
    def __init__(self, ws: Worksheet, widths: list[int]) -> None:
        self.ws = ws
        self.widths = widths
        self.heights: dict[int, float] = {}
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width

    def need(self, row: int, text: str, width: float, *, rows: int = 1) -> None:
        """Make ``row`` tall enough for ``text`` wrapped in ``width`` characters."""
        lines = sum(
            max(1, ceil(_display_width(part) / max(width - 1, 1))) for part in text.split("\n")
        )
        height = max(15.0, lines * LINE_HEIGHT / rows + 4)
        self.heights[row] = max(self.heights.get(row, 15.0), height)

    def line(self, row: int, text: str, *, size: int = 10, bold: bool = False) -> None:
        """One line of text across the sheet's columns."""
        ws = self.ws
        last = len(self.widths)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = Font(name=FONT, size=size, bold=bold)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        self.need(row, text, sum(self.widths) * 10 / size, rows=1)
        if size > 10:
            self.heights[row] = max(self.heights[row], size * 1.6)

    def grid(self, grid: Grid, top: int, columns: list[tuple[int, int]]) -> int:
        """Draw ``grid`` from sheet row ``top``; ``columns[i]`` is the (first, last) sheet
        column of grid column ``i``. Returns the row after the grid."""
        ws = self.ws
        for r in range(grid.n_rows):
            for c in range(columns[0][0], columns[-1][1] + 1):
                ws.cell(row=top + r, column=c).border = BORDER
        for cell in grid.cells:
            row = top + cell.row
            first = columns[cell.col][0]
            last = columns[cell.col + cell.colspan - 1][1]
            end_row = row + cell.rowspan - 1
            if end_row > row or last > first:
                ws.merge_cells(start_row=row, start_column=first, end_row=end_row, end_column=last)
            target = ws.cell(row=row, column=first)
            if cell.numeric:
                target.value = cell.value
                if cell.kind in FORMATS:
                    target.number_format = FORMATS[cell.kind]
            else:
                target.value = cell.text or None
            target.font = Font(name=FONT, size=10, bold=cell.header)
            target.alignment = Alignment(
                horizontal="center" if cell.header or cell.numeric else "left",
                vertical="center",
                wrap_text=True,
                indent=1 if cell.indent else 0,
            )
            if not cell.numeric:
                width = sum(self.widths[first - 1 : last])
                self.need(row, cell.text, width - (2 if cell.indent else 0), rows=cell.rowspan)
        return top + grid.n_rows

    def finish(self, *, landscape: bool) -> None:
        for row, height in self.heights.items():
            self.ws.row_dimensions[row].height = height
        setup = self.ws.page_setup
        setup.paperSize = self.ws.PAPERSIZE_A4
        setup.orientation = "landscape" if landscape else "portrait"
        setup.fitToWidth, setup.fitToHeight = 1, 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.print_options.horizontalCentered = True


def _table_sheet(wb: Workbook, doc: ReportDocument, part) -> None:
    name = part.grid.name
    widths, label_span = WIDTHS[name]
    sheet = _Sheet(wb.create_sheet(SHEET_TITLES[name]), widths)
    sheet.line(1, doc.title + ("（草稿）" if doc.draft else ""), size=14, bold=True)
    sheet.line(2, SHEET_TITLES[name])
    row = 3
    for label, text in notices(doc):
        sheet.line(row, f"{label}：{text}", bold=True)
        row += 1
    row += 1
    official = [(i, i) for i in range(1, len(widths) + 1)]
    row = sheet.grid(part.grid, row, official)
    if part.comparison is not None:
        row += 1
        comparison_columns = [(1, label_span)] + [
            (label_span + i, label_span + i) for i in range(1, 4)
        ]
        last = comparison_columns[-1][1]
        sheet.ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        caption = sheet.ws.cell(row=row, column=1, value=part.comparison.caption)
        caption.font = Font(name=FONT, size=10, bold=True)
        caption.alignment = Alignment(vertical="center")
        sheet.grid(part.comparison, row + 1, comparison_columns)
    sheet.finish(landscape=name == "table3")


def _text_sheet(wb: Workbook, doc: ReportDocument) -> None:
    sheet = _Sheet(wb.create_sheet(TEXT_SHEET), [16, 100])
    ws = sheet.ws
    status = "草稿" if doc.draft else "正式"
    rows: list[tuple[str, object]] = [
        ("标题", doc.title),
        ("机关", doc.agency),
        ("年度", doc.year),
        ("版本", doc.version),
        ("状态", status),
    ]
    if doc.version > 1:
        rows.append(("更正原因", doc.correction_reason))
    if doc.published_on:
        rows.append(("发布日期", doc.published_on))
    rows.append(("", None))
    rows.extend((heading, doc.sections.get(key, "")) for key, heading in layout.SECTIONS)
    for r, (label, value) in enumerate(rows, start=1):
        if not label:
            continue
        head = ws.cell(row=r, column=1, value=label)
        head.font = Font(name=FONT, size=10, bold=True)
        head.alignment = Alignment(vertical="top", wrap_text=True)
        cell = ws.cell(row=r, column=2, value=value if value != "" else None)
        cell.font = Font(name=FONT, size=10)
        cell.alignment = Alignment(vertical="top", wrap_text=True, horizontal="left")
        if hasattr(value, "isoformat"):
            cell.number_format = "yyyy-mm-dd"
        if isinstance(value, str):
            sheet.need(r, value, 100)
    sheet.finish(landscape=False)


def render_xlsx(doc: ReportDocument) -> bytes:
    """The report as XLSX bytes (reads no database)."""
    wb = Workbook()
    wb.remove(wb.active)
    for part in report_parts(doc):
        _table_sheet(wb, doc, part)
    _text_sheet(wb, doc)
    wb.properties.title = doc.title
    wb.properties.creator = doc.agency
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
