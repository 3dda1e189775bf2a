"""The report check page of the 公开办: a bureau's report uploaded, every violation and reading
problem listed with its table, row, column and numbers, a clean report said to be clean, an
audit event written; only supervisors see it; bad files refused with a Chinese message."""

from __future__ import annotations

import hashlib
import io
import json

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind
from gongkai.audit.models import Event
from gongkai.reports.document import ReportDocument
from gongkai.reports.rendering.docx import render_docx
from gongkai.reports.rendering.xlsx import render_xlsx
from tests.factories import AgencyFactory, staff
from tests.reports.report_figures import balanced, set_cell

URL = reverse("reports_staff:check")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_file(figures: dict, render=render_docx, name: str = "年报.docx", **kwargs):
    doc = ReportDocument(agency=figures["agency"], year=figures["year"], figures=figures, **kwargs)
    return SimpleUploadedFile(name, render(doc), content_type=DOCX)


def broken_figures(agency: str) -> dict:
    figures = balanced(agency=agency)
    figures = set_cell(figures, "四", 0, figures["table2"]["四"][0] + 2)  # balance (2 columns)
    figures["table3"][14] += 1  # 复议后起诉 · 总计
    figures["table1"]["行政处罚"] = -3
    return figures


def post(client, agency, upload, year: int = 2026):
    return client.post(URL, {"agency": agency.pk, "year": year, "file": upload})


@pytest.fixture
def office(client, county):
    client.force_login(county.office)
    return county


def test_the_office_chooses_among_the_agencies_it_supervises(client, office):
    other = AgencyFactory(name="邻县教育局", kind=AgencyKind.DEPARTMENT)
    response = client.get(URL, {"agency": office.a.credit_code, "year": "2025"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "检查报告文件" in html
    choices = [a.pk for a in response.context["form"].fields["agency"].queryset]
    assert set(choices) == {office.government.pk, office.a.pk, office.b.pk}
    assert other.pk not in choices
    assert response.context["form"].initial == {"year": 2025, "agency": office.a.pk}


def test_every_violation_is_listed_with_table_row_column_and_numbers(client, office):
    figures = broken_figures(office.a.name)
    upload = report_file(figures)
    content = upload.read()
    upload.seek(0)
    response = post(client, office.a, upload)
    assert response.status_code == 200
    result = response.context["result"]
    assert len(result.violations) == 4
    html = response.content.decode()
    for v in result.violations:
        assert v.message in html
    one, two = figures["table2"]["一"][0], figures["table2"]["二"][0]
    results, four = figures["table2"]["三.七"][0], figures["table2"]["四"][0]
    assert (
        f"（自然人列）：{one} + {two} = {one + two}，{results} + {four} = {results + four}" in html
    )
    assert "表一 “行政处罚 · 本年处理决定数量”不是非负整数：“-3”。" in html
    assert "表三 “复议后起诉”：结果维持 + 结果纠正 + 其他结果 + 尚未审结" in html
    rows = response.context["violation_rows"]
    assert [(r["table"], r["column"]) for r in rows] == [
        ("表一", "本年处理决定数量"),
        ("表二", "自然人"),
        ("表二", "总计"),
        ("表三", "复议后起诉 · 总计"),
    ]
    assert rows[0]["row"] == "行政处罚" and rows[0]["numbers"] == "-3"
    assert rows[1]["numbers"] == f"{one} · {two} · {results} · {four}"
    assert "发现 4 处不符合规则。" in html
    # Audited: who, which agency and year, which file (its hash), how many violations.
    event = Event.objects.get(action="report.checked")
    assert event.actor == office.office and event.agency == office.a
    assert event.data == {
        "year": 2026,
        "file": "年报.docx",
        "sha256": hashlib.sha256(content).hexdigest(),
        "format": "docx",
        "violations": 4,
        "problems": 0,
    }


def test_a_clean_report_says_so(client, office):
    response = post(
        client, office.b, report_file(balanced(agency=office.b.name), render_xlsx, "r.xlsx")
    )
    html = response.content.decode()
    assert response.context["result"].ok
    assert "报告通过全部检查" in html and 'id="violations"' not in html
    assert "收到和处理政府信息公开申请情况" in html  # the figures as read are shown


def test_reading_problems_are_shown_and_another_year_is_one(client, office):
    data = balanced(agency=office.a.name, year=2025)
    data["table2"]["三.一"][0] = "三"
    upload = SimpleUploadedFile("r.json", json.dumps(data, ensure_ascii=False).encode())
    response = post(client, office.a, upload, year=2026)
    html = response.content.decode()
    problems = [p.message for p in response.context["result"].problems]
    assert problems == [
        "文件是2025年度的报告，不是2026年度的。",
        "表二“（一）予以公开”（自然人）不是数字：“三”。",
    ]
    for message in problems:
        assert message in html
    assert "读取问题" in html


def test_another_agency_name_in_the_file_is_a_reading_problem(client, office):
    response = post(client, office.b, report_file(balanced(agency=office.a.name)))
    assert response.context["result"].problems[0].message == (
        f"文件是“{office.a.name}”的报告，不是“{office.b.name}”的。"
    )


@pytest.mark.parametrize("role", [Role.HANDLER, Role.LEADER, Role.AGENCY_ADMIN])
def test_staff_who_do_not_supervise_are_refused(client, county, role):
    client.force_login(staff(role, county.a))
    assert client.get(URL).status_code == 403
    response = post(client, county.a, report_file(balanced()))
    assert response.status_code == 403
    assert not Event.objects.filter(action="report.checked").exists()


def test_an_agency_outside_the_office_is_not_found(client, county):
    elsewhere = AgencyFactory(name="邻县人民政府", kind=AgencyKind.GOVERNMENT)
    client.force_login(staff(Role.DISCLOSURE_OFFICE, elsewhere))
    response = post(client, county.a, report_file(balanced()))
    assert response.status_code == 404
    assert not Event.objects.filter(action="report.checked").exists()


def test_anonymous_users_go_to_the_login_page(client, county):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("年报.docx", b"%PDF-1.7\n%...", "文件“年报.docx”是 PDF 文件"),
        ("年报.pdf", b"%PDF-1.7\n%...", "文件“年报.pdf”是 PDF 文件"),
        ("年报.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "是旧版 Word 或 Excel 文件"),
        ("年报.txt", "一、总体情况".encode(), "不是可读取的报告文件"),
        ("年报.docx", b"", "空文件"),  # Django's own message
    ],
)
def test_bad_files_are_refused_with_a_chinese_message(client, office, name, content, message):
    response = post(client, office.a, SimpleUploadedFile(name, content))
    assert response.status_code == 200 and "result" not in response.context
    errors = response.context["form"].errors["file"]
    assert any(message in e for e in errors), errors
    assert message in response.content.decode()
    assert not Event.objects.filter(action="report.checked").exists()


def test_a_workbook_named_docx_is_refused(client, office):
    upload = report_file(balanced(), render_xlsx, "年报.docx")
    response = post(client, office.a, upload)
    assert response.context["form"].errors["file"] == [
        "文件“年报.docx”实际上不是“Word 文档（DOCX）”类型，其内容是“Excel 工作簿（XLSX）”。"
        "请将扩展名改为 .xlsx 后重新上传。"
    ]


def test_a_docx_without_report_tables_is_refused(client, office):
    document = docx.Document()
    document.add_paragraph("工作总结")
    out = io.BytesIO()
    document.save(out)
    response = post(client, office.a, SimpleUploadedFile("总结.docx", out.getvalue()))
    assert "没有找到年度报告的表格" in response.context["form"].errors["file"][0]
    assert not Event.objects.filter(action="report.checked").exists()


def test_the_size_limit(client, office, settings):
    settings.GONGKAI_REPORT_CHECK_MAX_MB = 0.01
    response = post(client, office.a, report_file(balanced()))
    assert "可检查的文件最大为 0.01 MB。" in response.context["form"].errors["file"][0]


def test_the_staff_workbench_links_the_check_for_supervisors_only(client, county):
    client.force_login(county.office)
    assert URL in client.get(reverse("portal:staff_home")).content.decode()
    client.force_login(county.leader_a)
    assert URL not in client.get(reverse("portal:staff_home")).content.decode()
