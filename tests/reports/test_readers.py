"""Reading a report from a file: our XLSX and DOCX give back exactly the figures they were made
from; a DOCX in the official layout typed by another office (ASCII quotes, half-width brackets,
"1、", an extra 小计 column) still reads; JSON in the documented form; every cell that cannot be
read is a reading problem with its place; a file that cannot be read at all is refused with a
clear message."""

from __future__ import annotations

import io
import json

import docx
import pytest

from gongkai.reports import layout, readers
from gongkai.reports.check import MISSING
from gongkai.reports.document import ReportDocument
from gongkai.reports.readers import ReportReadError, check_file, read_report
from gongkai.reports.rendering.docx import render_docx
from gongkai.reports.rendering.xlsx import render_xlsx
from gongkai.reports.tables_reader import BAD_NUMBER, LAYOUT, MISSING_TABLE, UNKNOWN_LABEL
from tests.reports.report_figures import balanced, set_cell

SECTIONS = {
    "overview": "本年度，本局扎实推进政务公开工作。\n\n第二段，含换行\n的一行。",
    "other": "本年度收取信息处理费共计400元。",
}


def doc_of(figures: dict, **kwargs) -> ReportDocument:
    values = {"agency": figures["agency"], "year": figures["year"], "figures": figures}
    values.update(kwargs)
    return ReportDocument(**values)


def edited_docx(figures: dict, edit) -> bytes:
    """Our DOCX of ``figures`` after ``edit(document)`` changed it the way a person might."""
    document = docx.Document(io.BytesIO(render_docx(doc_of(figures))))
    edit(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("render, kind", [(render_xlsx, "xlsx"), (render_docx, "docx")])
def test_render_then_read_gives_the_same_figures(render, kind):
    figures = balanced(fee=12.3456)
    last_year = balanced(shift=2, year=2025)
    doc = doc_of(figures, previous=last_year, sections=SECTIONS, draft=True, version=2)
    result = check_file(render(doc), filename=f"report.{kind}")
    assert result.format == kind
    assert result.problems == [] and result.violations == [] and result.ok
    assert result.figures == figures
    assert (result.agency, result.year) == ("蓝湾县教育局", 2026)
    assert result.sections == SECTIONS


def test_a_broken_report_round_trips_with_its_violations(tmp_path):
    broken = set_cell(balanced(), "四", 2, 9)
    path = tmp_path / "broken.docx"
    path.write_bytes(render_docx(doc_of(broken)))
    result = check_file(path)
    assert result.figures == broken
    assert [v.column for v in result.violations] == ["科研机构", "总计"]
    assert result.violations[0].message.startswith("表二 “一、本年新收…”+“二、上年结转…” ≠")


# --- a DOCX typed by another office ----------------------------------------------------------


def typed(label: str) -> str:
    """A label as many offices type it: half-width brackets, ASCII quotes, "1、" numbering."""
    text = label.replace("（", "(").replace("）", ")").replace("“", '"').replace("”", '"')
    if text[:1].isdigit() and text[1:2] == ".":
        text = text[0] + "、" + text[2:]
    return text


def foreign_docx(figures: dict) -> bytes:
    """The official layout built by hand: Table 1 as four small tables, Table 2 with an extra
    "法人或其他组织小计" column and typed labels, Table 3 with its merged headings."""
    document = docx.Document()
    document.add_paragraph("蓝湾县教育局2026年度政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("本年度，本局扎实推进政务公开工作。")
    document.add_paragraph("二、主动公开政府信息情况")
    for caption, headings, rows in layout.TABLE1_BLOCKS:
        table = document.add_table(rows=2 + len(rows), cols=len(headings))
        table.cell(0, 0).merge(table.cell(0, len(headings) - 1)).text = typed(caption)
        for c, heading in enumerate(headings):
            table.cell(1, c).text = heading
        for r, (key, label) in enumerate(rows, start=2):
            table.cell(r, 0).text = label
            values = figures["table1"][key]
            for c, value in enumerate(values if isinstance(values, list) else [values], start=1):
                table.cell(r, c).text = str(value)
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    t2 = document.add_table(rows=3 + 25, cols=11)  # 3 label columns, 6 + 小计 + 总计
    t2.cell(0, 0).merge(t2.cell(2, 2)).text = typed(layout.TABLE2_HEADER_NOTE)
    t2.cell(0, 3).merge(t2.cell(0, 10)).text = "申请人情况"
    t2.cell(1, 3).merge(t2.cell(2, 3)).text = "自然人"
    t2.cell(1, 4).merge(t2.cell(1, 9)).text = "法人或其他组织"
    for c, name in enumerate([*layout.TABLE2_COLUMNS[1:6], "小计"], start=4):
        t2.cell(2, c).text = name
    t2.cell(1, 10).merge(t2.cell(2, 10)).text = "总计"
    t2.cell(3 + 2, 0).merge(t2.cell(3 + 23, 0)).text = typed(layout.TABLE2_RESULTS_LABEL)
    first_of_group: dict[str, int] = {}
    for i, row in enumerate(layout.TABLE2_ROWS):
        r = 3 + i
        if row.level == 0:
            t2.cell(r, 0).merge(t2.cell(r, 2)).text = typed(row.label)
        elif row.level == 1:
            t2.cell(r, 1).merge(t2.cell(r, 2)).text = typed(row.label)
        else:
            first_of_group.setdefault(row.group, r)
            t2.cell(r, 2).text = typed(row.label)
        values = figures["table2"][row.key]
        cells = [*values[:6], sum(values[1:6]), values[6]]
        for c, value in enumerate(cells, start=3):
            t2.cell(r, c).text = str(value)
    for group, r in first_of_group.items():
        size = sum(1 for row in layout.TABLE2_ROWS if row.group == group)
        t2.cell(r, 1).merge(t2.cell(r + size - 1, 1)).text = typed(group)
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t3 = document.add_table(rows=4, cols=15)
    t3.cell(0, 0).merge(t3.cell(1, 4)).text = "行政复议"
    t3.cell(0, 5).merge(t3.cell(0, 14)).text = "行政诉讼"
    t3.cell(1, 5).merge(t3.cell(1, 9)).text = "未经复议直接起诉"
    t3.cell(1, 10).merge(t3.cell(1, 14)).text = "复议后起诉"
    for c in range(15):
        t3.cell(2, c).text = layout.TABLE3_COLUMNS[c % 5]
        t3.cell(3, c).text = str(figures["table3"][c])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_docx_typed_with_ascii_quotes_and_half_width_brackets_reads():
    figures = balanced(fee=3)
    content = foreign_docx(figures)
    labels = {
        c.text for row in docx.Document(io.BytesIO(content)).tables[4].rows for c in row.cells
    }
    assert '3、危及"三安全一稳定"' in labels and "(一)予以公开" in labels  # typed, not official
    result = check_file(content, filename="财政局年报.docx")
    assert result.problems == [] and result.violations == []
    expected = {**figures, "agency": "蓝湾县教育局", "year": 2026}
    assert result.figures == expected
    assert result.sections == {"overview": "本年度，本局扎实推进政务公开工作。"}


# --- reading problems ------------------------------------------------------------------------


def test_a_cell_that_is_not_a_number_is_a_reading_problem_with_its_place():
    def edit(document):
        document.tables[1].cell(3, 3).text = "十二"  # 一、本年新收 · 自然人
        document.tables[1].cell(11, 5).text = ""  # 1.属于国家秘密 · 科研机构
        document.tables[1].cell(12, 4).text = "１,０"  # full-width digits and a comma: 10

    figures = balanced()
    result = check_file(edited_docx(figures, edit), filename="x.docx")
    messages = [p.message for p in result.problems]
    assert messages[:2] == [
        "第2个表格第4行：“一、本年新收政府信息公开申请数量”（自然人列）不是数字：“十二”。",
        "第2个表格第12行：“（三）不予公开 5.属于三类内部事务信息”（科研机构列）为空。",
    ]
    assert {(p.table, p.row, p.column, p.kind) for p in result.problems} == {
        (2, "一", "自然人", BAD_NUMBER),
        (2, "三.三.5", "科研机构", BAD_NUMBER),
    }
    assert result.figures["table2"]["一"][0] is None
    assert result.figures["table2"]["三.三.6"][1] == 10
    # The unread cells are not reported again as "missing"; the changed cell is a violation.
    assert all(v.kind != MISSING for v in result.violations)
    assert {v.row for v in result.violations} == {"三.三.6", "三.七"}


def test_unknown_row_labels_subtotal_rows_and_duplicates_are_reported():
    def edit(document):
        table = document.tables[1]
        table.cell(4, 0).text = "二、上年结转的申请"  # not an official label
        group_cell = table.cell(15, 1)  # （四）无法提供, merged over three rows
        group_cell.text = "（四）无法提供"
        row = table.add_row()
        row.cells[0].text = "（三）不予公开"
        for c in range(3, 10):
            row.cells[c].text = "1"
        again = table.add_row()
        again.cells[0].text = "（七）总计"
        for c in range(3, 10):
            again.cells[c].text = "0"

    result = check_file(edited_docx(balanced(), edit), filename="x.docx")
    kinds = [(p.kind, p.message) for p in result.problems]
    assert (
        UNKNOWN_LABEL,
        "第2个表格第5行：行名“二、上年结转的申请”不是官方格式中的行名。",
    ) in kinds
    assert (
        LAYOUT,
        "第2个表格第29行：“（三）不予公开”行是小计行，官方格式中没有此行，未读取。",
    ) in kinds
    assert any(
        p.kind == "duplicate" and "“（七）总计”行重复出现" in p.message for p in result.problems
    )
    assert "二" not in result.figures["table2"]
    assert "表二缺少“二、上年结转…”行。" in [v.message for v in result.violations]


def test_a_missing_table_is_a_reading_problem_not_a_violation_too():
    def edit(document):
        table = document.tables[2]._tbl
        table.getparent().remove(table)

    result = check_file(edited_docx(balanced(), edit), filename="x.docx")
    assert [(p.table, p.kind) for p in result.problems] == [(3, MISSING_TABLE)]
    assert (
        result.problems[0].message == "文件中没有找到表三（政府信息公开行政复议、行政诉讼情况）。"
    )
    assert result.violations == []


def test_table1_in_the_2019_format_is_flagged():
    def edit(document):
        table = document.tables[0]
        for c, heading in enumerate(
            ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
        ):
            table.cell(1, c).text = heading

    result = read_report(edited_docx(balanced(), edit), filename="2019.docx")
    assert [(p.table, p.kind) for p in result.problems] == [(1, LAYOUT)]
    assert "不是2021年格式的“信息内容 · 本年制发件数" in result.problems[0].message


# --- JSON ------------------------------------------------------------------------------------


def test_json_in_the_documented_form():
    figures = balanced()
    result = check_file(json.dumps(figures, ensure_ascii=False).encode(), filename="r.json")
    assert result.format == "json" and result.ok and result.figures == figures
    assert (result.agency, result.year) == ("蓝湾县教育局", 2026)


def test_json_rows_by_printed_label_numbers_as_text_and_unknown_keys():
    figures = balanced()
    data = json.loads(json.dumps(figures))
    data["table2"]["（一）予以公开"] = [str(n) for n in data["table2"].pop("三.一")]
    data["table2"]["三.八"] = [0] * 7
    data["table2"]["(一)予以公开"] = [0] * 7  # the same row again, typed differently
    data["table2"]["四"][0] = "两个"
    result = check_file(json.dumps(data, ensure_ascii=False).encode("utf-8-sig"), filename="r.json")
    assert result.figures["table2"]["三.一"] == figures["table2"]["三.一"]
    assert [(p.kind, p.row, p.column) for p in result.problems] == [
        (BAD_NUMBER, "四", "自然人"),
        (UNKNOWN_LABEL, "", ""),
        ("duplicate", "三.一", ""),
    ]
    assert result.problems[0].message == "表二“四、结转下年度继续办理”（自然人）不是数字：“两个”。"
    assert result.problems[1].message == "“table2”中的“三.八”不是官方格式中的行，未读取。"
    assert result.violations == []


def test_invalid_json_says_where():
    with pytest.raises(ReportReadError) as excinfo:
        read_report(b'{"table1": {},\n "table2": [1, 2,,]}', filename="r.json")
    assert "文件“r.json”不是有效的 JSON（第2行第" in str(excinfo.value)
    with pytest.raises(ReportReadError, match="不是有效的 JSON"):
        read_report(b"[" * 200_000, filename="deep.json")
    with pytest.raises(ReportReadError, match="不是年度报告"):
        read_report(b"[1, 2]", filename="r.json")
    with pytest.raises(ReportReadError, match="没有找到年度报告的表格"):
        read_report(b'{"table9": []}', filename="r.json")


# --- files that cannot be read ---------------------------------------------------------------


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "文件“f”是空的。"),
        (b"%PDF-1.7\n...", "是 PDF 文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "是旧版 Word 或 Excel 文件"),
        ("年度报告".encode(), "不是可读取的报告文件"),
        (b"PK\x03\x04garbage", "已损坏"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(content, message):
    with pytest.raises(ReportReadError) as excinfo:
        read_report(content, filename="f")
    assert message in str(excinfo.value)


def test_a_docx_without_report_tables_is_refused():
    document = docx.Document()
    document.add_paragraph("会议纪要")
    document.add_table(rows=2, cols=2).cell(0, 0).text = "姓名"
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(ReportReadError, match="没有找到年度报告的表格"):
        read_report(out.getvalue(), filename="纪要.docx")


def test_size_limits(monkeypatch, tmp_path):
    content = render_docx(doc_of(balanced()))
    monkeypatch.setattr(readers, "MAX_UNCOMPRESSED_BYTES", 10_000)
    with pytest.raises(ReportReadError, match="解压后超过"):
        read_report(content, filename="big.docx")
    monkeypatch.setattr(readers, "MAX_BYTES", 1_000)
    path = tmp_path / "big.docx"
    path.write_bytes(content)
    with pytest.raises(ReportReadError, match="报告文件最大为"):
        read_report(path)
