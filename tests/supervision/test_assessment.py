"""The assessment table (考核, issue 8 part 4): every agency below the 公开办 scored with the
configured indicators and weights, indicators that do not apply left out, the XLSX export
with numbers as numbers, and who may see and change it."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from gongkai.accounts.models import Role
from gongkai.audit.models import Event
from gongkai.supervision.assessment import assessment
from gongkai.supervision.models import Finding, Indicator, IndicatorKind, Measure, Target
from gongkai.supervision.services.targets import (
    indicator_save,
    indicators_set_up,
)
from tests.applications import conftest as applications_conftest
from tests.applications.staff_helpers import freeze_today
from tests.factories import staff
from tests.supervision.stats_helpers import D, Publisher, replied_case

pytestmark = pytest.mark.django_db
county = applications_conftest.county  # the fixture: a county government and two bureaus

WEIGHTS = {
    IndicatorKind.ITEMS_ON_TIME: 30,
    IndicatorKind.REPLIES_ON_TIME: 30,
    IndicatorKind.REPORT_ON_TIME: 15,
    IndicatorKind.SELFCHECK: 15,
    IndicatorKind.TARGETS: 10,
}


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def today(monkeypatch):
    return freeze_today(monkeypatch, "2026-11-20")


def _report(office, agency, year, published_on):
    """A report of ``year`` published on ``published_on`` (imported: figures all zero)."""
    from gongkai.reports.compute import figures_only
    from gongkai.reports.services import report_import

    return report_import(
        actor=office,
        agency=agency,
        year=year,
        figures=figures_only(agency, year),
        filename="report.json",
        published_on=D(published_on),
    )


def _finding(agency, key, *, resolved=None):
    return Finding.objects.create(
        agency=agency,
        rule="column_empty",
        severity="deduction",
        key=key,
        first_seen_on=D("2026-10-01"),
        last_seen_on=D("2026-11-19"),
        resolved_on=D(resolved) if resolved else None,
    )


@pytest.fixture
def table(county, today):
    """The county's table for 2026, and the records of bureau A and B it scores."""
    gov, a, b = county.government, county.a, county.b
    for kind, weight in WEIGHTS.items():
        params = {"deduction": 3} if kind == IndicatorKind.SELFCHECK else {}
        indicator_save(
            actor=county.office, supervisor=gov, year=2026, kind=kind, weight=weight, params=params
        )
    pa = Publisher(a)
    pa.item("news.work", "2026-03-20", formed="2026-03-02")  # on time
    pa.item("news.work", "2026-04-10", formed="2026-04-01")  # on time
    pa.item("news.work", "2026-03-31", formed="2026-03-02")  # late
    pa.item("news.notices", "2026-05-06")  # no date formed
    for received, replied in [
        ("2026-03-02", "2026-03-13"),
        ("2026-05-06", "2026-05-20"),
        ("2026-06-01", "2026-06-12"),
        ("2026-03-02", "2026-04-07"),  # late (due 30 March)
    ]:
        replied_case(a, received, replied)
    _report(county.office, a, 2025, "2026-01-20")  # on time (31 January)
    _report(county.office, b, 2025, "2026-02-10")  # late
    _finding(a, "a1")
    _finding(a, "a2")
    _finding(a, "a3", resolved="2026-11-01")  # resolved: not counted
    for i in range(6):
        _finding(b, f"b{i}")
    Target.objects.create(agency=a, year=2026, measure=Measure.ITEMS, minimum=3)  # 4: reached
    Target.objects.create(agency=a, year=2026, measure=Measure.REPLIES_ON_TIME, minimum=100)  # 75%
    return county


def _row(result, agency):
    return next(r for r in result.rows if r.agency == agency)


def test_every_agency_below_is_scored_with_the_weights(table, today):
    result = assessment(table.government, 2026, today=today)
    assert [i.kind for i in result.indicators] == list(WEIGHTS)
    assert result.total_weight == 100
    assert {r.agency for r in result.rows} == {table.a, table.b}  # not the government itself
    a = _row(result, table.a)
    points = [s.points for s in a.scores]
    assert points == [
        pytest.approx(20.0),  # 30 × 2 of 3 on time (the item without a date left out)
        pytest.approx(22.5),  # 30 × 3 of 4 replied on time
        15.0,  # report on 2025 published by 31 January 2026
        9.0,  # 15 − 3 × 2 open findings
        5.0,  # 10 × 1 of 2 targets reached
    ]
    assert a.total == pytest.approx(71.5) and a.maximum == 100 and a.percent == pytest.approx(71.5)
    b = _row(result, table.b)
    assert [s.points for s in b.scores] == [
        None,
        None,
        0.0,
        0.0,
        None,
    ]  # no items, replies, targets
    assert b.maximum == 30 and b.total == 0 and b.percent == 0
    assert (a.rank, b.rank) == (1, 2)
    assert result.rows[0].agency == table.a


def test_parameters_change_the_score(table, today):
    items = Indicator.objects.get(kind=IndicatorKind.ITEMS_ON_TIME)
    indicator_save(
        actor=table.office,
        supervisor=table.government,
        year=2026,
        kind=items.kind,
        weight=40,
        params={"missing_date_late": True},
        indicator=items,
    )
    findings = Indicator.objects.get(kind=IndicatorKind.SELFCHECK)
    indicator_save(
        actor=table.office,
        supervisor=table.government,
        year=2026,
        kind=findings.kind,
        weight=15,
        params={"deduction": 7.5},
        indicator=findings,
    )
    a = _row(assessment(table.government, 2026, today=today), table.a)
    assert a.scores[0].points == pytest.approx(20.0)  # 40 × 2 of 4
    assert a.scores[3].points == 0.0  # 15 − 7.5 × 2
    assert a.maximum == 110


def test_a_report_not_yet_due_does_not_count(table, monkeypatch):
    day = freeze_today(monkeypatch, "2026-01-15")
    from gongkai.reports.models import AnnualReport

    AnnualReport.objects.filter(agency=table.b).delete()
    b = _row(assessment(table.government, 2026, today=day), table.b)
    report = b.scores[2]
    assert report.points is None and not report.applies
    assert "尚未到期" in report.detail


def test_indicators_are_set_only_by_the_office_and_audited(county, today):
    with pytest.raises(PermissionDenied):
        indicators_set_up(actor=county.leader_a, supervisor=county.government, year=2026)
    created = indicators_set_up(actor=county.office, supervisor=county.government, year=2026)
    assert sum(i.weight for i in created) == 100 and len(created) == 5
    assert Event.objects.filter(action="indicator.set_up").count() == 1
    with pytest.raises(ValidationError) as exc:
        indicator_save(
            actor=county.office,
            supervisor=county.government,
            year=2026,
            kind=IndicatorKind.TARGETS,
            weight=5,
        )
    assert exc.value.message_dict["kind"] == ["2026年的考核表已有此项指标。"]
    with pytest.raises(ValidationError) as exc:
        indicator_save(
            actor=county.office,
            supervisor=county.government,
            year=2027,
            kind=IndicatorKind.TARGETS,
            weight=0,
        )
    assert exc.value.message_dict["weight"] == ["请输入分值，为1至1000的整数。"]
    with pytest.raises(ValidationError) as exc:
        indicator_save(
            actor=county.office,
            supervisor=county.government,
            year=2027,
            kind=IndicatorKind.SELFCHECK,
            weight=10,
            params={"deduction": 0},
        )
    assert "deduction" in exc.value.message_dict
    assert not Indicator.objects.filter(year=2027).exists()
    # Next year's table starts as a copy of this one.
    indicator = Indicator.objects.get(year=2026, kind=IndicatorKind.SELFCHECK)
    indicator_save(
        actor=county.office,
        supervisor=county.government,
        year=2026,
        kind=indicator.kind,
        weight=20,
        params={"deduction": 2},
        indicator=indicator,
    )
    copied = indicators_set_up(actor=county.office, supervisor=county.government, year=2027)
    selfcheck = next(i for i in copied if i.kind == IndicatorKind.SELFCHECK)
    assert (selfcheck.weight, selfcheck.params) == (20, {"deduction": 2.0})


def test_the_page_explains_the_scoring_and_exports_numbers(client, table, today):
    client.force_login(table.office)
    url = reverse("supervision:target_assessment", args=[table.government.credit_code, 2026])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "每个未整改问题" in html  # how the self-check indicator is scored
    assert table.a.name in html and "71.5" in html
    export = client.get(
        reverse("supervision:target_assessment_export", args=[table.government.credit_code, 2026])
    )
    workbook = load_workbook(io.BytesIO(export.content))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[3]]
    assert header[0] == "名次" and header[1] == "机关"
    first = [c.value for c in sheet[4]]
    assert first[0] == 1 and first[1] == table.a.name
    assert first[2:7] == [20.0, 22.5, 15.0, 9.0, 5.0]
    assert first[7:] == [71.5, 100, 71.5]
    assert all(isinstance(v, int | float) for v in first[2:])
    second = [c.value for c in sheet[5]]
    assert second[2] is None  # not applicable: an empty cell, not text
    assert len(workbook.worksheets) == 3


def test_who_may_see_and_change_the_table(client, table, today):
    url = reverse("supervision:target_assessment", args=[table.government.credit_code, 2026])
    client.force_login(table.leader_a)  # a bureau's leader: not the county's table
    assert client.get(url).status_code == 404
    county_leader = staff(Role.LEADER, table.government)
    client.force_login(county_leader)
    response = client.get(url)
    assert response.status_code == 200 and response.context["form"] is None
    create = reverse(
        "supervision:target_indicator_create", args=[table.government.credit_code, 2026]
    )
    assert client.post(create, {"kind": "targets", "weight": 5}).status_code == 403
    indicator = Indicator.objects.get(kind=IndicatorKind.TARGETS)
    assert (
        client.post(reverse("supervision:target_indicator_delete", args=[indicator.pk])).status_code
        == 403
    )
    client.force_login(table.office)
    response = client.post(
        reverse("supervision:target_indicator_edit", args=[indicator.pk]),
        {"kind": "targets", "weight": 25},
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.weight == 25
