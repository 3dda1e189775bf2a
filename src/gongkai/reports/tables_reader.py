"""Reading the three official tables out of grids of cells (a Word table, a block of a sheet).

A ``Block`` is a rectangle of ``RCell``s with merged cells repeated in every grid position they
cover (python-docx does this itself; the XLSX reader fills merged ranges), each copy with the
same ``ident``. Tables are recognised and rows matched by their printed labels, compared after
``layout.normalise_label`` and a few more typing variants (full-width digits, "1、" or "1．"
for "1."), so a report typed with ASCII quotes or half-width brackets still reads. Columns are
found by their headings (自然人 … 总计; 结果维持 … under 行政复议 …), so an extra column such as
an unofficial 小计 is skipped. A cell that is empty or not a number is a reading problem and
stays ``None`` in the figures; the check (``check.py``) then judges the numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gongkai.reports import layout

Number = int | float

# Reading-problem kinds
MISSING_TABLE = "missing_table"
BAD_NUMBER = "bad_number"
UNKNOWN_LABEL = "unknown_label"
DUPLICATE = "duplicate"
LAYOUT = "layout"
METADATA = "metadata"


@dataclass(frozen=True)
class ReadProblem:
    message: str
    table: int = 0
    row: str = ""  # row key, when the problem is about one row
    column: str = ""
    kind: str = ""

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class RCell:
    text: str
    ident: int
    value: Number | None = None  # a number cell of a spreadsheet


@dataclass
class Block:
    rows: list[list[RCell]]
    source: str  # "第2个表格", "工作表“表二 …”"
    row_numbers: list[int] = field(default_factory=list)

    def where(self, index: int) -> str:
        number = self.row_numbers[index] if self.row_numbers else index + 1
        return _("%(source)s, row %(row)d") % {"source": self.source, "row": number}

    def texts(self) -> set[str]:
        return {key_text(c.text) for row in self.rows for c in row if c.text.strip()}


# --- labels ----------------------------------------------------------------------------------

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
_LEAF_NUMBER = re.compile(r"^(\d+)[、.，,]")


def key_text(text: str) -> str:
    """A label as it is compared: ``normalise_label`` plus full-width digits, "1、"/"1．" as
    "1.", and no trailing colon."""
    text = layout.normalise_label(text or "").translate(_FULL_WIDTH_DIGITS)
    text = _LEAF_NUMBER.sub(r"\1.", text)
    return text.rstrip("：:")


def _strip_number(text: str) -> str:
    return re.sub(r"^\d+\.", "", text)


def _table2_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    stripped: dict[str, list[str]] = {}
    for r in layout.TABLE2_ROWS:
        labels[key_text(r.label)] = r.key
        if r.group:
            labels[key_text(r.group + r.label)] = r.key
            stripped.setdefault(_strip_number(key_text(r.label)), []).append(r.key)
    for text, keys in stripped.items():
        if len(keys) == 1 and text not in labels and text not in COLUMN_NAMES:
            labels[text] = keys[0]
    return labels


COLUMN_NAMES = {key_text(name) for name in layout.TABLE2_COLUMNS}
TABLE2_LABELS = _table2_labels()
TABLE2_GROUPS = {key_text(g) for g in [*layout.TABLE2_GROUP_LABELS, layout.TABLE2_RESULTS_LABEL]}
TABLE2_NOTE = key_text(layout.TABLE2_HEADER_NOTE)
TABLE1_LABELS = {
    key_text(label): key for _c, _h, rows in layout.TABLE1_BLOCKS for key, label in rows
}
TABLE1_HEADINGS = {
    key: [key_text(h) for h in headings]
    for _c, headings, rows in layout.TABLE1_BLOCKS
    for key, _label in rows
}
TABLE3_COLUMN_NAMES = [key_text(c) for c in layout.TABLE3_COLUMNS]
TABLE3_GROUP_NAMES = [key_text(g) for g in layout.TABLE3_GROUPS]
INFO_HEADING = key_text(layout.TABLE1_BLOCKS[0][1][0])  # 信息内容


def classify(block: Block) -> str | None:
    """ "table1", "table2", "table3", "comparison" (our 与上年对比 tables) or None."""
    texts = block.texts()
    if "增减" in texts and "上年" in texts:
        return "comparison"
    if TABLE2_NOTE in texts or len(texts & set(TABLE2_LABELS)) >= 5:
        return "table2"
    if "结果维持" in texts and texts & {"行政复议", "行政诉讼"}:
        return "table3"
    if texts & set(TABLE1_LABELS):
        return "table1"
    return None


# --- numbers ---------------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_number(cell: RCell | None) -> tuple[Number | None, str]:
    """(the number, "") or (None, why): "empty" or "not_number"."""
    if cell is None:
        return None, "empty"
    if cell.value is not None:
        return cell.value, ""
    text = "".join(cell.text.split()).translate(_FULL_WIDTH_DIGITS)
    text = text.replace(",", "").replace("，", "").replace("－", "-").replace("＋", "+")
    if not text:
        return None, "empty"
    if not _NUMBER.match(text):
        return None, "not_number"
    number = float(text)
    if "." not in text:
        return int(text), ""
    return (int(number) if number.is_integer() and not text.endswith(".") else number), ""


def _distinct(cells: list[RCell]) -> list[RCell]:
    """The cells of a row with the copies of a merged cell dropped."""
    out: list[RCell] = []
    for cell in cells:
        if not out or out[-1].ident != cell.ident:
            out.append(cell)
    return out


def _last_text(cells: list[RCell]) -> str:
    return next((c.text.strip() for c in reversed(cells) if c.text.strip()), "")


class TableReader:
    """Reads Table 1, 2 and 3 from classified blocks into the JSON form, collecting problems."""

    def __init__(self) -> None:
        self.problems: list[ReadProblem] = []

    def problem(self, message: str, **where) -> None:
        self.problems.append(ReadProblem(message, **where))

    def value(
        self, cell: RCell | None, *, table: int, row: str, column: str, label: str, where: str
    ):
        value, why = parse_number(cell)
        if why == "empty":
            self.problem(
                _("%(where)s: %(cell)s is empty.") % {"where": where, "cell": label},
                table=table,
                row=row,
                column=column,
                kind=BAD_NUMBER,
            )
        elif why == "not_number":
            self.problem(
                _("%(where)s: %(cell)s is not a number: “%(text)s”.")
                % {"where": where, "cell": label, "text": cell.text.strip()},
                table=table,
                row=row,
                column=column,
                kind=BAD_NUMBER,
            )
        return value

    def duplicate(self, table: int, key: str, label: str, where: str) -> None:
        self.problem(
            _("%(where)s: the row “%(row)s” appears a second time; the first one was read.")
            % {"where": where, "row": label},
            table=table,
            row=key,
            kind=DUPLICATE,
        )

    def unknown(self, table: int, text: str, where: str) -> None:
        self.problem(
            _("%(where)s: the row label “%(label)s” is not one of the official format's.")
            % {"where": where, "label": text.strip()},
            table=table,
            kind=UNKNOWN_LABEL,
        )

    # --- Table 1 ---------------------------------------------------------------------------

    def table1(self, blocks: list[Block]) -> dict:
        out: dict = {}
        labels = dict((key, label) for _c, _h, rows in layout.TABLE1_BLOCKS for key, label in rows)
        for block in blocks:
            headings: list[str] | None = None
            warned: set[int] = set()
            for i, row in enumerate(block.rows):
                cells = _distinct(row)
                if not cells:
                    continue
                first = key_text(cells[0].text)
                if first == INFO_HEADING:
                    headings = [key_text(c.text) for c in cells if c.text.strip()]
                    continue
                key = TABLE1_LABELS.get(first)
                if key is None:
                    rest = [c for c in cells[1:] if c.text.strip() or c.value is not None]
                    if (
                        first
                        and rest
                        and first not in {key_text(c) for c, _h, _r in layout.TABLE1_BLOCKS}
                    ):
                        self.unknown(1, cells[0].text, block.where(i))
                    continue
                if key in out:
                    self.duplicate(1, key, labels[key], block.where(i))
                    continue
                expected = TABLE1_HEADINGS[key]
                if headings is not None and headings != expected and id(headings) not in warned:
                    warned.add(id(headings))
                    self.problem(
                        _(
                            "%(where)s: the column headings of Table 1 read “%(found)s”, not "
                            "“%(expected)s” of the 2021 format; the numbers were read by position."
                        )
                        % {
                            "where": block.where(i),
                            "found": " · ".join(headings),
                            "expected": " · ".join(expected),
                        },
                        table=1,
                        row=key,
                        kind=LAYOUT,
                    )
                values = cells[1:]
                names = expected[1:]
                read = []
                for n, name in enumerate(names):
                    cell = values[n] if n < len(values) else None
                    read.append(
                        self.value(
                            cell,
                            table=1,
                            row=key,
                            column=name,
                            label=f"“{labels[key]} · {name}”",
                            where=block.where(i),
                        )
                    )
                out[key] = read if key in layout.TABLE1_DOCUMENT_ROWS else read[0]
        return out

    # --- Table 2 ---------------------------------------------------------------------------

    @staticmethod
    def _table2_columns(block: Block) -> list[int] | None:
        found: dict[str, int] = {}
        for row in block.rows:
            if any(TABLE2_LABELS.get(key_text(c.text)) for c in row):
                break
            for c, cell in enumerate(row):
                name = key_text(cell.text)
                if name in COLUMN_NAMES and name not in found:
                    found[name] = c
        names = [key_text(n) for n in layout.TABLE2_COLUMNS]
        if all(n in found for n in names):
            return [found[n] for n in names]
        return None

    def table2(self, blocks: list[Block]) -> dict:
        out: dict = {}
        columns_known = False
        for block in blocks:
            columns = self._table2_columns(block)
            if columns is None and not columns_known:
                self.problem(
                    _(
                        "%(source)s: the headings 自然人 … 总计 of Table 2 were not found; the "
                        "last seven cells of each row were read as its numbers."
                    )
                    % {"source": block.source},
                    table=2,
                    kind=LAYOUT,
                )
            columns_known = columns_known or columns is not None
            for i, row in enumerate(block.rows):
                numbers = columns if columns is not None else list(range(len(row) - 7, len(row)))
                if not numbers or numbers[0] < 1:
                    continue
                label_cells = _distinct(row[: min(numbers)])
                key = None
                for cell in reversed(label_cells):
                    key = TABLE2_LABELS.get(key_text(cell.text))
                    if key:
                        break
                has_numbers = any(
                    row[c].text.strip() or row[c].value is not None for c in numbers if c < len(row)
                )
                if key is None:
                    texts = [key_text(c.text) for c in label_cells if c.text.strip()]
                    if not has_numbers or not texts:
                        continue
                    if texts == [TABLE2_NOTE] or all(t in COLUMN_NAMES for t in texts):
                        continue
                    if all(t in TABLE2_GROUPS for t in texts):
                        self.problem(
                            _(
                                "%(where)s: the row “%(label)s” is a subtotal, which the official "
                                "format does not have; it was not read."
                            )
                            % {"where": block.where(i), "label": _last_text(label_cells)},
                            table=2,
                            kind=LAYOUT,
                        )
                    else:
                        self.unknown(2, _last_text(label_cells), block.where(i))
                    continue
                label = layout.ROW_BY_KEY[key]
                printed = f"{label.group} {label.label}" if label.group else label.label
                if key in out:
                    self.duplicate(2, key, printed, block.where(i))
                    continue
                out[key] = [
                    self.value(
                        row[c] if c < len(row) else None,
                        table=2,
                        row=key,
                        column=name,
                        label=f"“{printed}”（{name}列）",
                        where=block.where(i),
                    )
                    for c, name in zip(numbers, layout.TABLE2_COLUMNS, strict=True)
                ]
        return {key: out[key] for key in layout.TABLE2_ROW_KEYS if key in out}

    # --- Table 3 ---------------------------------------------------------------------------

    def table3(self, blocks: list[Block]) -> list | None:
        for block in blocks:
            for h, row in enumerate(block.rows):
                positions = [
                    c for c, cell in enumerate(row) if key_text(cell.text) in TABLE3_COLUMN_NAMES
                ]
                if len(positions) < 15:
                    continue
                slots = self._table3_slots(block, h, positions[:15])
                for d in range(h + 1, len(block.rows)):
                    data = block.rows[d]
                    if any(
                        data[c].text.strip() or data[c].value is not None
                        for c in positions[:15]
                        if c < len(data)
                    ):
                        out: list = [None] * 15
                        for c, slot in slots:
                            out[slot] = self.value(
                                data[c] if c < len(data) else None,
                                table=3,
                                row="",
                                column=layout.table3_label(slot),
                                label=f"“{layout.table3_label(slot)}”",
                                where=block.where(d),
                            )
                        return out
                self.problem(
                    _("%(source)s: Table 3 has headings but no row of numbers.")
                    % {"source": block.source},
                    table=3,
                    kind=MISSING_TABLE,
                )
                return None
        self.problem(
            _("Table 3 was found, but not its headings 结果维持 … 总计."),
            table=3,
            kind=MISSING_TABLE,
        )
        return None

    def _table3_slots(self, block: Block, h: int, positions: list[int]) -> list[tuple[int, int]]:
        """(grid column, index 0–14) for the 15 heading positions, grouped by the group label
        above each (行政复议, 未经复议直接起诉, 复议后起诉)."""
        slots = []
        for c in positions:
            group = None
            for above in range(h - 1, -1, -1):
                row = block.rows[above]
                text = key_text(row[c].text) if c < len(row) else ""
                if text in TABLE3_GROUP_NAMES:
                    group = TABLE3_GROUP_NAMES.index(text)
                    break
            column = TABLE3_COLUMN_NAMES.index(key_text(block.rows[h][c].text))
            slots.append((c, group, column))
        indexes = [g * 5 + col for _c, g, col in slots if g is not None]
        if len(set(indexes)) == 15:
            return [(c, g * 5 + col) for c, g, col in slots]
        self.problem(
            _(
                "%(source)s: the groups 行政复议, 未经复议直接起诉 and 复议后起诉 of Table 3 were not "
                "all found above its headings; the numbers were read in the official order."
            )
            % {"source": block.source},
            table=3,
            kind=LAYOUT,
        )
        return [(c, i) for i, c in enumerate(positions)]
