"""The staff screens: drafting with departments and files, the table typed in (bad amounts
kept as typed, next to their cell) or uploaded, posting, the item page recording the read,
the read list, questions, department memberships and the year of spending."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.internal.models import InternalItem, InternalKind, InternalStatus, ReadReceipt
from gongkai.internal.services import (
    internal_item_attach,
    internal_item_create,
    internal_item_post,
    question_ask,
)

from .conftest import finance_item, spending_item, text_item

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"internal_staff:{name}", args=args)


def test_the_list_shows_what_the_person_may_read_with_the_unread_mark(client, w):
    finance_item(w, title="五月收支")
    text_item(w, departments=[w.d_budget], title="预算科考核结果")
    client.force_login(w.a_leader)
    response = client.get(url("list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "五月收支" in body and "预算科考核结果" not in body
    assert "未阅" in body
    client.force_login(w.b_officer)
    assert "五月收支" not in client.get(url("list")).content.decode()


def test_the_list_is_refused_to_someone_who_works_for_no_agency(client, w):
    client.force_login(w.sysadmin)
    assert client.get(url("list")).status_code == 403


def test_drafting_an_item_for_one_department_with_a_file(client, w):
    client.force_login(w.a_officer)
    response = client.post(
        url("create") + f"?agency={w.a.credit_code}",
        {
            "agency": w.a.credit_code,
            "kind": InternalKind.EVALUATION,
            "year": "2025",
            "month": "",
            "title": "",
            "body_html": "优秀3人，称职15人。",
            "departments": [w.d_office.pk],
            "attachments": [
                SimpleUploadedFile("结果.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
            ],
        },
    )
    item = InternalItem.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", item.pk)
    assert item.title == "2025年年度考核结果" and item.body_html == "<p>优秀3人，称职15人。</p>"
    assert list(item.departments.all()) == [w.d_office]
    assert item.attachments.get().name == "结果.pdf"


def test_a_refused_file_keeps_what_was_typed_and_saves_nothing(client, w):
    client.force_login(w.a_officer)
    response = client.post(
        url("create"),
        {
            "agency": w.a.credit_code,
            "kind": InternalKind.DECISION,
            "year": "2026",
            "month": "3",
            "title": "第三次局长办公会议决定",
            "body_html": "会议决定事项。",
            "attachments": [SimpleUploadedFile("纪要.pdf", b"MZ this is a program")],
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "第三次局长办公会议决定" in body and "纪要.pdf" in body
    assert not InternalItem.objects.exists()


def test_the_form_is_refused_to_staff_who_do_not_post(client, w):
    client.force_login(w.a_leader)
    assert client.get(url("create")).status_code == 403
    client.force_login(w.b_officer)
    assert client.get(url("create") + f"?agency={w.a.credit_code}").status_code == 403


def test_typing_the_table_keeps_a_bad_amount_next_to_its_cell(client, w):
    item = internal_item_create(
        actor=w.a_officer, agency=w.a, kind=InternalKind.FINANCE, year=2026, month=5
    )
    client.force_login(w.a_officer)
    page = client.get(url("table", item.pk))
    assert page.status_code == 200 and "一、收入合计" in page.content.decode()
    data = {
        "rows-TOTAL_FORMS": "3",
        "rows-INITIAL_FORMS": "0",
        "rows-0-label": "一、收入合计",
        "rows-0-this_month": "25万",
        "rows-0-year_to_date": "1,200,000",
        "rows-1-label": "二、支出合计",
        "rows-1-this_month": "二十万",
        "rows-2-label": "",
    }
    response = client.post(url("table", item.pk), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "二十万" in body and "请填写以元为单位的金额" in body
    assert not item.rows.exists()
    data["rows-1-this_month"] = "200000"
    response = client.post(url("table", item.pk), data)
    assert response.status_code == 302
    assert list(item.rows.values_list("label", "this_month")) == [
        ("一、收入合计", Decimal("250000.00")),
        ("二、支出合计", Decimal("200000.00")),
    ]


def test_the_spending_table_has_one_row_per_spending_line(client, w):
    item = internal_item_create(
        actor=w.a_officer, agency=w.a, kind=InternalKind.SPENDING, year=2026, month=5
    )
    client.force_login(w.a_officer)
    body = client.get(url("table", item.pk)).content.decode()
    assert "公务接待费" in body and "因公出国（境）费" in body and "培训费" in body
    data = {"rows-TOTAL_FORMS": "7", "rows-INITIAL_FORMS": "7"}
    codes = ["reception", "vehicle_purchase", "vehicle_running", "overseas", "travel"]
    codes += ["meeting", "training"]
    for i, code in enumerate(codes):
        data[f"rows-{i}-category"] = code
        data[f"rows-{i}-this_month"] = str(100 * (i + 1)) if i != 3 else ""
    response = client.post(url("table", item.pk), data)
    assert response.status_code == 302
    assert item.rows.count() == 6 and not item.rows.filter(category="overseas").exists()


def test_uploading_a_bad_workbook_lists_the_lines(client, w):
    item = finance_item(w, post=False)
    book = openpyxl.Workbook()
    book.active.append(["科目/项目", "本月"])
    book.active.append(["一、收入合计", "很多"])
    out = BytesIO()
    book.save(out)
    client.force_login(w.a_officer)
    response = client.post(
        url("table_upload", item.pk),
        {"workbook": SimpleUploadedFile("表.xlsx", out.getvalue())},
    )
    assert response.status_code == 400
    assert "第2行“本月”列：“很多”不是以元为单位的金额。" in response.content.decode()


def test_the_blank_workbook_downloads(client, w):
    client.force_login(w.a_officer)
    response = client.get(url("table_template", "spending"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    assert sheet["A2"].value == "公务接待费"


def test_posting_from_the_page_and_reading_it(client, w):
    item = finance_item(w, post=False)
    client.force_login(w.a_officer)
    response = client.post(url("action", item.pk, "post"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == InternalStatus.POSTED
    client.force_login(w.a_reviewer)
    page = client.get(url("detail", item.pk))
    body = page.content.decode()
    assert page.status_code == 200 and "一、收入合计" in body and "250,000.00" in body
    assert ReadReceipt.objects.filter(item=item, user=w.a_reviewer).exists()
    assert 'id="read-list-link"' not in body  # the read list is not for the reviewer


def test_posting_twice_for_a_month_explains_why_not(client, w):
    finance_item(w, month=5)
    second = finance_item(w, month=5, post=False)
    client.force_login(w.a_officer)
    response = client.post(url("action", second.pk, "post"))
    assert response.status_code == 400 and "已经发布" in response.content.decode()


def test_the_read_list_for_the_admin_and_the_poster_only(client, w):
    item = finance_item(w)
    client.force_login(w.a_leader)
    client.get(url("detail", item.pk))
    assert client.get(url("reads", item.pk)).status_code == 403
    for user in (w.a_admin, w.a_officer):
        client.force_login(user)
        response = client.get(url("reads", item.pk))
        body = response.content.decode()
        assert response.status_code == 200
        read_part, unread_part = body.split('id="not-read"')
        assert "财政领导" in read_part and "财政审核员" in unread_part


def test_asking_and_answering_on_the_page(client, w):
    item = finance_item(w)
    client.force_login(w.a_handler)
    response = client.post(url("ask", item.pk), {"text": "项目支出为何偏慢？"})
    assert response.status_code == 302
    question = item.questions.get()
    client.force_login(w.a_handler)
    assert (
        client.post(
            url("answer", item.pk, question.pk), {f"q{question.pk}-answer": "x"}
        ).status_code
        == 403
    )
    client.force_login(w.a_officer)
    response = client.post(
        url("answer", item.pk, question.pk), {f"q{question.pk}-answer": "在验收。"}
    )
    assert response.status_code == 302
    client.force_login(w.a_reviewer)
    body = client.get(url("detail", item.pk)).content.decode()
    assert "项目支出为何偏慢？" in body and "在验收。" in body


def test_withdrawing_needs_a_reason_on_the_page(client, w):
    item = finance_item(w)
    client.force_login(w.a_officer)
    response = client.post(url("action", item.pk, "withdraw"), {"reason": ""})
    assert response.status_code == 400
    response = client.post(url("action", item.pk, "withdraw"), {"reason": "数字有误"})
    assert response.status_code == 302
    client.force_login(w.a_leader)
    assert client.get(url("detail", item.pk)).status_code == 404


def test_files_download_only_for_readers(client, w):
    item = text_item(w, post=False, departments=[w.d_office])
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
    attachment = internal_item_attach(actor=w.a_officer, item=item, content=pdf, name="名单.pdf")
    item = internal_item_post(actor=w.a_officer, item=item)
    client.force_login(w.a_leader)
    response = client.get(url("attachment", item.pk, attachment.pk))
    assert response.status_code == 200 and response.content == pdf
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(w.a_handler)
    assert client.get(url("attachment", item.pk, attachment.pk)).status_code == 404


def test_the_admin_keeps_the_departments(client, w):
    client.force_login(w.a_admin)
    page = client.get(url("departments", w.a.credit_code))
    assert page.status_code == 200 and "财政领导" in page.content.decode()
    response = client.post(
        url("departments", w.a.credit_code),
        {"department": w.d_office.pk, "user": w.a_reviewer.pk},
    )
    assert response.status_code == 302
    assert w.a_reviewer.department_memberships.filter(department=w.d_office).exists()
    response = client.post(
        url("departments", w.a.credit_code),
        {"department": w.d_office.pk, "user": w.b_officer.pk},
    )
    assert response.status_code == 400  # not a choice: not staff of the agency
    membership = w.a_reviewer.department_memberships.get()
    response = client.post(url("membership_remove", w.a.credit_code, membership.pk))
    assert response.status_code == 302 and not w.a_reviewer.department_memberships.exists()
    client.force_login(w.a_officer)
    assert client.get(url("departments", w.a.credit_code)).status_code == 403
    client.force_login(w.b_admin)
    assert client.get(url("departments", w.a.credit_code)).status_code == 403


def test_the_year_of_spending_from_the_reports_the_reader_may_see(client, w):
    spending_item(w, 1, {"reception": "2600", "travel": "9000"})
    spending_item(w, 2, {"vehicle_running": "3000", "travel": "7000"})
    spending_item(w, 3, {"reception": "99999"}, departments=[w.d_office])
    client.force_login(w.a_handler)  # not in 办公室: March is not for him
    response = client.get(url("spending_year", w.a.credit_code, 2026))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="three-public">5,600.00<' in body  # 2,600 + 3,000
    assert 'id="spending-total">21,600.00<' in body
    assert "99,999" not in body and "<svg" in body
    client.force_login(w.a_leader)  # in 办公室
    body = client.get(url("spending_year", w.a.credit_code, 2026)).content.decode()
    assert 'id="three-public">105,599.00<' in body
    client.force_login(w.b_admin)
    assert client.get(url("spending_year", w.a.credit_code, 2026)).status_code == 404


def test_a_spending_report_shows_its_subtotal_and_the_year_chart(client, w):
    item = spending_item(w, 4, {"reception": "1000", "vehicle_running": "500", "travel": "800"})
    question_ask(actor=w.a_leader, item=item, text="接待了哪些单位？")
    client.force_login(w.a_leader)
    body = client.get(url("detail", item.pk)).content.decode()
    assert "“三公”经费小计" in body and "1,500.00" in body
    assert 'id="spending-year-table"' in body and "<svg" in body
    assert "接待了哪些单位？" in body


def test_editing_a_draft_changes_its_departments_and_keeps_the_rest(client, w):
    item = text_item(w, post=False, title="年度考核结果")
    client.force_login(w.a_officer)
    page = client.get(url("edit", item.pk))
    assert page.status_code == 200 and "年度考核结果" in page.content.decode()
    response = client.post(
        url("edit", item.pk),
        {
            "kind": InternalKind.EVALUATION,
            "year": "2025",
            "month": "",
            "title": "年度考核结果",
            "body_html": "<p>优秀2人。</p>",
            "departments": [w.d_budget.pk],
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.kind, item.year, item.month) == (InternalKind.EVALUATION, 2025, None)
    assert list(item.departments.all()) == [w.d_budget]
    client.force_login(w.a_leader)
    assert client.get(url("edit", item.pk)).status_code == 404
    posted = internal_item_post(actor=w.a_officer, item=item)
    client.force_login(w.a_officer)
    assert client.get(url("edit", posted.pk)).status_code == 403
