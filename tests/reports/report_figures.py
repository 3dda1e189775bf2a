"""Report figures built by hand for the rendering, reading and checking tests (no database).

``balanced(...)`` makes a sound report from a few numbers: the applications received (row 一)
and carried over (row 二) per applicant column, and the outcome rows; row （七） and row 四
follow, every row's 总计 is its six columns. The default outcome rows are all different, so a
number in the wrong cell shows.
"""

from __future__ import annotations

import copy

from gongkai.reports import layout

LEAF_KEYS = layout.TABLE2_LEAF_KEYS


def default_leaves(shift: int = 0) -> dict[str, list[int]]:
    """The 20 outcome rows: row i, column c holds (i + 2c + shift) mod 5."""
    return {key: [(i + 2 * c + shift) % 5 for c in range(6)] for i, key in enumerate(LEAF_KEYS)}


def _row(cells: list[int]) -> list[int]:
    return [*cells, sum(cells)]


def balanced(
    *,
    carried: tuple[int, ...] = (1, 0, 2, 0, 1, 0),
    still_open: tuple[int, ...] = (2, 1, 0, 1, 0, 3),
    leaves: dict[str, list[int]] | None = None,
    table3: tuple[int, ...] = (2, 1, 0, 1, 1, 0, 1, 2, 0, 1, 0, 0),
    fee: float = 1.25,
    agency: str = "蓝湾县教育局",
    year: int = 2026,
    shift: int = 0,
) -> dict:
    """A report that passes every check. ``table3`` gives the four results of each group (the
    总计 are added); row 一 is whatever makes 一 + 二 = 三（七） + 四 with the given rows."""
    leaves = leaves or default_leaves(shift)
    results = [sum(leaves[key][c] for key in LEAF_KEYS) for c in range(6)]
    received = [results[c] + still_open[c] - carried[c] for c in range(6)]
    assert min(received) >= 0, "choose smaller carried-over numbers"
    t2 = {"一": _row(received), "二": _row(list(carried))}
    for key in LEAF_KEYS:
        t2[key] = _row(list(leaves[key]))
    t2["三.七"] = _row(results)
    t2["四"] = _row(list(still_open))
    t3: list[int] = []
    for g in range(3):
        parts = list(table3[g * 4 : g * 4 + 4])
        t3 += [*parts, sum(parts)]
    return {
        "agency": agency,
        "year": year,
        "table1": {
            "规章": [1 + shift, 0, 6 + shift],
            "行政规范性文件": [12 + shift, 3, 41 + shift],
            "行政许可": 120 + shift,
            "行政处罚": 33,
            "行政强制": 2 + shift,
            layout.TABLE1_FEE_KEY: fee,
        },
        "table2": {key: t2[key] for key in layout.TABLE2_ROW_KEYS},
        "table3": t3,
    }


def set_cell(figures: dict, key: str, column: int, value, *, keep_total: bool = True) -> dict:
    """A copy of ``figures`` with Table 2 cell (``key``, ``column``) set to ``value``; the row's
    总计 follows unless ``keep_total`` is False (then only this one cell changes)."""
    out = copy.deepcopy(figures)
    row = out["table2"][key]
    row[column] = value
    if keep_total and column < 6:
        row[6] = sum(row[:6])
    return out


def every_label() -> list[str]:
    """Every label the official tables print (RULES.md §2.2–2.4), each exactly once."""
    labels = [layout.TABLE2_HEADER_NOTE, layout.TABLE2_APPLICANT_GROUP]
    labels += [layout.TABLE2_ORGANIZATION_GROUP, *layout.TABLE2_COLUMNS]
    labels += [row.label for row in layout.TABLE2_ROWS]
    labels += [layout.TABLE2_RESULTS_LABEL, *layout.TABLE2_GROUP_LABELS]
    for caption, headings, rows in layout.TABLE1_BLOCKS:
        labels += [caption, *headings, *(label for _key, label in rows)]
    labels += [*layout.TABLE3_GROUPS, layout.TABLE3_LITIGATION, *layout.TABLE3_COLUMNS]
    labels += [heading for _key, heading in layout.SECTIONS]
    return list(dict.fromkeys(labels))
