"""Targets (目标考核, issue 8 part 4): measures computed from the records, progress during the
year and the year-end result, only the 公开办 sets targets (audited, Chinese messages, nothing
half-written), the dashboard's progress bars, and who may see what."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.audit.models import Event
from gongkai.supervision.measures import Result, measure_values, progress
from gongkai.supervision.models import Measure, Target
from gongkai.supervision.services.targets import target_delete, target_save, targets_copy
from gongkai.supervision.targets_selectors import dashboard, progress_for
from tests.applications import conftest as applications_conftest
from tests.applications.staff_helpers import freeze_today
from tests.supervision.stats_helpers import D, Publisher, replied_case

pytestmark = pytest.mark.django_db
county = applications_conftest.county  # the fixture: a county government and two bureaus


@pytest.fixture
def today(monkeypatch):
    return freeze_today(monkeypatch, "2026-11-20")


@pytest.fixture
def records(county, today):
    """Bureau A: in 2025 four news items (one late), a normative document with its
    interpretation and one without, two replies on time; in 2026 five items."""
    a = Publisher(county.a)
    normative = a.item("policy.normative", "2025-04-01", formed="2025-03-20")
    a.item("policy.normative", "2025-05-06", formed="2025-04-30")
    a.item("policy.interpretation", "2025-04-02", formed="2025-03-20", interprets=[normative])
    for day, formed in [
        ("2025-02-10", "2025-02-05"),
        ("2025-03-10", "2025-03-05"),
        ("2025-06-10", "2025-06-05"),
        ("2025-09-30", "2025-08-01"),  # late
    ]:
        a.item("news.work", day, formed=formed)
    replied_case(county.a, "2025-03-03", "2025-03-20")
    replied_case(county.a, "2025-06-02", "2025-06-20")
    for day in ("2026-01-20", "2026-03-10", "2026-05-11", "2026-07-06", "2026-09-07"):
        a.item("news.work", day, formed=day)
    return a


def _target(agency, year, measure, minimum, aimed=None, category=None):
    return Target.objects.create(
        agency=agency, year=year, measure=measure, minimum=minimum, aimed=aimed, category=category
    )


def test_measures_are_computed_from_the_records(county, records):
    news = records.category("news")
    targets = [
        _target(county.a, 2025, Measure.ITEMS, 5),
        _target(county.a, 2025, Measure.CATEGORY_ITEMS, 3, category=news),
        _target(county.a, 2025, Measure.ITEMS_ON_TIME, 90),
        _target(county.a, 2025, Measure.REPLIES_ON_TIME, 100),
        _target(county.a, 2025, Measure.INTERPRETED, 100),
        _target(county.a, 2026, Measure.ITEMS, 5),
        _target(county.b, 2025, Measure.ITEMS, 1),
    ]
    values = measure_values(targets)
    got = [values[t.pk] for t in targets]
    assert got[0].value == 7  # 4 news, 2 normative, 1 interpretation
    assert got[1].value == 4  # 部门动态 counts 工作动态 below it
    assert got[2].numerator == 6 and got[2].denominator == 7
    assert got[2].value == pytest.approx(600 / 7)
    assert (got[3].numerator, got[3].denominator, got[3].value) == (2, 2, 100)
    assert (got[4].numerator, got[4].denominator, got[4].value) == (1, 2, 50)
    assert got[5].value == 5
    assert got[6].value == 0


def test_year_end_results(county, records, today):
    news = records.category("news")
    rows = progress(
        [
            _target(county.a, 2025, Measure.ITEMS, 5, aimed=7),  # 7: aimed value reached
            _target(county.a, 2025, Measure.CATEGORY_ITEMS, 3, aimed=6, category=news),  # 4: met
            _target(county.a, 2025, Measure.ITEMS_ON_TIME, 90),  # 85.7%: not met
            _target(county.a, 2025, Measure.REPLIES_ON_TIME, 100),  # every one on time: met
            _target(county.b, 2025, Measure.REPLIES_ON_TIME, 100),  # none to answer: met
        ],
        today=today,
    )
    assert [p.result for p in rows] == [
        Result.AIMED,
        Result.MET,
        Result.NOT_MET,
        Result.MET,
        Result.MET,
    ]
    assert all(p.year_over for p in rows)
    assert rows[1].state_label == str(Result.LABELS[Result.MET])


def test_progress_during_the_year(county, records, monkeypatch):
    freeze_today(monkeypatch, "2026-07-01")  # 182 of 365 days gone
    rows = progress(
        [
            _target(county.a, 2026, Measure.ITEMS, 8),  # pace 4.0, 5 so far
            _target(county.a, 2026, Measure.ITEMS_ON_TIME, 95),
            _target(county.b, 2026, Measure.ITEMS, 12),  # pace 6.0, none so far
            _target(county.a, 2027, Measure.ITEMS, 1),
        ],
        today=D("2026-07-01"),
    )
    on_pace, percent, behind, future = rows
    assert on_pace.result is None and on_pace.state == Result.ON_PACE
    assert on_pace.pace == pytest.approx(8 * 182 / 365)
    assert percent.state == Result.AIMED or percent.state == Result.MET  # 100% so far
    assert behind.state == Result.BEHIND
    assert future.state == Result.NOT_STARTED
    bar = on_pace.bar
    assert bar["left"] < bar["pace"] < bar["minimum"] == bar["right"]
    assert bar["done"] == pytest.approx(5 / 8 * bar["width"], abs=0.1)


def test_only_the_disclosure_office_sets_targets(county, today):
    with pytest.raises(PermissionDenied):
        target_save(actor=county.leader_a, agency=county.a, year=2026, measure="items", minimum=1)
    target = target_save(
        actor=county.office, agency=county.a, year=2026, measure="items", minimum=160, aimed=200
    )
    event = Event.objects.get(action="target.create")
    assert event.actor == county.office and event.agency == county.a
    assert event.data["changes"]["minimum"] == [None, 160]
    target_save(
        actor=county.office,
        agency=county.a,
        year=2026,
        measure="items",
        minimum=150,
        aimed=200,
        target=target,
    )
    assert Event.objects.get(action="target.update").data["changes"] == {"minimum": [160, 150]}
    target_delete(actor=county.office, target=target)
    assert not Target.objects.exists()
    assert Event.objects.filter(action="target.delete").count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"measure": "items", "minimum": 200, "aimed": 160}, "aimed", "力争目标不得低于最低目标。"),
        ({"measure": "replies_on_time", "minimum": 120}, "minimum", "百分比不能超过100。"),
        ({"measure": "category_items", "minimum": 80}, "category", "请选择目标统计的目录栏目。"),
        ({"measure": "items", "minimum": -1}, "minimum", "请输入大于或等于零的整数。"),
    ],
)
def test_bad_targets_are_refused_in_chinese(county, today, fields, field, message):
    with pytest.raises(ValidationError) as exc:
        target_save(actor=county.office, agency=county.a, year=2026, **fields)
    assert exc.value.message_dict[field] == [message]
    assert not Target.objects.exists() and not Event.objects.filter(action__startswith="target")


def test_a_category_of_another_agency_and_duplicates_are_refused(county, records):
    other = Publisher(county.b).category("news")
    with pytest.raises(ValidationError) as exc:
        target_save(
            actor=county.office,
            agency=county.a,
            year=2026,
            measure="category_items",
            category=other,
            minimum=5,
        )
    assert "category" in exc.value.message_dict
    target_save(actor=county.office, agency=county.a, year=2026, measure="items", minimum=5)
    with pytest.raises(ValidationError) as exc:
        target_save(actor=county.office, agency=county.a, year=2026, measure="items", minimum=9)
    assert exc.value.message_dict["measure"] == ["2026年已有此项指标的目标。"]
    assert Target.objects.count() == 1


def test_copy_last_years_targets(county, records):
    news = records.category("news")
    _target(county.a, 2025, Measure.ITEMS, 5, aimed=7)
    _target(county.a, 2025, Measure.CATEGORY_ITEMS, 3, category=news)
    _target(county.a, 2026, Measure.ITEMS, 6)
    assert targets_copy(actor=county.office, agency=county.a, from_year=2025, to_year=2026) == 1
    copied = Target.objects.get(year=2026, measure=Measure.CATEGORY_ITEMS)
    assert copied.category == news and copied.minimum == 3
    assert Target.objects.get(year=2026, measure=Measure.ITEMS).minimum == 6  # kept


def test_target_page_shows_progress_and_links_to_the_records(client, county, records, today):
    target = _target(county.a, 2026, Measure.ITEMS, 6, aimed=8)
    client.force_login(county.leader_a)
    url = reverse("supervision:target_agency", args=[county.a.credit_code, 2026])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg class="progress" role="img"' in html
    assert response.context["form"] is None  # a leader may look, not set
    (row,) = response.context["rows"]
    assert row.target == target and row.value.value == 5
    listed = client.get(row.url)
    assert listed.context["page"].paginator.count == 5
    assert (
        client.post(
            reverse("supervision:target_create", args=[county.a.credit_code, 2026]),
            {"measure": "items", "minimum": 1},
        ).status_code
        == 403
    )


def test_year_end_result_on_the_page(client, county, records, today):
    _target(county.a, 2025, Measure.ITEMS, 5, aimed=7)
    client.force_login(county.leader_a)
    html = client.get(
        reverse("supervision:target_agency", args=[county.a.credit_code, 2025])
    ).content.decode()
    assert "力争目标完成" in html


def test_office_sets_a_target_through_the_page(client, county, records, today):
    client.force_login(county.office)
    url = reverse("supervision:target_create", args=[county.a.credit_code, 2026])
    news = records.category("news")
    response = client.post(
        url, {"measure": "category_items", "category": news.pk, "minimum": 80, "aimed": 60}
    )
    assert response.status_code == 400
    assert "力争目标不得低于最低目标。" in response.content.decode()
    assert not Target.objects.exists()
    response = client.post(
        url, {"measure": "category_items", "category": news.pk, "minimum": 80, "aimed": 100}
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.category, target.minimum, target.aimed) == (news, 80, 100)
    edit = reverse("supervision:target_edit", args=[target.pk])
    assert client.get(edit).status_code == 200
    client.post(edit, {"measure": "category_items", "category": news.pk, "minimum": 70})
    target.refresh_from_db()
    assert (target.minimum, target.aimed) == (70, None)
    client.post(reverse("supervision:target_delete", args=[target.pk]))
    assert not Target.objects.exists()


def test_other_agencies_see_nothing(client, county, records, today):
    target = _target(county.a, 2026, Measure.ITEMS, 6)
    client.force_login(county.leader_b)
    assert (
        client.get(
            reverse("supervision:target_agency", args=[county.a.credit_code, 2026])
        ).status_code
        == 404
    )
    assert client.get(reverse("supervision:target_edit", args=[target.pk])).status_code == 404
    index = client.get(reverse("supervision:target_index"))
    assert [r.agency for r in index.context["rows"]] == [county.b]


def test_dashboard_shows_progress_bars(client, county, records, today):
    _target(county.a, 2026, Measure.ITEMS, 10, aimed=12)  # 5 by 20 November: behind
    _target(county.b, 2026, Measure.ITEMS, 1)
    Publisher(county.b).item("news.work", "2026-02-02", formed="2026-02-02")  # B: reached
    panel = dashboard(county.leader_a, today=today)
    (own,) = panel.agencies
    assert own.agency == county.a and own.behind == 1
    client.force_login(county.leader_a)
    html = client.get(reverse("portal:staff_home")).content.decode()
    assert '<svg class="progress"' in html and "落后于进度" in html
    office = dashboard(county.office, today=today)
    assert office.supervisor == county.government
    assert (office.supervised, office.supervised_behind) == (2, 1)
    client.force_login(county.handler_a)  # no statistics role: no panel
    assert dashboard(county.handler_a, today=today) is None
    assert "targets-panel" not in client.get(reverse("portal:staff_home")).content.decode()


def test_progress_links_follow_the_measure(county, records, today):
    late = _target(county.a, 2025, Measure.ITEMS_ON_TIME, 90)
    (row,) = progress_for(county.office, [late], today=today)
    assert "timeliness=late" in row.url and "published_from=2025-01-01" in row.url


def test_demo_targets_show_progress_and_results(monkeypatch):
    from gongkai.agencies.models import Agency
    from gongkai.core.demo import county as demo_county
    from gongkai.supervision.assessment import assessment
    from gongkai.supervision.demo_targets import build_targets
    from gongkai.supervision.models import Indicator

    today = freeze_today(monkeypatch, "2026-11-20")
    demo_county.build_county()
    gov = Agency.objects.get(credit_code=demo_county.root_code())
    bureaus = list(Agency.objects.filter(parent=gov).order_by("sort_order", "pk"))
    first = Publisher(bureaus[0])
    for day in ("2025-03-02", "2025-06-01", "2025-09-01", "2026-02-02", "2026-05-06"):
        first.item("news.work", day, formed=day)
    result = build_targets()
    assert result.created and result.targets > 0
    assert set(Target.objects.filter(year=2026).values_list("agency", flat=True)) == {
        b.pk for b in bureaus
    }
    rows = progress_for(None, targets_of_agency(bureaus[0], 2026), today=today)
    items = next(p for p in rows if p.target.measure == Measure.ITEMS)
    assert items.value.value == 2 and not items.year_over
    news = next(p for p in rows if p.target.measure == Measure.CATEGORY_ITEMS)
    assert news.value.value == 2
    last_year = progress_for(None, targets_of_agency(bureaus[0], 2025), today=today)
    assert all(p.result in (Result.MET, Result.AIMED, Result.NOT_MET) for p in last_year)
    assert Indicator.objects.filter(supervisor=gov, year=2026).count() == 5
    table = assessment(gov, 2026, today=today)
    assert len(table.rows) == len(bureaus) and table.total_weight == 100
    again = build_targets()
    assert not again.created and again.targets == result.targets


def targets_of_agency(agency, year):
    from gongkai.supervision.targets_selectors import targets_of

    return targets_of([agency], year)
