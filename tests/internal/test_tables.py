"""Amounts as people write them, the XLSX workbook read into rows with line-numbered errors,
and the import that changes nothing when the file has a problem."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from gongkai.internal.models import InternalAttachment, InternalKind
from gongkai.internal.services import internal_item_create, internal_item_import_table
from gongkai.internal.tables import (
    BadAmount,
    parse_amount,
    read_workbook,
    template_workbook,
)

from .conftest import finance_item


def workbook(*rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12,345.6", Decimal("12345.60")),
        ("1.2万", Decimal("12000.00")),
        ("-300元", Decimal("-300.00")),
        ("（300）", Decimal("-300.00")),
        (" 88 ", Decimal("88.00")),
        (1234.005, Decimal("1234.01")),
        (7, Decimal("7.00")),
        ("—", None),
        ("", None),
        (None, None),
    ],
)
def test_amounts_are_read_as_people_write_them(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["十二万", "12.3.4", "1e400", True, "9999999999999"])
def test_other_text_is_not_an_amount(text):
    with pytest.raises(BadAmount):
        parse_amount(text)


def test_a_statement_workbook_with_a_title_line_and_units_in_the_header():
    content = workbook(
        ("测试县财政局2026年5月收支情况",),
        ("科目/项目", "本月（元）", "本年累计（元）", "预算（元）", "备注"),
        ("一、收入合计", 250000, "1,200,000.00", 3000000, None),
        (None, None, None, None, None),
        ("财政拨款收入", "25万", 1200000, None, "按进度拨付"),
    )
    result = read_workbook(content, InternalKind.FINANCE)
    assert result.errors == []
    assert [(r.label, r.this_month, r.year_to_date, r.budget, r.note) for r in result.rows] == [
        ("一、收入合计", Decimal("250000.00"), Decimal("1200000.00"), Decimal("3000000.00"), ""),
        ("财政拨款收入", Decimal("250000.00"), Decimal("1200000.00"), None, "按进度拨付"),
    ]


def test_bad_cells_are_named_by_their_spreadsheet_line_and_column():
    content = workbook(
        ("科目", "本月", "本年累计"),
        ("一、收入合计", "十二万", 100),
        (None, 5, None),
        ("二、支出合计", 1, "abc"),
    )
    result = read_workbook(content, InternalKind.FINANCE)
    assert result.errors == [
        "第2行“本月”列：“十二万”不是以元为单位的金额。",
        "第3行：“科目/项目”列为空。",
        "第4行“本年累计”列：“abc”不是以元为单位的金额。",
    ]
    assert result.rows == []


def test_a_workbook_without_a_header_row_is_explained():
    result = read_workbook(workbook(("甲", "乙"), (1, 2)), InternalKind.FINANCE)
    assert len(result.errors) == 1 and "找不到表头" in result.errors[0]
    assert read_workbook(b"not a workbook", InternalKind.FINANCE).errors


def test_a_spending_workbook_must_use_the_spending_lines_once():
    content = workbook(
        ("项目", "本月", "预算"),
        ("公务接待费", 2600, 36000),
        ("办公费", 100, None),
        ("接待费", 10, None),
    )
    result = read_workbook(content, InternalKind.SPENDING)
    assert result.errors[0].startswith("第3行：“办公费”不是“三公”经费表的科目")
    assert result.errors[1] == "第4行：“接待费”已在第2行出现。"


def test_the_blank_workbooks_read_back_as_their_lines():
    finance = read_workbook(template_workbook(InternalKind.FINANCE), InternalKind.FINANCE)
    assert finance.errors == [] and finance.rows[0].label == "一、收入合计"
    spending = read_workbook(template_workbook(InternalKind.SPENDING), InternalKind.SPENDING)
    assert spending.errors == []
    assert [r.category for r in spending.rows][:4] == [
        "reception",
        "vehicle_purchase",
        "vehicle_running",
        "overseas",
    ]


@pytest.mark.django_db
def test_importing_a_bad_workbook_changes_nothing(w):
    item = finance_item(w, post=False)
    before = list(item.rows.values_list("label", "this_month"))
    bad = workbook(("科目", "本月"), ("一、收入合计", "很多"))
    with pytest.raises(ValidationError) as exc:
        internal_item_import_table(actor=w.a_officer, item=item, content=bad, name="收支.xlsx")
    assert exc.value.messages == ["第2行“本月”列：“很多”不是以元为单位的金额。"]
    assert list(item.rows.values_list("label", "this_month")) == before
    assert not InternalAttachment.objects.exists()


@pytest.mark.django_db
def test_importing_a_good_workbook_replaces_the_table_and_keeps_the_file(w):
    item = internal_item_create(
        actor=w.a_officer, agency=w.a, kind=InternalKind.SPENDING, year=2026, month=5
    )
    good = workbook(("科目/项目", "本月", "本年累计"), ("差旅费", 9000, 45000), ("会议费", 0, 2000))
    rows = internal_item_import_table(
        actor=w.a_officer, item=item, content=good, name="三公经费5月.xlsx"
    )
    assert [(r.category, r.this_month) for r in rows] == [
        ("travel", Decimal("9000.00")),
        ("meeting", Decimal("0.00")),
    ]
    assert list(item.attachments.values_list("name", "kind")) == [("三公经费5月.xlsx", "xlsx")]
    # the same file again: the table is read again, the file kept once
    internal_item_import_table(actor=w.a_officer, item=item, content=good, name="again.xlsx")
    assert item.attachments.count() == 1


@pytest.mark.django_db
def test_a_file_that_is_not_a_workbook_is_refused(w):
    item = finance_item(w, post=False)
    with pytest.raises(ValidationError):
        internal_item_import_table(
            actor=w.a_officer, item=item, content=b"%PDF-1.4\n%%EOF\n", name="表.xlsx"
        )
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
    with pytest.raises(ValidationError, match="XLSX"):
        internal_item_import_table(actor=w.a_officer, item=item, content=pdf, name="表.pdf")
