"""The tables of monthly statements and official spending: rows as plain data, amounts read
from typed text or spreadsheet cells, a workbook read into rows with line-numbered errors, and
the blank workbook to fill in.

Pure functions: nothing here touches the database. ``read_workbook`` never raises for bad
content; it returns the rows it understood and the problems, each naming the spreadsheet row
(``第5行``) and the column, so the poster can correct the file and upload it again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from io import BytesIO

from django.utils.translation import gettext as _

from gongkai.internal.models import InternalKind, SpendingCategory

MAX_ROWS = 200
MAX_AMOUNT = Decimal("999999999999.99")  # 14 digits, 2 after the point
CENT = Decimal("0.01")
AMOUNT_FIELDS = ("this_month", "year_to_date", "budget")


@dataclass
class RowData:
    """One row as entered: label (科目/项目), amounts in yuan (None: not given), note."""

    label: str
    this_month: Decimal | None = None
    year_to_date: Decimal | None = None
    budget: Decimal | None = None
    note: str = ""
    category: str = ""  # a SpendingCategory value in an official-spending table

    def is_blank(self) -> bool:
        return not self.label.strip() and not self.note.strip() and not self.has_amounts()

    def has_amounts(self) -> bool:
        return any(getattr(self, name) is not None for name in AMOUNT_FIELDS)


class BadAmount(ValueError):
    pass


_SEPARATORS = re.compile(r"[,，\s\u3000]")
_EMPTY_MARKS = {"", "-", "—", "–", "/", "无"}


def parse_amount(value) -> Decimal | None:
    """An amount in yuan from a cell or typed text: ``12,345.6``, ``1.2万``, ``-300元``.
    ``None`` for an empty cell or a dash; ``BadAmount`` for anything else."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadAmount(str(value))
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
    elif isinstance(value, dt.date | dt.datetime | dt.time):
        raise BadAmount(str(value))
    else:
        text = _SEPARATORS.sub("", str(value))
        if text in _EMPTY_MARKS:
            return None
        factor = Decimal(1)
        if text.endswith("元"):
            text = text[:-1]
        if text.endswith("万"):
            text, factor = text[:-1], Decimal(10000)
        if (text.startswith("（") and text.endswith("）")) or (
            text.startswith("(") and text.endswith(")")
        ):
            text = "-" + text[1:-1]  # accountants' negative: (300)
        try:
            amount = Decimal(text) * factor
        except InvalidOperation:
            raise BadAmount(str(value)) from None
    if not amount.is_finite() or abs(amount) > MAX_AMOUNT:
        raise BadAmount(str(value))
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if abs(amount) > MAX_AMOUNT:
        raise BadAmount(str(value))
    return amount


def format_amount(value: Decimal | None) -> str:
    """``12,345.60``; an empty string for no amount."""
    if value is None:
        return ""
    return f"{value:,.2f}"


# --- Spending categories by the names people write -----------------------------------------

CATEGORY_NAMES: dict[str, tuple[str, ...]] = {
    SpendingCategory.RECEPTION: ("公务接待费", "接待费", "公务接待"),
    SpendingCategory.VEHICLE_PURCHASE: ("公务用车购置费", "公务用车购置", "车辆购置费"),
    SpendingCategory.VEHICLE_RUNNING: (
        "公务用车运行维护费",
        "公务用车运行费",
        "公务用车运行维护",
        "车辆运行维护费",
    ),
    SpendingCategory.OVERSEAS: ("因公出国（境）费", "因公出国(境)费", "因公出国境费", "出国费"),
    SpendingCategory.TRAVEL: ("差旅费", "国内差旅费"),
    SpendingCategory.MEETING: ("会议费",),
    SpendingCategory.TRAINING: ("培训费",),
}
_CATEGORY_BY_NAME = {
    re.sub(r"\s", "", name): code for code, names in CATEGORY_NAMES.items() for name in names
}


def category_for(label: str) -> str:
    """The spending category a row label names, or ``""``."""
    return _CATEGORY_BY_NAME.get(re.sub(r"\s", "", label or ""), "")


def category_label(code: str) -> str:
    return CATEGORY_NAMES[code][0]


# --- Reading a workbook --------------------------------------------------------------------

COLUMN_NAMES = {
    "label": ("科目/项目", "科目", "项目", "科目名称", "项目名称", "支出项目", "收支项目"),
    "this_month": ("本月", "本月数", "本月金额", "本月发生额", "本月支出"),
    "year_to_date": ("本年累计", "累计", "本年累计数", "累计数", "年度累计"),
    "budget": ("预算", "预算数", "年初预算", "全年预算", "年度预算"),
    "note": ("备注", "说明"),
}
_UNIT = re.compile(r"[（(][^）)]*[）)]$")  # "本月（元）"
_HEADER_BY_NAME = {name: key for key, names in COLUMN_NAMES.items() for name in names}


def _header_key(value) -> str:
    if value is None:
        return ""
    text = re.sub(r"[\s\u3000]", "", str(value))
    text = _UNIT.sub("", text)
    return _HEADER_BY_NAME.get(text, "")


def column_title(key: str) -> str:
    return {
        "label": _("Account or item"),
        "this_month": _("This month"),
        "year_to_date": _("Year to date"),
        "budget": _("Budget"),
        "note": _("Note"),
    }[key]


@dataclass
class WorkbookResult:
    rows: list[RowData] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_workbook(content: bytes, kind: str) -> WorkbookResult:
    """The rows of the first sheet of an XLSX workbook.

    The header row (the first with a 科目/项目 column and at least one amount column) may come
    after a title line; the rows below it are read until the end, skipping empty ones. In an
    official-spending table every label must name a spending category, each at most once.
    """
    import openpyxl

    result = WorkbookResult()
    try:
        workbook = openpyxl.load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception:  # any failure of the parser: not a workbook we can read
        result.errors.append(_("The file could not be read as an Excel workbook (XLSX)."))
        return result
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            result.errors.append(_("The workbook has no sheet."))
            return result
        _read_sheet(sheet, kind, result)
    finally:
        workbook.close()
    return result


def _read_sheet(sheet, kind: str, result: WorkbookResult) -> None:
    columns: dict[str, int] | None = None
    seen_categories: dict[str, int] = {}
    for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        values = list(values)
        if columns is None:
            found = {_header_key(v): i for i, v in reversed(list(enumerate(values)))}
            found.pop("", None)
            if "label" in found and any(name in found for name in AMOUNT_FIELDS):
                columns = found
            elif line >= 20:
                break
            continue
        if all(_cell_text(v) == "" for v in values):
            continue

        def cell(key: str, values=values, columns=columns):
            index = columns.get(key)
            return values[index] if index is not None and index < len(values) else None

        row_errors: list[str] = []
        row = RowData(label=_cell_text(cell("label"))[:100], note=_cell_text(cell("note"))[:200])
        for name in AMOUNT_FIELDS:
            if name not in columns:
                continue
            try:
                setattr(row, name, parse_amount(cell(name)))
            except BadAmount as exc:
                row_errors.append(
                    _("Line %(line)d, column “%(column)s”: “%(value)s” is not an amount in yuan.")
                    % {"line": line, "column": column_title(name), "value": str(exc)[:30]}
                )
        if not row.label:
            row_errors.append(
                _("Line %(line)d: the column “%(column)s” is empty.")
                % {"line": line, "column": column_title("label")}
            )
        elif kind == InternalKind.SPENDING:
            row.category = category_for(row.label)
            if not row.category:
                row_errors.append(
                    _("Line %(line)d: “%(label)s” is not one of the spending lines (%(names)s).")
                    % {"line": line, "label": row.label, "names": spending_names()}
                )
            elif row.category in seen_categories:
                row_errors.append(
                    _("Line %(line)d: “%(label)s” is already on line %(first)d.")
                    % {"line": line, "label": row.label, "first": seen_categories[row.category]}
                )
            else:
                seen_categories[row.category] = line
        result.errors.extend(row_errors)
        if not row_errors:
            result.rows.append(row)
        if len(result.rows) > MAX_ROWS:
            result.errors.append(
                _("The table has more than %(max)d rows; split it or shorten it.")
                % {"max": MAX_ROWS}
            )
            return
    if columns is None:
        result.errors.append(
            _(
                "No header row was found: the table needs a column “科目/项目” and at least one "
                "of “本月”, “本年累计”, “预算”."
            )
        )
    elif not result.rows and not result.errors:
        result.errors.append(_("The table has a header row but no rows below it."))


def spending_names() -> str:
    return "、".join(category_label(code) for code in SpendingCategory.values)


# --- The blank workbook --------------------------------------------------------------------

FINANCE_TEMPLATE_ROWS = (
    "一、收入合计",
    "财政拨款收入",
    "事业收入",
    "其他收入",
    "二、支出合计",
    "基本支出（人员经费）",
    "基本支出（公用经费）",
    "项目支出",
)


def template_workbook(kind: str) -> bytes:
    """An XLSX with the header row (and, for a statement, the usual lines) to fill in."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if kind == InternalKind.SPENDING:
        sheet.title = "三公经费"
        labels = [category_label(code) for code in SpendingCategory.values]
    else:
        sheet.title = "收支情况"
        labels = list(FINANCE_TEMPLATE_ROWS)
    sheet.append(["科目/项目", "本月（元）", "本年累计（元）", "预算（元）", "备注"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for label in labels:
        sheet.append([label, None, None, None, None])
    sheet.column_dimensions["A"].width = 28
    for letter in "BCD":
        sheet.column_dimensions[letter].width = 16
    sheet.column_dimensions["E"].width = 30
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
