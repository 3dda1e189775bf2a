"""The three official tables and their year-over-year companions as grids of cells.

A ``Grid`` is what every renderer draws: cells placed on rows and columns with their spans,
headings marked, numbers kept as numbers. The official tables follow the 2021 format
(国办公开办函〔2021〕30号, RULES.md §2) exactly:

- Table 1 is four blocks in one four-column table; each block has its caption row
  (第二十条第（一）项 …), its heading row (信息内容 …) and its rows; a block with one figure
  column spans it over the three number columns.
- Table 2 has a label area three columns wide. The top-left cell, three columns by three rows,
  holds the header note; 申请人情况 spans the seven number columns, 法人或其他组织 its five
  sub-columns, 自然人 and 总计 are merged down two rows. 三、本年度办理结果 is merged down its 22
  rows, each group label （三）…（六） down its sub-rows; level-2 labels sit in the third label
  column and are marked for indenting.
- Table 3: 行政复议 (five columns, merged down two rows), 行政诉讼 (ten columns) split into
  未经复议直接起诉 and 复议后起诉, the five result headings under each, one row of numbers.

The comparison with last year never touches the official cells: it is a separate grid,
"…：与上年（Y年）对比", listing 本年 · 上年 · 增减 for every cell of Table 1 and Table 3 and for
the 总计 column of every Table 2 row.

Figures that are missing or not numbers (a file being checked may have them) are drawn as empty
cells; nothing here raises on bad figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.reports import layout
from gongkai.reports.document import Figures, ReportDocument

Number = int | float

# Kinds of cell content.
LABEL = "label"
COUNT = "count"  # a whole number
AMOUNT = "amount"  # the fee in 万元, a decimal number
CHANGE = "change"  # a signed whole number
AMOUNT_CHANGE = "amount_change"  # a signed decimal number
NUMERIC_KINDS = (COUNT, AMOUNT, CHANGE, AMOUNT_CHANGE)

COMPARISON_HEADINGS = ("项目", "本年", "上年", "增减")


@dataclass
class Cell:
    row: int
    col: int
    text: str = ""
    value: Number | None = None  # the number shown, when the cell holds one
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    indent: bool = False  # a level-2 row label of Table 2
    kind: str = LABEL

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


@dataclass
class Grid:
    name: str  # "table1" … "table3", or "table1_comparison" …
    caption: str
    widths: list[float]  # relative column widths
    header_rows: int
    cells: list[Cell] = field(default_factory=list)
    comparison: bool = False

    @property
    def n_cols(self) -> int:
        return len(self.widths)

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    def add(self, row: int, col: int, text: str = "", **kwargs) -> Cell:
        cell = Cell(row, col, text, **kwargs)
        self.cells.append(cell)
        return cell

    def number(self, row: int, col: int, value: Any, kind: str = COUNT, **kwargs) -> Cell:
        value = as_number(value)
        return self.add(row, col, format_value(value, kind), value=value, kind=kind, **kwargs)

    def rows(self) -> list[list[Cell]]:
        """The cells that start on each row, left to right."""
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row].append(cell)
        for row in out:
            row.sort(key=lambda c: c.col)
        return out


@dataclass
class Part:
    """One of the text parts 二–四 and its table."""

    section: str  # layout.SECTION_KEYS entry
    heading: str
    grid: Grid
    comparison: Grid | None


# --- numbers ---------------------------------------------------------------------------------


def as_number(value: Any) -> Number | None:
    """``value`` when it is a number (not a bool), else ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def format_amount(value: Number) -> str:
    """12.5 → "12.5", 3.0 → "3", 0.00125 → "0.0013" (万元, at most four decimals)."""
    try:
        d = Decimal(str(value)).quantize(Decimal("0.0001"))
    except InvalidOperation:
        return str(value)
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_value(value: Number | None, kind: str) -> str:
    if value is None:
        return ""
    if kind == AMOUNT:
        return format_amount(value)
    if kind == AMOUNT_CHANGE:
        text = format_amount(value)
        return text if text.startswith("-") or text == "0" else "+" + text
    if kind == CHANGE:
        return f"{value:+d}" if isinstance(value, int) and value else format_amount(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _get(figures: Figures | None, table: str, key: str | int, index: int | None = None):
    container = figures.get(table) if isinstance(figures, dict) else None
    if isinstance(key, int):
        value = container[key] if isinstance(container, list) and len(container) > key else None
    else:
        value = container.get(key) if isinstance(container, dict) else None
    if index is not None:
        value = value[index] if isinstance(value, list) and len(value) > index else None
    return as_number(value)


# --- the official tables ---------------------------------------------------------------------


def table1_grid(figures: Figures) -> Grid:
    grid = Grid("table1", "主动公开政府信息情况", widths=[38, 44, 44, 44], header_rows=0)
    row = 0
    for caption, headings, rows in layout.TABLE1_BLOCKS:
        grid.add(row, 0, caption, colspan=4, header=True)
        row += 1
        if len(headings) == 4:
            for col, heading in enumerate(headings):
                grid.add(row, col, heading, header=True)
        else:
            grid.add(row, 0, headings[0], header=True)
            grid.add(row, 1, headings[1], colspan=3, header=True)
        row += 1
        for key, label in rows:
            grid.add(row, 0, label)
            if key in layout.TABLE1_DOCUMENT_ROWS:
                for i in range(3):
                    grid.number(row, 1 + i, _get(figures, "table1", key, i))
            else:
                kind = AMOUNT if key == layout.TABLE1_FEE_KEY else COUNT
                grid.number(row, 1, _get(figures, "table1", key), kind, colspan=3)
            row += 1
    return grid


TABLE2_HEADER_ROWS = 3


def table2_grid(figures: Figures) -> Grid:
    grid = Grid(
        "table2",
        layout.TABLE2_TITLE,
        widths=[11, 19, 50] + [12] * 7,
        header_rows=TABLE2_HEADER_ROWS,
    )
    grid.add(0, 0, layout.TABLE2_HEADER_NOTE, rowspan=3, colspan=3, header=True)
    grid.add(0, 3, layout.TABLE2_APPLICANT_GROUP, colspan=7, header=True)
    columns = layout.TABLE2_COLUMNS
    grid.add(1, 3, columns[0], rowspan=2, header=True)
    grid.add(1, 4, layout.TABLE2_ORGANIZATION_GROUP, colspan=5, header=True)
    grid.add(1, 9, columns[6], rowspan=2, header=True)
    for i in range(1, 6):
        grid.add(2, 3 + i, columns[i], header=True)

    results = [r for r in layout.TABLE2_ROWS if r.key.startswith("三.")]
    group_sizes: dict[str, int] = {}
    for r in results:
        if r.group:
            group_sizes[r.group] = group_sizes.get(r.group, 0) + 1
    row = TABLE2_HEADER_ROWS
    seen_groups: set[str] = set()
    for r in layout.TABLE2_ROWS:
        if r.level == 0:
            grid.add(row, 0, r.label, colspan=3)
        else:
            if r is results[0]:
                grid.add(row, 0, layout.TABLE2_RESULTS_LABEL, rowspan=len(results))
            if r.level == 1:
                grid.add(row, 1, r.label, colspan=2)
            else:
                if r.group not in seen_groups:
                    seen_groups.add(r.group)
                    grid.add(row, 1, r.group, rowspan=group_sizes[r.group])
                grid.add(row, 2, r.label, indent=True)
        for i in range(7):
            grid.number(row, 3 + i, _get(figures, "table2", r.key, i))
        row += 1
    return grid


def table3_grid(figures: Figures) -> Grid:
    grid = Grid("table3", layout.TABLE3_TITLE, widths=[1] * 15, header_rows=3)
    grid.add(0, 0, layout.TABLE3_GROUPS[0], rowspan=2, colspan=5, header=True)
    grid.add(0, 5, layout.TABLE3_LITIGATION, colspan=10, header=True)
    grid.add(1, 5, layout.TABLE3_GROUPS[1], colspan=5, header=True)
    grid.add(1, 10, layout.TABLE3_GROUPS[2], colspan=5, header=True)
    for i in range(15):
        grid.add(2, i, layout.TABLE3_COLUMNS[i % 5], header=True)
        grid.number(3, i, _get(figures, "table3", i))
    return grid


# --- year over year --------------------------------------------------------------------------


def table2_row_label(row: layout.Row) -> str:
    """A Table 2 row's label on one line: a level-2 row with its group, "（三）不予公开 1.…"."""
    return f"{row.group} {row.label}" if row.group else row.label


def comparison_items(figures: Figures, previous: Figures, table: int):
    """(label, this year, last year, is the fee) for every compared cell of ``table``."""
    if table == 1:
        for _caption, headings, rows in layout.TABLE1_BLOCKS:
            for key, label in rows:
                if key in layout.TABLE1_DOCUMENT_ROWS:
                    for i, heading in enumerate(headings[1:]):
                        yield (
                            f"{label} · {heading}",
                            _get(figures, "table1", key, i),
                            _get(previous, "table1", key, i),
                            False,
                        )
                else:
                    yield (
                        f"{label} · {headings[1]}",
                        _get(figures, "table1", key),
                        _get(previous, "table1", key),
                        key == layout.TABLE1_FEE_KEY,
                    )
    elif table == 2:
        for r in layout.TABLE2_ROWS:
            yield (
                table2_row_label(r),
                _get(figures, "table2", r.key, 6),
                _get(previous, "table2", r.key, 6),
                False,
            )
    else:
        for i in range(15):
            yield (
                layout.table3_label(i),
                _get(figures, "table3", i),
                _get(previous, "table3", i),
                False,
            )


def change(now: Number | None, then: Number | None, *, amount: bool = False) -> Number | None:
    if now is None or then is None:
        return None
    if amount:
        return float(Decimal(str(now)) - Decimal(str(then)))
    return now - then


def comparison_grid(table: int, figures: Figures, previous: Figures, *, year: int) -> Grid:
    titles = {1: "主动公开政府信息情况", 2: layout.TABLE2_TITLE, 3: layout.TABLE3_TITLE}
    previous_year = previous.get("year") if isinstance(previous.get("year"), int) else year - 1
    grid = Grid(
        f"table{table}_comparison",
        f"{titles[table]}：与上年（{previous_year}年）对比",
        widths=[100, 22, 22, 22],
        header_rows=1,
        comparison=True,
    )
    for col, heading in enumerate(COMPARISON_HEADINGS):
        grid.add(0, col, heading, header=True)
    for row, (label, now, then, amount) in enumerate(
        comparison_items(figures, previous, table), start=1
    ):
        grid.add(row, 0, label)
        kind = AMOUNT if amount else COUNT
        grid.number(row, 1, now, kind)
        grid.number(row, 2, then, kind)
        grid.number(row, 3, change(now, then, amount=amount), AMOUNT_CHANGE if amount else CHANGE)
    return grid


# --- the report ------------------------------------------------------------------------------

_BUILDERS = {
    "proactive": (1, table1_grid),
    "requests": (2, table2_grid),
    "remedies": (3, table3_grid),
}


def report_parts(doc: ReportDocument) -> list[Part]:
    """Parts 二–四 of ``doc`` with their tables, and the comparisons when last year is known."""
    headings = dict(layout.SECTIONS)
    parts = []
    for section, (number, build) in _BUILDERS.items():
        comparison = None
        if doc.previous:
            comparison = comparison_grid(number, doc.figures, doc.previous, year=doc.year)
        parts.append(Part(section, headings[section], build(doc.figures), comparison))
    return parts


def notices(doc: ReportDocument) -> list[tuple[str, str]]:
    """(label, text) of the notes printed under the title: the draft mark, the correction."""
    out = []
    if doc.draft:
        out.append(("草稿", "本报告尚未发布，内容以正式发布的版本为准。"))
    if doc.version > 1:
        reason = doc.correction_reason or "（未说明）"
        out.append(
            ("更正说明", f"本报告为第{doc.version}版，更正了此前发布的版本。更正原因：{reason}")
        )
    return out


def paragraphs(text: str) -> list[str]:
    """A part's text as paragraphs, split on blank lines; a single line break inside a
    paragraph stays in it as "\\n" (the renderers draw it as a line break)."""
    out, current = [], []
    for line in (text or "").splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            out.append("\n".join(current))
            current = []
    if current:
        out.append("\n".join(current))
    return out
