"""``check_figures``: a sound report passes; each kind of violation in a deliberately broken
report is caught, with the table, row, column and the numbers; malformed figures are reported,
never crashed on."""

from __future__ import annotations

import copy

import pytest

from gongkai.reports import layout
from gongkai.reports.check import (
    BALANCE,
    MISSING,
    RESULTS_TOTAL,
    ROW_TOTAL,
    TABLE3_TOTAL,
    TYPE,
    check_figures,
)
from tests.reports.report_figures import balanced, default_leaves, set_cell


def kinds(violations) -> list[str]:
    return [v.kind for v in violations]


def test_a_sound_report_passes():
    assert check_figures(balanced()) == []
    assert check_figures(balanced(shift=3, carried=(0, 0, 0, 0, 0, 0))) == []


def test_balance_rule_per_column_with_the_numbers():
    """一 + 二 = 三（七） + 四, the rule printed in the header note, per column."""
    leaves = default_leaves()
    for key in layout.TABLE2_LEAF_KEYS:
        leaves[key][0] = 0
    leaves["三.一"][0], leaves["三.三.4"][0] = 7, 3  # （七） 自然人 = 10
    figures = balanced(leaves=leaves, carried=(3, 0, 0, 0, 0, 0), still_open=(5, 0, 0, 0, 0, 0))
    assert figures["table2"]["一"][0] == 12
    broken = set_cell(figures, "四", 0, 4)  # 12 + 3 = 15, but 10 + 4 = 14
    violations = check_figures(broken)
    assert [(v.kind, v.column) for v in violations] == [(BALANCE, "自然人"), (BALANCE, "总计")]
    v = violations[0]
    assert (v.table, v.numbers) == (2, (12, 3, 10, 4))
    assert v.message == (
        "表二 “一、本年新收…”+“二、上年结转…” ≠ “（七）总计”+“四、结转下年度继续办理”"
        "（自然人列）：12 + 3 = 15，10 + 4 = 14"
    )


def test_balance_rule_in_the_total_column():
    figures = balanced()
    broken = copy.deepcopy(figures)
    broken["table2"]["二"] = [1, 0, 2, 0, 1, 0, 5]  # 总计 one too many: row rule and balance
    assert sorted(kinds(check_figures(broken))) == [BALANCE, ROW_TOTAL]
    balance = next(v for v in check_figures(broken) if v.kind == BALANCE)
    assert balance.column == "总计" and "（总计列）" in balance.message


def test_row_total_rule():
    """总计 = 自然人 + the five 法人或其他组织 columns, in each of the 25 rows."""
    figures = balanced()
    leaf = "三.三.3"
    row = figures["table2"][leaf]
    broken = set_cell(figures, leaf, 6, row[6] + 1, keep_total=False)
    violations = [v for v in check_figures(broken) if v.kind == ROW_TOTAL]
    assert len(violations) == 1
    v = violations[0]
    assert (v.table, v.row, v.column) == (2, leaf, "总计")
    assert v.row_label == "（三）不予公开 3.危及“三安全一稳定”"
    six = " + ".join(str(n) for n in row[:6])
    assert v.message == (
        f"表二 “（三）不予公开 3.危及“三安全一稳定””：自然人至其他六列之和为 {six} = {row[6]}，"
        f"而总计为 {row[6] + 1}。"
    )
    # The broken 总计 also breaks the sum of the outcome rows in the 总计 column.
    assert RESULTS_TOTAL in kinds(check_figures(broken))


def test_results_total_rule():
    """（七）总计 = the sum of the 20 outcome rows, per column."""
    figures = balanced()
    broken = copy.deepcopy(figures)
    broken["table2"]["三.五.2"] = [0] * 7  # drops some cases from the outcome rows only
    lost = figures["table2"]["三.五.2"]
    violations = check_figures(broken)
    results = [v for v in violations if v.kind == RESULTS_TOTAL]
    assert [v.column for v in results] == [layout.TABLE2_COLUMNS[c] for c in range(7) if lost[c]]
    first = results[0]
    c = layout.TABLE2_COLUMNS.index(first.column)
    total = figures["table2"]["三.七"][c]
    assert first.numbers == (total, total - lost[c])
    assert first.message == (
        f"表二 “（七）总计”（{first.column}列）为 {total}，而（一）至（六）20个办理结果之和为 "
        f"{total - lost[c]}。"
    )
    assert set(kinds(violations)) == {RESULTS_TOTAL}


def test_table3_group_total_rule():
    figures = balanced()
    broken = copy.deepcopy(figures)
    broken["table3"][9] += 2  # 未经复议直接起诉 · 总计
    violations = check_figures(broken)
    assert len(violations) == 1
    v = violations[0]
    assert (v.table, v.column, v.kind) == (3, "未经复议直接起诉 · 总计", TABLE3_TOTAL)
    parts = figures["table3"][5:9]
    assert v.numbers == (*parts, sum(parts), sum(parts) + 2)
    assert v.message == (
        f"表三 “未经复议直接起诉”：结果维持 + 结果纠正 + 其他结果 + 尚未审结 = "
        f"{' + '.join(map(str, parts))} = {sum(parts)}，而总计为 {sum(parts) + 2}。"
    )


@pytest.mark.parametrize("value", [-1, 2.5, "3", True, None])
def test_a_table2_cell_must_be_a_non_negative_whole_number(value):
    broken = set_cell(balanced(), "三.一", 2, value, keep_total=False)
    violations = check_figures(broken)
    assert len(violations) == 1
    v = violations[0]
    assert (v.table, v.row, v.column) == (2, "三.一", "科研机构")
    if value is None:
        assert v.kind == MISSING and v.message == "表二 “（一）予以公开”（科研机构列）缺少数字。"
    else:
        assert v.kind == TYPE
        assert v.message == f"表二 “（一）予以公开”（科研机构列）不是非负整数：“{value}”。"


def test_a_whole_number_written_as_3_0_counts_as_whole():
    figures = balanced()
    figures["table2"]["三.一"] = [float(n) for n in figures["table2"]["三.一"]]
    assert check_figures(figures) == []


def test_table1_counts_and_the_fee():
    figures = balanced()
    figures["table1"]["规章"][1] = -2
    figures["table1"]["行政处罚"] = 1.5
    figures["table1"][layout.TABLE1_FEE_KEY] = -0.5
    violations = check_figures(figures)
    assert [(v.row, v.column, v.kind) for v in violations] == [
        ("规章", "本年废止件数", TYPE),
        ("行政处罚", "本年处理决定数量", TYPE),
        (layout.TABLE1_FEE_KEY, "本年收费金额（单位：万元）", TYPE),
    ]
    assert violations[0].message == "表一 “规章 · 本年废止件数”不是非负整数：“-2”。"
    assert [v.row_label for v in violations] == ["规章", "行政处罚", "行政事业性收费"]
    assert violations[2].message == (
        "表一 “行政事业性收费 · 本年收费金额（单位：万元）”不是非负数：“-0.5”。"
    )
    fine = balanced(fee=12.3456)
    fine["table1"][layout.TABLE1_FEE_KEY] = 0
    assert check_figures(fine) == []


def test_missing_tables_rows_and_cells_are_reported_not_crashed_on():
    figures = balanced()
    del figures["table1"]
    del figures["table2"]["三.四.2"]
    figures["table2"]["二"] = [1, 0, 2]
    figures["table3"] = figures["table3"][:12]
    violations = check_figures(figures)
    messages = [v.message for v in violations]
    assert "缺少表一。" in messages
    assert "表二缺少“（四）无法提供 2.没有现成信息需要另行制作”行。" in messages
    assert "表二 “二、上年结转…”行应有7个数，实有3个。" in messages
    assert "表三应有15个数，实有12个。" in messages
    assert [v.column for v in violations if v.table == 3 and v.kind == MISSING][1:] == [
        layout.table3_label(i) for i in range(12, 15)
    ]
    # The rules over the broken rows are not checked; the others still are.
    assert BALANCE not in kinds(violations)


@pytest.mark.parametrize(
    "figures", [None, [], "report", {"table1": [], "table2": [], "table3": {}}]
)
def test_figures_in_the_wrong_shape(figures):
    violations = check_figures(figures)
    assert violations and all(v.kind == MISSING for v in violations)


def test_one_report_with_every_kind_of_violation():
    figures = balanced()
    figures = set_cell(figures, "四", 1, figures["table2"]["四"][1] + 1)  # balance
    figures = set_cell(figures, "三.一", 6, 99, keep_total=False)  # row total, results total
    figures["table3"][4] = 0  # 行政复议 · 总计
    figures["table2"]["三.三.1"][3] = -1  # type
    del figures["table1"]["行政强制"]  # missing
    assert set(kinds(check_figures(figures))) == {
        BALANCE,
        ROW_TOTAL,
        RESULTS_TOTAL,
        TABLE3_TOTAL,
        TYPE,
        MISSING,
    }
