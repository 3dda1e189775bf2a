"""Checking an annual report's figures against the rules of the official format.

``check_figures(figures)`` takes the JSON form (``document.py``) — computed, imported or read
from somebody's file — and lists every ``Violation``:

- every Table 2 and Table 3 cell and the Table 1 counts are non-negative whole numbers, the fee
  (万元) a non-negative number (``kind="type"``); a missing table, row or cell is reported
  (``kind="missing"``), never crashed on;
- Table 2, per column: 一 + 二 = 三（七）总计 + 四, the rule printed in the table's header note
  (``"balance"``);
- Table 2, per row: 总计 = 自然人 + the five 法人或其他组织 columns (``"row_total"``);
- Table 2, per column: （七）总计 = the sum of the 20 outcome rows （一）…（六）3 (``"results_total"``);
- Table 3, per group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 (``"table3_total"``).

A rule is checked only where all its cells are numbers, so one bad cell gives one message.
Real reports break these rules (RULES.md §2.3): the check reports, it never corrects.
Messages are whole sentences in the active language naming the table, row, column and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from gongkai.reports import layout

# Violation kinds
MISSING = "missing"
TYPE = "type"
BALANCE = "balance"
ROW_TOTAL = "row_total"
RESULTS_TOTAL = "results_total"
TABLE3_TOTAL = "table3_total"

_TABLE_NAMES = {1: "表一", 2: "表二", 3: "表三"}
_TABLE1_LABELS = {key: label for _c, _h, rows in layout.TABLE1_BLOCKS for key, label in rows}
BALANCE_ROW = "一+二=（七）+四"  # the "row" of a violation of the balance rule
_SHORT = {
    "一": "一、本年新收…",
    "二": "二、上年结转…",
    "三.二": "（二）部分公开…",
}


@dataclass(frozen=True)
class Violation:
    table: int  # 1, 2 or 3 (0: the figures as a whole)
    row: str  # a row key ("三.三.4", "规章") or, for a rule over rows, the rule
    column: str  # a column heading ("自然人", "本年制发件数", "行政复议 · 总计"), or ""
    message: str  # a whole sentence with the numbers
    numbers: tuple = ()
    kind: str = ""

    @property
    def row_label(self) -> str:
        """The row as printed (a Table 2 outcome row with its group)."""
        if self.table == 1:
            return _TABLE1_LABELS.get(self.row, self.row)
        row = layout.ROW_BY_KEY.get(self.row)
        if row is not None:
            return f"{row.group} {row.label}" if row.group else row.label
        return self.row

    def __str__(self) -> str:
        return self.message


def row_name(key: str) -> str:
    """A Table 2 row for messages: short when its label is long, with its group if it has one."""
    row = layout.ROW_BY_KEY[key]
    if key in _SHORT:
        return _SHORT[key]
    return f"{row.group} {row.label}" if row.group else row.label


def is_count(value: Any) -> bool:
    """A whole number (3 or 3.0), not a bool."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float | Decimal) and value == int(value)


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sum_text(values) -> str:
    return " + ".join(_show(v) for v in values)


class _Checker:
    def __init__(self) -> None:
        self.out: list[Violation] = []

    def add(self, table, row, column, message, numbers=(), kind="") -> None:
        self.out.append(Violation(table, row, column, message, tuple(numbers), kind))

    # --- cells -------------------------------------------------------------------------------

    def count(self, value, *, table: int, row: str, column: str, where: str) -> int | None:
        """``value`` as an int when it is a non-negative whole number; else reported, None."""
        if value is None:
            self.add(
                table,
                row,
                column,
                _("%(table)s %(cell)s: the number is missing.")
                % {"table": _TABLE_NAMES[table], "cell": where},
                kind=MISSING,
            )
            return None
        if not is_count(value) or value < 0:
            self.add(
                table,
                row,
                column,
                _("%(table)s %(cell)s is not a non-negative whole number: “%(value)s”.")
                % {"table": _TABLE_NAMES[table], "cell": where, "value": _show(value)},
                numbers=(value,),
                kind=TYPE,
            )
            return None
        return int(value)

    def cells(self, values, n: int, *, table: int, row: str, where: str) -> list | None:
        """``values`` when it is a list of ``n`` cells, else reported."""
        if values is None:
            self.add(
                table,
                row,
                "",
                _("%(table)s: the row %(row)s is missing.")
                % {"table": _TABLE_NAMES[table], "row": where},
                kind=MISSING,
            )
            return None
        if not isinstance(values, list | tuple) or len(values) != n:
            got = len(values) if isinstance(values, list | tuple) else 1
            self.add(
                table,
                row,
                "",
                _("%(table)s: the row %(row)s should have %(n)d numbers, it has %(got)d.")
                % {"table": _TABLE_NAMES[table], "row": where, "n": n, "got": got},
                numbers=(got,),
                kind=MISSING,
            )
            return None
        return list(values)

    def table(self, figures: dict, key: str, number: int, expected: type):
        value = figures.get(key)
        if isinstance(value, expected):
            return value
        if value is None:
            message = _("%(table)s is missing.") % {"table": _TABLE_NAMES[number]}
        else:
            message = _("%(table)s is not in the expected form.") % {"table": _TABLE_NAMES[number]}
        self.add(number, "", "", message, kind=MISSING)
        return None

    # --- Table 1 ---------------------------------------------------------------------------

    def table1(self, t1: dict) -> None:
        for _caption, headings, rows in layout.TABLE1_BLOCKS:
            for key, label in rows:
                if key in layout.TABLE1_DOCUMENT_ROWS:
                    values = self.cells(t1.get(key), 3, table=1, row=key, where=f"“{label}”")
                    if values is not None:
                        for heading, value in zip(headings[1:], values, strict=True):
                            where = f"“{label} · {heading}”"
                            self.count(value, table=1, row=key, column=heading, where=where)
                elif key == layout.TABLE1_FEE_KEY:
                    self.fee(t1.get(key), label, headings[1])
                else:
                    where = f"“{label} · {headings[1]}”"
                    self.count(t1.get(key), table=1, row=key, column=headings[1], where=where)

    def fee(self, value, label: str, heading: str) -> None:
        key, where = layout.TABLE1_FEE_KEY, f"“{label} · {heading}”"
        if value is None:
            self.add(
                1,
                key,
                heading,
                _("%(table)s %(cell)s: the number is missing.") % {"table": "表一", "cell": where},
                kind=MISSING,
            )
        elif isinstance(value, bool) or not isinstance(value, int | float | Decimal) or value < 0:
            self.add(
                1,
                key,
                heading,
                _("%(table)s %(cell)s is not a non-negative number: “%(value)s”.")
                % {"table": "表一", "cell": where, "value": _show(value)},
                numbers=(value,),
                kind=TYPE,
            )

    # --- Table 2 ---------------------------------------------------------------------------

    def table2(self, t2: dict) -> None:
        columns = layout.TABLE2_COLUMNS
        rows: dict[str, list[int | None]] = {}
        for r in layout.TABLE2_ROWS:
            where = f"“{row_name(r.key)}”"
            values = self.cells(t2.get(r.key), 7, table=2, row=r.key, where=where)
            if values is None:
                rows[r.key] = [None] * 7
                continue
            rows[r.key] = [
                self.count(
                    v, table=2, row=r.key, column=columns[c], where=f"{where}（{columns[c]}列）"
                )
                for c, v in enumerate(values)
            ]
        for r in layout.TABLE2_ROWS:
            cells = rows[r.key]
            if None not in cells and sum(cells[:6]) != cells[6]:
                self.add(
                    2,
                    r.key,
                    columns[6],
                    _(
                        "%(table)s “%(row)s”: the six applicant columns add up to "
                        "%(sum)s = %(total)d, but 总计 is %(given)d."
                    )
                    % {
                        "table": "表二",
                        "row": row_name(r.key),
                        "sum": _sum_text(cells[:6]),
                        "total": sum(cells[:6]),
                        "given": cells[6],
                    },
                    numbers=(*cells[:6], sum(cells[:6]), cells[6]),
                    kind=ROW_TOTAL,
                )
        for c, column in enumerate(columns):
            one, two, results, four = (rows[k][c] for k in ("一", "二", "三.七", "四"))
            if None not in (one, two, results, four) and one + two != results + four:
                self.add(
                    2,
                    BALANCE_ROW,
                    column,
                    _(
                        "%(table)s “%(one)s”+“%(two)s” ≠ “%(results)s”+“%(four)s” "
                        "(column %(column)s): %(a)d + %(b)d = %(ab)d, %(c)d + %(d)d = %(cd)d"
                    )
                    % {
                        "table": "表二",
                        "one": row_name("一"),
                        "two": row_name("二"),
                        "results": row_name("三.七"),
                        "four": row_name("四"),
                        "column": column,
                        "a": one,
                        "b": two,
                        "ab": one + two,
                        "c": results,
                        "d": four,
                        "cd": results + four,
                    },
                    numbers=(one, two, results, four),
                    kind=BALANCE,
                )
            leaves = [rows[k][c] for k in layout.TABLE2_LEAF_KEYS]
            if results is not None and None not in leaves and sum(leaves) != results:
                self.add(
                    2,
                    "三.七",
                    column,
                    _(
                        "%(table)s “%(results)s” (column %(column)s) is %(given)d, but the 20 "
                        "outcome rows （一） to （六） add up to %(sum)d."
                    )
                    % {
                        "table": "表二",
                        "results": row_name("三.七"),
                        "column": column,
                        "given": results,
                        "sum": sum(leaves),
                    },
                    numbers=(results, sum(leaves)),
                    kind=RESULTS_TOTAL,
                )

    # --- Table 3 ---------------------------------------------------------------------------

    def table3(self, t3: list) -> None:
        if len(t3) != 15:
            self.add(
                3,
                "",
                "",
                _("%(table)s should have %(n)d numbers, it has %(got)d.")
                % {"table": "表三", "n": 15, "got": len(t3)},
                numbers=(len(t3),),
                kind=MISSING,
            )
            t3 = list(t3[:15]) + [None] * (15 - len(t3[:15]))
        cells = [
            self.count(
                v,
                table=3,
                row="",
                column=layout.table3_label(i),
                where=f"“{layout.table3_label(i)}”",
            )
            for i, v in enumerate(t3)
        ]
        for g, group in enumerate(layout.TABLE3_GROUPS):
            parts, total = cells[g * 5 : g * 5 + 4], cells[g * 5 + 4]
            if None not in parts and total is not None and sum(parts) != total:
                self.add(
                    3,
                    "",
                    layout.table3_label(g * 5 + 4),
                    _(
                        "%(table)s “%(group)s”: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = "
                        "%(sum)s = %(total)d, but 总计 is %(given)d."
                    )
                    % {
                        "table": "表三",
                        "group": group,
                        "sum": _sum_text(parts),
                        "total": sum(parts),
                        "given": total,
                    },
                    numbers=(*parts, sum(parts), total),
                    kind=TABLE3_TOTAL,
                )


def check_figures(figures: dict) -> list[Violation]:
    """Every violation of the format's rules in ``figures`` (empty when the report is sound),
    in the order of the tables. Never raises on malformed figures."""
    checker = _Checker()
    if not isinstance(figures, dict):
        checker.add(
            0, "", "", _("The report's figures are not in the expected form."), kind=MISSING
        )
        return checker.out
    if (t1 := checker.table(figures, "table1", 1, dict)) is not None:
        checker.table1(t1)
    if (t2 := checker.table(figures, "table2", 2, dict)) is not None:
        checker.table2(t2)
    if (t3 := checker.table(figures, "table3", 3, list)) is not None:
        checker.table3(t3)
    return checker.out
