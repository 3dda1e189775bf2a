"""The life of a report: draft, text, submit into the catalog's review, published and frozen,
corrected by a new version; imported reports for the comparison with last year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.catalog.models import ItemStatus
from gongkai.catalog.standard_template import ANNUAL_REPORTS
from gongkai.reports.models import AnnualReport, ReportStatus, Source
from gongkai.reports.services import (
    report_correct,
    report_draft,
    report_edit_text,
    report_import,
    report_submit,
    report_sync,
    reports_sync_all,
)
from tests.factories import staff
from tests.reports.conftest import D, case

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 1, 20, 10, 0))


@pytest.fixture
def people(county):
    county.admin_a = staff(Role.AGENCY_ADMIN, county.a)
    county.reviewer_a = staff(Role.REVIEWER, county.a)
    return county


def _draft(people, year=2025):
    with transaction.atomic():
        return report_draft(actor=people.admin_a, agency=people.a, year=year, today=D("2026-01-10"))


def _publish(people, report, now=NOW):
    from gongkai.catalog.services.items import item_approve

    with transaction.atomic():
        report = report_submit(actor=people.admin_a, report=report, now=now)
    # “1.属于国家秘密” is a label of the official format: allowed, with that reason
    from gongkai.catalog.services.items import open_findings

    assert not open_findings(report.item).exists()
    with transaction.atomic():
        item_approve(actor=people.reviewer_a, item=report.item, now=now)
    return report_sync(report)


def test_a_draft_is_computed_and_its_text_drafted_from_the_figures(people):
    case(people.a, "2025-03-02", closed="2025-03-20", outcome="granted")
    case(people.a, "2025-11-02")
    report = _draft(people)
    assert report.status == ReportStatus.DRAFT and report.source == Source.COMPUTED
    assert report.figures["table2"]["一"][6] == 2
    assert report.figures["table2"]["四"][6] == 1
    assert "新收政府信息公开申请2件" in report.sections["requests"]
    assert "本年度未收取信息处理费" in report.sections["other"]
    assert set(report.sections) == {
        "overview",
        "proactive",
        "requests",
        "remedies",
        "problems",
        "other",
    }


def test_only_the_agencys_preparers_may_draft(people):
    with pytest.raises(PermissionDenied), transaction.atomic():
        report_draft(actor=people.handler_a, agency=people.a, year=2025)
    with pytest.raises(PermissionDenied), transaction.atomic():
        report_draft(actor=staff(Role.AGENCY_ADMIN, people.b), agency=people.a, year=2025)
    with transaction.atomic():  # the county's 公开办 may prepare a bureau's report too
        assert report_draft(actor=people.office, agency=people.a, year=2025, today=D("2026-01-05"))


def test_edited_text_is_kept_when_figures_change_and_an_emptied_part_is_drafted_again(people):
    report = _draft(people)
    with transaction.atomic():
        report = report_edit_text(
            actor=people.admin_a,
            report=report,
            sections={"problems": "本机关自定的问题与改进。", "requests": ""},
        )
    case(people.a, "2025-06-01", closed="2025-06-10", outcome="granted")
    report = _draft(people)  # brings the open draft up to date
    assert report.sections["problems"] == "本机关自定的问题与改进。"
    assert "新收政府信息公开申请1件" in report.sections["requests"]
    assert report.edited_sections == ["problems"]


def test_the_figures_are_not_text_and_cannot_be_edited(people):
    report = _draft(people)
    with pytest.raises(ValidationError), transaction.atomic():
        report_edit_text(actor=people.admin_a, report=report, sections={"table2": "999"})


def test_submitting_puts_the_report_through_the_catalogs_review(people):
    case(people.a, "2025-03-02", closed="2025-03-20", outcome="granted")
    report = _draft(people)
    with transaction.atomic():
        report = report_submit(actor=people.admin_a, report=report, now=NOW)
    item = report.item
    assert report.status == ReportStatus.SUBMITTED and report.frozen_at == NOW
    assert item.status == ItemStatus.SUBMITTED
    assert item.category.code == ANNUAL_REPORTS
    assert item.title == f"{people.a.name}2025年政府信息公开工作年度报告"
    assert "一、本年新收政府信息公开申请数量" in item.body_html
    assert sorted(a.kind for a in item.attachments.all()) == ["docx", "pdf", "xlsx"]
    # not published until a reviewer publishes it
    assert report_sync(report).status == ReportStatus.SUBMITTED


def test_the_year_must_be_over_to_submit(people):
    with transaction.atomic():
        report = report_draft(
            actor=people.admin_a, agency=people.a, year=2026, today=D("2026-06-01")
        )
    with pytest.raises(ValidationError) as info, transaction.atomic():
        report_submit(actor=people.admin_a, report=report, now=NOW.replace(month=6))
    assert info.value.code == "year_open"


def test_published_report_is_frozen_against_later_case_edits(people):
    from gongkai.applications.models import Application

    kept = case(people.a, "2025-03-02", closed="2025-03-20", outcome="granted")
    report = _publish(people, _draft(people))
    assert report.status == ReportStatus.PUBLISHED and report.published_on == D("2026-01-20")
    frozen = report.figures
    # later: a case is edited and another one is registered for 2025
    Application.objects.filter(pk=kept.pk).update(outcome="partial")
    case(people.a, "2025-07-01")
    report.refresh_from_db()
    assert report.figures == frozen
    assert report.figures["table2"]["三.一"][6] == 1
    with pytest.raises(ValidationError), transaction.atomic():
        report_edit_text(actor=people.admin_a, report=report, sections={"problems": "改"})
    with pytest.raises(ValidationError), transaction.atomic():
        report_draft(actor=people.admin_a, agency=people.a, year=2025, today=D("2026-02-01"))


def test_a_correction_is_a_new_version_with_its_reason(people):
    from gongkai.applications.models import Application

    kept = case(people.a, "2025-03-02", closed="2025-03-20", outcome="granted")
    first = _publish(people, _draft(people))
    Application.objects.filter(pk=kept.pk).update(outcome="partial")
    with pytest.raises(ValidationError), transaction.atomic():
        report_correct(actor=people.admin_a, report=first, reason="  ")
    with transaction.atomic():
        second = report_correct(
            actor=people.admin_a, report=first, reason="一件申请的办理结果登记有误，予以更正。"
        )
    assert second.version == 2 and second.status == ReportStatus.DRAFT
    assert second.figures["table2"]["三.二"][6] == 1
    second = _publish(people, second, now=NOW.replace(month=2))
    first.refresh_from_db()
    assert first.status == ReportStatus.SUPERSEDED and first.figures["table2"]["三.一"][6] == 1
    assert second.status == ReportStatus.PUBLISHED
    assert second.item.title.endswith("（更正）")
    assert "一件申请的办理结果登记有误" in second.item.summary


def test_returned_by_the_reviewer_goes_back_to_draft(people):
    from gongkai.catalog.services.items import item_return

    report = _draft(people)
    with transaction.atomic():
        report = report_submit(actor=people.admin_a, report=report, now=NOW)
    with transaction.atomic():
        item_return(actor=people.reviewer_a, item=report.item, comment="第五部分请具体些。")
    report.refresh_from_db()  # followed the item in the same transaction
    assert reports_sync_all().startswith("0")
    assert report.status == ReportStatus.DRAFT and report.frozen_at is None
    with transaction.atomic():
        report_edit_text(actor=people.admin_a, report=report, sections={"problems": "具体的问题。"})
    with transaction.atomic():
        report = report_submit(actor=people.admin_a, report=report, now=NOW)
    assert report.item.status == ItemStatus.SUBMITTED
    assert "具体的问题。" in report.item.body_html


def test_last_years_report_is_shown_beside_and_row_two_reconciled(people):
    from gongkai.applications.models import Application

    december = case(people.a, "2025-12-22", closed="2026-01-08", outcome="granted")
    _publish(people, _draft(people))
    # the carried-over case is later moved into 2026 by mistake
    Application.objects.filter(pk=december.pk).update(received_on=D("2026-01-05"))
    with transaction.atomic():
        report = report_draft(
            actor=people.admin_a, agency=people.a, year=2026, today=D("2026-06-01")
        )
    assert report.previous["table2"]["四"][6] == 1
    from gongkai.reports.services.reports import problems_of

    problems = problems_of(report)
    assert len(problems) == 1 and problems[0].cases == [december.number]
    assert "上年结转" in problems[0].message


def test_submitting_with_problems_needs_acknowledgement(people):
    case(people.a, "2025-01-06", closed="2024-12-19", outcome="granted")  # replied before receipt
    report = _draft(people)
    with pytest.raises(ValidationError) as info, transaction.atomic():
        report_submit(actor=people.admin_a, report=report, now=NOW)
    assert info.value.code == "problems"
    with transaction.atomic():
        report = report_submit(
            actor=people.admin_a, report=report, now=NOW, acknowledge_problems=True
        )
    assert report.status == ReportStatus.SUBMITTED


def _figures(received=5, closed=4):
    from gongkai.reports import layout

    t2 = {key: [0] * 7 for key in layout.TABLE2_ROW_KEYS}
    t2["一"] = [received, 0, 0, 0, 0, 0, received]
    t2["三.一"] = [closed, 0, 0, 0, 0, 0, closed]
    t2["三.七"] = [closed, 0, 0, 0, 0, 0, closed]
    t2["四"] = [received - closed, 0, 0, 0, 0, 0, received - closed]
    return {
        "agency": "旧名",
        "year": 2024,
        "table1": {
            "规章": [0, 0, 1],
            "行政规范性文件": [2, 0, 9],
            "行政许可": 3,
            "行政处罚": 1,
            "行政强制": 0,
            "行政事业性收费_万元": 0.5,
        },
        "table2": t2,
        "table3": [0] * 15,
    }


def test_an_imported_report_of_last_year_is_the_comparison(people):
    with transaction.atomic():
        imported = report_import(
            actor=people.admin_a,
            agency=people.a,
            year=2024,
            figures=_figures(),
            filename="2024年报告.xlsx",
            published_on=D("2025-01-28"),
        )
    assert imported.source == Source.IMPORTED and imported.status == ReportStatus.PUBLISHED
    assert imported.figures["agency"] == people.a.name
    report = _draft(people)
    assert report.previous["table2"]["一"][6] == 5


def test_an_imported_report_that_does_not_add_up_is_refused(people):
    broken = _figures()
    broken["table2"]["四"] = [0] * 7
    with pytest.raises(ValidationError), transaction.atomic():
        report_import(
            actor=people.admin_a, agency=people.a, year=2024, figures=broken, filename="坏.json"
        )
    assert not AnnualReport.objects.exists()


def test_a_sensitive_word_in_the_agencys_own_text_still_stops_the_report(people):
    from gongkai.catalog.services.items import item_approve, open_findings

    report = _draft(people)
    with transaction.atomic():
        report = report_edit_text(
            actor=people.admin_a, report=report, sections={"other": "附件为内部资料，不得外传。"}
        )
        report = report_submit(actor=people.admin_a, report=report, now=NOW)
    pending = {f.masked for f in open_findings(report.item)}
    assert {"内部资料", "不得外传"} <= pending and "秘密" not in pending
    allowed = report.item.findings.filter(masked="秘密").first()
    assert "属于国家秘密" in allowed.reason
    with pytest.raises(ValidationError), transaction.atomic():
        item_approve(actor=people.reviewer_a, item=report.item, now=NOW)
