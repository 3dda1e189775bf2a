"""The report as DOCX, XLSX, PDF and HTML: read back with python-docx, openpyxl and pypdf, every
official label is there exactly, every number is in its cell, the merged cells follow the
official layout, and last year's comparison sits beside the official tables, never in them."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from gongkai.catalog.html import sanitize, to_text
from gongkai.reports import layout
from gongkai.reports.document import ReportDocument
from gongkai.reports.rendering.docx import render_docx
from gongkai.reports.rendering.html import render_report_html, render_tables_html
from gongkai.reports.rendering.pdf import render_pdf
from gongkai.reports.rendering.xlsx import SHEET_TITLES, render_xlsx
from tests.reports.report_figures import balanced, every_label

SECTIONS = {
    "overview": "本年度，蓝湾县教育局认真贯彻落实《中华人民共和国政府信息公开条例》。\n\n第二段。",
    "proactive": "本年主动公开政府信息1,024条。",
    "requests": "本年收到政府信息公开申请若干件。",
    "remedies": "本年未发生因政府信息公开被纠错的情况。",
    "problems": "个别栏目更新不及时。",
    "other": "本年度未收取信息处理费。",
}


def make_doc(**kwargs) -> ReportDocument:
    values = {
        "agency": "蓝湾县教育局",
        "year": 2026,
        "figures": balanced(),
        "sections": dict(SECTIONS),
        "published_on": dt.date(2027, 1, 20),
    }
    values.update(kwargs)
    return ReportDocument(**values)


def squash(text: str) -> str:
    return "".join(text.split())


def test_the_label_list_is_the_official_wording():
    labels = every_label()
    assert "3.危及“三安全一稳定”" in labels
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in labels
    assert len(layout.TABLE2_ROWS) == 25
    assert {"第二十条第（一）项", "第二十条第（八）项", "本年收费金额（单位：万元）"} <= set(labels)
    assert {"未经复议直接起诉", "复议后起诉", "行政诉讼", "尚未审结", "其他结果"} <= set(labels)


# --- DOCX ----------------------------------------------------------------------------------


def _docx(doc: ReportDocument):
    return docx.Document(io.BytesIO(render_docx(doc)))


def _docx_texts(document) -> set[str]:
    texts = {p.text for p in document.paragraphs}
    for table in document.tables:
        for row in table.rows:
            texts.update(cell.text for cell in row.cells)
    return texts


def test_docx_contains_every_official_label_exactly():
    document = _docx(make_doc())
    texts = _docx_texts(document)
    missing = [label for label in every_label() if label not in texts]
    assert not missing
    assert "蓝湾县教育局2026年政府信息公开工作年度报告" in texts
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_docx_table2_numbers_in_their_cells_and_merged_like_the_official_layout():
    figures = balanced()
    table = _docx(make_doc(figures=figures)).tables[1]
    assert len(table.columns) == 10 and len(table.rows) == 28
    cell = table.cell
    # The header note: 3 columns × 3 rows; 申请人情况 over the 7 number columns.
    assert cell(0, 0).text == layout.TABLE2_HEADER_NOTE
    assert cell(0, 0)._tc is cell(2, 2)._tc
    assert all(cell(0, c).text == "申请人情况" for c in range(3, 10))
    assert cell(0, 3)._tc is cell(0, 9)._tc
    # 自然人 and 总计 merged down two rows, 法人或其他组织 over its five sub-columns.
    assert cell(1, 3).text == "自然人" and cell(1, 3)._tc is cell(2, 3)._tc
    assert cell(1, 9).text == "总计" and cell(1, 9)._tc is cell(2, 9)._tc
    assert cell(1, 4).text == "法人或其他组织" and cell(1, 4)._tc is cell(1, 8)._tc
    assert [cell(2, c).text for c in range(4, 9)] == layout.TABLE2_COLUMNS[1:6]
    # 三、本年度办理结果 down its 22 rows; （三）不予公开 down its 8.
    assert cell(5, 0).text == "三、本年度办理结果"
    assert cell(5, 0)._tc is cell(26, 0)._tc and cell(4, 0)._tc is not cell(5, 0)._tc
    assert cell(7, 1).text == "（三）不予公开" and cell(7, 1)._tc is cell(14, 1)._tc
    assert cell(15, 1).text == "（四）无法提供" and cell(15, 1)._tc is cell(17, 1)._tc
    # Every number in its row and column.
    for i, row in enumerate(layout.TABLE2_ROWS):
        r = 3 + i
        label_cells = [cell(r, c).text for c in range(3)]
        assert row.label in label_cells
        assert [cell(r, 3 + c).text for c in range(7)] == [
            str(v) for v in figures["table2"][row.key]
        ]
    # Level-2 labels are indented; level-0 labels span the label area.
    leaf = cell(7, 2).paragraphs[0]
    assert leaf.text == "1.属于国家秘密" and leaf.paragraph_format.left_indent.pt > 0
    assert cell(3, 0)._tc is cell(3, 2)._tc


def test_docx_table1_blocks_and_table3_groups():
    document = _docx(make_doc())
    t1, t3 = document.tables[0], document.tables[2]
    assert [t1.cell(r, 0).text for r in (0, 4, 7, 11)] == [b[0] for b in layout.TABLE1_BLOCKS]
    assert t1.cell(0, 0)._tc is t1.cell(0, 3)._tc  # a caption spans the block
    assert [t1.cell(2, c).text for c in range(4)] == ["规章", "1", "0", "6"]
    assert [t1.cell(3, c).text for c in range(4)] == ["行政规范性文件", "12", "3", "41"]
    assert t1.cell(6, 1).text == "120" and t1.cell(6, 1)._tc is t1.cell(6, 3)._tc
    assert t1.cell(13, 0).text == "行政事业性收费" and t1.cell(13, 1).text == "1.25"
    assert t3.cell(0, 0).text == "行政复议" and t3.cell(0, 0)._tc is t3.cell(1, 4)._tc
    assert t3.cell(0, 5).text == "行政诉讼" and t3.cell(0, 5)._tc is t3.cell(0, 14)._tc
    assert t3.cell(1, 5).text == "未经复议直接起诉" and t3.cell(1, 10).text == "复议后起诉"
    assert [t3.cell(2, c).text for c in range(15)] == layout.TABLE3_COLUMNS * 3
    assert [t3.cell(3, c).text for c in range(15)] == [str(v) for v in balanced()["table3"]]


def test_docx_runs_name_an_east_asian_font():
    document = _docx(make_doc())
    runs = [run for p in document.paragraphs for run in p.runs if run.text]
    runs += [
        run
        for row in document.tables[1].rows
        for c in row.cells
        for p in c.paragraphs
        for run in p.runs
    ]
    fonts = {run._element.rPr.rFonts.get(qn("w:eastAsia")) for run in runs}
    assert fonts <= {"宋体", "黑体", "仿宋"} and None not in fonts


def test_docx_text_parts_split_on_blank_lines():
    paragraphs = [p.text for p in _docx(make_doc()).paragraphs]
    start = paragraphs.index("一、总体情况")
    assert paragraphs[start + 1 : start + 3] == [
        "本年度，蓝湾县教育局认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "第二段。",
    ]
    assert [p for p in paragraphs if p in dict(layout.SECTIONS).values()] == [
        h for _k, h in layout.SECTIONS
    ]


def test_docx_marks_a_draft_and_shows_a_correction():
    final = _docx(make_doc())
    assert "草稿" not in final.sections[0].header.paragraphs[0].text
    draft = _docx(make_doc(draft=True, version=2, correction_reason="表二“（一）予以公开”有误。"))
    assert "草稿" in draft.sections[0].header.paragraphs[0].text
    text = "\n".join(p.text for p in draft.paragraphs)
    assert "更正说明" in text and "第2版" in text and "表二“（一）予以公开”有误。" in text
    assert "更正说明" not in "\n".join(p.text for p in final.paragraphs)


# --- XLSX ----------------------------------------------------------------------------------


def _xlsx(doc: ReportDocument):
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(doc)))


def _find(ws, text: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(f"{text!r} not on sheet {ws.title}")


def test_xlsx_one_sheet_per_table_and_every_label():
    wb = _xlsx(make_doc())
    assert wb.sheetnames == [*SHEET_TITLES.values(), "正文"]
    values = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    missing = [label for label in every_label() if label not in values]
    assert not missing


def test_xlsx_numbers_are_numbers_in_their_cells():
    figures = balanced(fee=12.5)
    wb = _xlsx(make_doc(figures=figures))
    ws = wb[SHEET_TITLES["table2"]]
    note_row, note_col = _find(ws, layout.TABLE2_HEADER_NOTE)
    merged = {str(r) for r in ws.merged_cells.ranges}
    top = note_row
    assert f"A{top}:C{top + 2}" in merged  # the header note: 3 columns × 3 rows
    assert f"D{top}:J{top}" in merged  # 申请人情况
    assert f"E{top + 1}:I{top + 1}" in merged  # 法人或其他组织
    assert f"D{top + 1}:D{top + 2}" in merged and f"J{top + 1}:J{top + 2}" in merged
    assert f"A{top + 5}:A{top + 26}" in merged  # 三、本年度办理结果
    for i, row in enumerate(layout.TABLE2_ROWS):
        r = top + 3 + i
        cells = [ws.cell(row=r, column=4 + c).value for c in range(7)]
        assert cells == figures["table2"][row.key]
        assert all(type(v) is int for v in cells)
    ws1 = wb[SHEET_TITLES["table1"]]
    r, c = _find(ws1, "行政事业性收费")
    fee = ws1.cell(row=r, column=c + 1).value
    assert fee == 12.5 and isinstance(fee, float)
    r, c = _find(ws1, "规章")
    assert [ws1.cell(row=r, column=c + i).value for i in (1, 2, 3)] == [1, 0, 6]
    ws3 = wb[SHEET_TITLES["table3"]]
    r, c = _find(ws3, "行政复议")
    assert [ws3.cell(row=r + 3, column=1 + i).value for i in range(15)] == figures["table3"]


def test_xlsx_text_sheet_has_the_parts_and_the_facts():
    ws = _xlsx(make_doc(draft=True))["正文"]
    rows = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row[0]}
    assert rows["机关"] == "蓝湾县教育局" and rows["年度"] == 2026 and rows["状态"] == "草稿"
    assert rows["一、总体情况"] == SECTIONS["overview"]
    assert rows["六、其他需要报告的事项"] == "本年度未收取信息处理费。"


# --- PDF -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_text():
    doc = make_doc(draft=True, previous=balanced(shift=1, year=2025))
    reader = PdfReader(io.BytesIO(render_pdf(doc)))
    return squash("".join(page.extract_text() for page in reader.pages)), len(reader.pages)


def test_pdf_contains_every_official_label_and_the_numbers_by_row(pdf_text):
    text, pages = pdf_text
    missing = [label for label in every_label() if squash(label) not in text]
    assert not missing
    assert "蓝湾县教育局2026年政府信息公开工作年度报告" in text
    figures = balanced()
    for row in layout.TABLE2_ROWS:
        numbers = "".join(str(v) for v in figures["table2"][row.key])
        assert squash(row.label) + numbers in text, row.label
    assert "".join(str(v) for v in figures["table3"]) in text
    assert "草稿" in text
    assert 2 <= pages <= 6


def test_pdf_fits_table2_on_a4(tmp_path):
    """Table 2 (three label columns and seven numbers) stays inside the page margins."""
    from weasyprint import HTML

    from gongkai.reports.rendering.pdf import report_page_html

    document = HTML(string=report_page_html(make_doc())).render(presentational_hints=True)
    page = document.pages[0]._page_box
    left, right = page.margin_left, page.margin_left + page.width  # width: inside the margins
    tables = []

    def walk(box):
        if type(box).__name__ == "TableBox":
            tables.append(box)
        for child in getattr(box, "children", []):
            walk(child)

    for page_ in document.pages:
        walk(page_._page_box)
    assert len(tables) == 3
    for table in tables:
        assert table.position_x >= left - 1 and table.position_x + table.width <= right + 1
    # Table 2 takes the whole text width: its seven number columns are not squeezed.
    assert tables[1].width >= 0.98 * (right - left)


# --- HTML ----------------------------------------------------------------------------------


def test_html_fragments_survive_the_catalog_sanitiser_unchanged():
    doc = make_doc(
        draft=True, version=2, correction_reason="数字<有误>", previous=balanced(shift=1)
    )
    for html in (render_tables_html(doc), render_report_html(doc)):
        assert sanitize(html) == html


def test_html_has_every_label_the_spans_and_escapes_text():
    doc = make_doc(agency="蓝湾县<script>alert(1)</script>局")
    html = render_report_html(doc)
    assert "<script>" not in html and "&lt;script&gt;" in html
    text = to_text(html)
    missing = [label for label in every_label() if label not in text]
    assert not missing
    assert f'<th colspan="3" rowspan="3" scope="colgroup">{layout.TABLE2_HEADER_NOTE}</th>' in html
    assert '<th colspan="7" scope="colgroup">申请人情况</th>' in html
    assert '<th rowspan="22" scope="row" align="left">三、本年度办理结果</th>' in html
    assert '<th colspan="5" rowspan="2" scope="colgroup">行政复议</th>' in html
    tables = render_tables_html(doc)
    assert tables.count("<table>") == 3 and "<h2>" not in tables


def test_html_report_orders_the_six_parts_with_tables_in_parts_two_to_four():
    html = render_report_html(make_doc())
    positions = [html.index(heading) for _key, heading in layout.SECTIONS]
    assert positions == sorted(positions)
    tables = [m.start() for m in re.finditer("<table>", html)]
    assert positions[1] < tables[0] < positions[2] < tables[1] < positions[3] < tables[2]
    assert tables[2] < positions[4]
    assert "<p>本年度未收取信息处理费。</p>" in html


# --- year over year ------------------------------------------------------------------------


def test_no_comparison_without_last_year():
    doc = make_doc()
    assert "与上年" not in render_report_html(doc)
    assert len(_docx(doc).tables) == 3
    assert all(ws.max_column <= 15 for ws in _xlsx(doc).worksheets)
    assert "增减" not in {
        c.value for ws in _xlsx(doc).worksheets for row in ws.iter_rows() for c in row
    }


def test_comparison_beside_every_table_in_all_four_formats(pdf_text):
    now, then = balanced(), balanced(shift=1, year=2025, fee=1.0)
    doc = make_doc(figures=now, previous=then)
    plain = make_doc(figures=now)
    # HTML: each official table unchanged, followed by its comparison.
    html = render_tables_html(doc)
    official = render_tables_html(plain)
    assert html.count("<table>") == 6
    for part in official.split("</table>")[:-1]:
        assert part + "</table>" in html
    assert "主动公开政府信息情况：与上年（2025年）对比" in html
    # Every cell of Table 1 (10) and Table 3 (15), every row of Table 2 (25): 本年 · 上年 · 增减.
    assert html.count("<tr>") - official.count("<tr>") == 3 * 1 + 10 + 25 + 15
    one_now, one_then = now["table2"]["一"][6], then["table2"]["一"][6]
    row = (
        f'<th scope="row" align="left">一、本年新收政府信息公开申请数量</th>'
        f'<td align="center">{one_now}</td><td align="center">{one_then}</td>'
        f'<td align="center">{one_now - one_then:+d}</td>'
    )
    assert row in html
    assert (
        '<td align="center">1.25</td><td align="center">1</td><td align="center">+0.25</td>' in html
    )
    assert "（三）不予公开 3.危及“三安全一稳定”" in html
    # DOCX: six tables; the comparisons have 本年 · 上年 · 增减.
    tables = _docx(doc).tables
    assert len(tables) == 6
    assert [c.text for c in tables[3].rows[0].cells] == ["项目", "本年", "上年", "增减"]
    assert (
        len(tables[3].rows) == 26 and tables[3].rows[1].cells[3].text == f"{one_now - one_then:+d}"
    )
    assert [c.text for c in tables[2].rows[3].cells][3:] == [str(v) for v in now["table2"]["一"]]
    # XLSX: below the official table on the same sheet, numbers as numbers.
    ws = _xlsx(doc)[SHEET_TITLES["table2"]]
    r, c = _find(ws, "收到和处理政府信息公开申请情况：与上年（2025年）对比")
    last_official = _find(ws, "四、结转下年度继续办理")[0]
    assert r > last_official + 1 and c == 1
    assert [ws.cell(row=r + 1, column=i).value for i in (1, 4, 5, 6)] == [
        "项目",
        "本年",
        "上年",
        "增减",
    ]
    values = [ws.cell(row=r + 2, column=i).value for i in (4, 5, 6)]
    assert values == [one_now, one_then, one_now - one_then]
    ws1 = _xlsx(doc)[SHEET_TITLES["table1"]]
    r, _c = _find(ws1, "行政事业性收费 · 本年收费金额（单位：万元）")
    assert [ws1.cell(row=r, column=i).value for i in (3, 4, 5)] == [1.25, 1.0, 0.25]
    # PDF: the comparison text is there.
    text, _pages = pdf_text  # the same figures and last year's
    assert (
        squash(f"一、本年新收政府信息公开申请数量 {one_now} {one_then} {one_now - one_then:+d}")
        in text
    )
