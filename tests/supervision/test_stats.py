"""Statistics (issue 8, part 3): figures counted from records made through the services, every
figure linking to exactly the records behind it, working days across a holiday, charts as
SVG, the XLSX export with numbers as numbers, and who may see what."""

from __future__ import annotations

import io
import re
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.accounts.models import Role
from gongkai.applications.models import Channel, Status
from gongkai.supervision.stats.applications import WorkingDayCounter, application_stats
from gongkai.supervision.stats.items import item_stats
from gongkai.supervision.stats.page import build_page
from gongkai.supervision.stats.period import Period
from gongkai.workdays.selectors import count_working_days
from tests.applications import conftest as applications_conftest
from tests.applications.staff_helpers import freeze_today
from tests.factories import staff
from tests.supervision.stats_helpers import D, Publisher, replied_case

pytestmark = pytest.mark.django_db
county = applications_conftest.county  # the fixture: a county government and two bureaus

YEAR = Period(2026)


@pytest.fixture
def today(monkeypatch):
    return freeze_today(monkeypatch, "2026-11-20")


@pytest.fixture
def items(county, today):
    """Items of bureau A and B published in 2026 (and one in 2025), with known timeliness.

    20 working days from Monday 2 March 2026 is 30 March; from 1 June it is 30 June (the
    Dragon Boat holiday of 19 June in between)."""
    a, b = Publisher(county.a), Publisher(county.b)
    made = {
        # A, news (部门动态) and below it
        "work_on_time": a.item("news.work", "2026-03-20", formed="2026-03-02"),
        "work_late": a.item("news.work", "2026-03-31", formed="2026-03-02"),
        "notice_no_date": a.item("news.notices", "2026-06-10"),
        "notice_on_time": a.item("news.notices", "2026-06-29", formed="2026-06-01"),
        # A, policy
        "normative_late": a.item("policy.normative", "2026-07-01", formed="2026-06-01"),
        # not counted: internal, another year, another agency (B counts only for B)
        "internal": a.item("news.work", "2026-03-20", formed="2026-03-02", attribute="internal"),
        "last_year": a.item("news.work", "2025-12-30", formed="2025-12-20"),
        "b_on_time": b.item("news.work", "2026-06-05", formed="2026-06-01"),
    }
    return made


def _pks(items_, *keys):
    return {items_[k].pk for k in keys}


def test_item_figures_equal_the_records(county, items):
    stats = item_stats([county.a], YEAR)
    assert stats.total == 5
    tl = stats.timeliness
    assert (tl.on_time, tl.late, tl.unknown) == (2, 2, 1)
    assert tl.share_on_time == 0.5
    assert stats.by_month[3] == 2 and stats.by_month[6] == 2 and stats.by_month[7] == 1
    assert sum(stats.by_month.values()) == 5
    rows = {r.name: r for r in stats.categories}
    news = rows["部门动态"]
    assert news.depth == 0 and news.own.total == 0 and news.subtree.total == 4
    assert (news.subtree.on_time, news.subtree.late, news.subtree.unknown) == (2, 1, 1)
    assert rows["工作动态"].subtree.total == 2 and rows["工作动态"].depth == 1
    assert rows["通知公告"].subtree.total == 2
    assert rows["政策文件"].subtree.total == 1 and rows["政策文件"].subtree.late == 1
    assert rows["机构设置"].subtree.total == 0


def test_months_and_county_wide_sections(county, items):
    spring = item_stats([county.a], Period(2026, 3, 6))
    assert spring.total == 4 and list(spring.by_month) == [3, 4, 5, 6]
    both = item_stats([county.a, county.b], YEAR)
    assert both.total == 6 and both.by_section
    by_agency = {r.agency.pk: r.total for r in both.agencies}
    assert by_agency == {county.a.pk: 5, county.b.pk: 1}
    sections = {r.section: r.subtree.total for r in both.categories}
    assert sections["news"] == 5 and sections["policy"] == 1


def _list_pks(client, url, *, key):
    response = client.get(url)
    assert response.status_code == 200, url
    rows = response.context["rows"]
    return {r.pk for r in rows}, response.context["page"].paginator.count


def _figure_links(html: str) -> list[tuple[str, str]]:
    """(href, text) of every link in the statistics tables."""
    return [
        (unescape(href), text)
        for href, text in re.findall(r'<td class="num"><a href="([^"]+)">([^<]+)</a>', html)
    ]


def test_item_links_show_exactly_the_counted_items(client, county, items):
    client.force_login(county.office)
    page = build_page(county.office, county.a, YEAR)
    by_key = {t.key: t for t in page.tables.values()}
    agency_row = by_key["items_agency"].rows[0]
    total, on_time, late, unknown, _share = agency_row.cells
    expected = {
        total.url: _pks(
            items, "work_on_time", "work_late", "notice_no_date", "notice_on_time", "normative_late"
        ),
        on_time.url: _pks(items, "work_on_time", "notice_on_time"),
        late.url: _pks(items, "work_late", "normative_late"),
        unknown.url: _pks(items, "notice_no_date"),
    }
    category_rows = {r.label: r for r in by_key["items_category"].rows}
    news = category_rows["部门动态"]
    expected[news.cells[1].url] = _pks(
        items, "work_on_time", "work_late", "notice_no_date", "notice_on_time"
    )
    expected[news.cells[3].url] = _pks(items, "work_late")  # late, with the categories below
    expected[category_rows["工作动态"].cells[0].url] = _pks(items, "work_on_time", "work_late")
    month_rows = {r.label: r for r in by_key["items_month"].rows}
    march = next(r for label, r in month_rows.items() if "3" in label and "1" not in label)
    expected[march.cells[0].url] = _pks(items, "work_on_time", "work_late")
    assert news.cells[0].url == ""  # nothing filed in 部门动态 itself: zero, no link
    for url, pks in expected.items():
        assert url, "every non-zero figure has a link"
        shown, count = _list_pks(client, url, key="rows")
        assert shown == pks, url
        assert count == len(pks)


def test_the_page_links_every_figure_and_the_numbers_match(client, county, items):
    client.force_login(county.office)
    url = reverse("supervision:stats_agency", args=[county.a.credit_code]) + "?year=2026"
    response = client.get(url)
    assert response.status_code == 200
    links = _figure_links(response.content.decode())
    assert links
    for href, text in links:
        target = urlparse(href).path
        assert target in (reverse("catalog_staff:item_list"), reverse("applications_staff:list"))
        _shown, count = _list_pks(client, href, key="rows")
        assert count == int(text), href


@pytest.fixture
def cases(county, today):
    """Cases of bureau A: received and replied in 2026 on known dates.

    - 28 Sep → 12 Oct: 6 working days (National Day 1–7 Oct off, Saturday 10 Oct worked);
    - 2 Mar → 13 Mar: 9 working days;
    - 2 Mar → replied 7 Apr, after its due date of 30 March: late, 25 working days
      (the Qingming rest day of Monday 6 April is not counted);
    - received 2025-12-15, replied 2026-01-09: counts as replied in 2026, not received;
    - open case received 2 Nov, an organisation by post;
    - B's case (another agency)."""
    a = county.a
    return {
        "holiday": replied_case(a, "2026-09-28", "2026-10-12", outcome="granted"),
        "plain": replied_case(a, "2026-03-02", "2026-03-13", outcome="withheld_4"),
        "late": replied_case(a, "2026-03-02", "2026-04-07", outcome="not_handled_2"),
        "carried": replied_case(a, "2025-12-15", "2026-01-09", outcome="withheld_6"),
        "open": replied_case(a, "2026-11-02", kind="commercial", channel=Channel.POST),
        "other": replied_case(county.b, "2026-03-02", "2026-03-13"),
    }


def test_working_days_across_a_holiday_use_the_calendar():
    assert (
        WorkingDayCounter(D("2026-09-01"), D("2026-10-31")).count(D("2026-09-28"), D("2026-10-12"))
        == 6
    )
    counter = WorkingDayCounter(D("2025-12-01"), D("2026-12-31"))
    for a, b in [
        ("2026-03-02", "2026-04-07"),
        ("2025-12-15", "2026-01-09"),
        ("2026-02-12", "2026-02-27"),
    ]:
        assert counter.count(D(a), D(b)) == count_working_days(D(a), D(b)), (a, b)
    assert counter.count(D("2026-03-02"), D("2026-04-07")) == 25
    assert (
        WorkingDayCounter(D("2026-01-01"), D("2026-01-31"), count_start_day=True).count(
            D("2026-01-05"), D("2026-01-09")
        )
        == 5
    )  # Monday to Friday, the receipt day counted


def test_working_days_without_a_calendar_are_not_guessed():
    counter = WorkingDayCounter(D("2026-12-20"), D("2027-01-20"))
    assert counter.count(D("2026-12-21"), D("2027-01-08")) is None
    assert counter.count(D("2026-12-21"), D("2026-12-28")) == 5


def test_application_figures_equal_the_records(county, cases):
    stats = application_stats([county.a], YEAR)
    assert stats.received == 4  # holiday, plain, late, open
    status = {t.key: t.n for t in stats.by_status}
    assert status[Status.REPLIED] == 3 and status[Status.REGISTERED] == 1
    kinds = {t.key: t.n for t in stats.by_kind}
    assert kinds["natural_person"] == 3 and kinds["commercial"] == 1
    channels = {t.key: t.n for t in stats.by_channel}
    assert channels[Channel.POST] == 1 and channels[Channel.IN_PERSON] == 3
    assert stats.replied == 4  # holiday, plain, late, carried
    replies = stats.replies
    assert (replies.on_time, replies.late, replies.no_due) == (3, 1, 0)
    assert replies.average_working_days == pytest.approx((6 + 9 + 25 + 18) / 4)
    assert replies.working_days == 6 + 9 + 25 + count_working_days(D("2025-12-15"), D("2026-01-09"))
    groups = {g.key: g.n for g in stats.outcome_groups}
    assert groups == {
        "granted": 1,
        "partial": 0,
        "withheld": 2,
        "unavailable": 0,
        "not_handled": 1,
        "other": 0,
    }
    assert stats.received_by_month[3] == 2 and stats.replied_by_month[1] == 1


def test_application_links_show_exactly_the_counted_cases(client, county, cases):
    client.force_login(county.office)
    page = build_page(county.office, county.a, YEAR)
    tables = {t.key: t for t in page.tables.values()}
    received, replied, on_time, late, _no_due, _share, _avg = (
        tables["applications_agency"].rows[0].cells
    )
    outcome_rows = {r.label: r for r in tables["applications_outcome"].rows}
    withheld = next(r for label, r in outcome_rows.items() if label == "不予公开")
    third_party = next(r for label, r in outcome_rows.items() if "保护第三方" in label)
    kind_rows = {r.label: r for r in tables["applications_kind"].rows}
    status_rows = {r.label: r for r in tables["applications_status"].rows}
    expected = {
        received.url: {"holiday", "plain", "late", "open"},
        replied.url: {"holiday", "plain", "late", "carried"},
        on_time.url: {"holiday", "plain", "carried"},
        late.url: {"late"},
        withheld.cells[0].url: {"plain", "carried"},
        third_party.cells[0].url: {"plain"},
        kind_rows["商业企业"].cells[0].url: {"open"},
        status_rows["已登记"].cells[0].url: {"open"},
    }
    for url, keys in expected.items():
        assert url
        shown, count = _list_pks(client, url, key="rows")
        assert shown == {cases[k].pk for k in keys}, url
        assert count == len(keys)


def test_the_page_renders_charts_as_accessible_svg(client, county, items, cases):
    client.force_login(county.office)
    url = reverse("supervision:stats_agency", args=[county.a.credit_code]) + "?year=2026"
    html = client.get(url).content.decode()
    svgs = re.findall(r"<svg class=\"chart\".*?</svg>", html, flags=re.S)
    assert len(svgs) == 4
    for svg in svgs:
        assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
        assert "<script" not in svg and "style=" not in svg
    # Text labels, not colour alone: the legend of the outcomes names each group with its count.
    outcomes = next(s for s in svgs if "chart-outcomes" in s)
    assert "予以公开：1" in outcomes or "予以公开: 1" in outcomes
    assert '<script src="http' not in html


def test_export_has_every_table_with_numbers(client, county, items, cases):
    client.force_login(county.office)
    url = reverse("supervision:stats_export", args=[county.a.credit_code]) + "?year=2026"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    page = build_page(county.office, county.a, YEAR)
    assert len(workbook.sheetnames) == len(page.tables)
    sheet = workbook[workbook.sheetnames[0]]  # items by agency
    header = [c.value for c in sheet[4]]
    assert header[:3] == ["机关", "发布数", "按时"]
    row = [c.value for c in sheet[5]]
    assert row[0] == county.a.name
    assert row[1:5] == [5, 2, 2, 1] and all(isinstance(v, int) for v in row[1:5])
    assert row[5] == pytest.approx(0.5) and sheet.cell(row=5, column=6).number_format == "0.0%"
    agency_sheet = workbook.worksheets[3]  # applications by agency, in the page's order
    assert agency_sheet["A2"].value == "各机关申请收件及答复情况"
    values = [c.value for c in agency_sheet[5]]
    assert values[1:6] == [4, 4, 3, 1, 0]
    assert values[7] == pytest.approx((6 + 9 + 25 + 18) / 4)


def test_county_wide_view_for_the_disclosure_office(client, county, items, cases):
    client.force_login(county.office)
    response = client.get(reverse("supervision:stats_index"))
    assert response.status_code == 302
    assert county.government.credit_code in response["Location"]
    assert "below=1" in response["Location"]
    response = client.get(response["Location"])
    page = response.context["page"]
    assert page.county_wide
    assert {a.pk for a in page.agencies} == {county.government.pk, county.a.pk, county.b.pk}
    total = page.tables["items_agency"].rows[-1]
    assert total.total and total.cells[0].value == 6
    # The county-wide total links to the unfiltered list, which shows exactly the scope.
    shown, count = _list_pks(client, total.cells[0].url, key="rows")
    assert count == 6


def test_query_count_does_not_grow_with_the_records(client, county, items, cases):
    client.force_login(county.office)
    url = reverse("supervision:stats_agency", args=[county.government.credit_code])
    url += "?year=2026&below=1"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    publisher = Publisher(county.b)
    for day in ("2026-02-02", "2026-05-06", "2026-08-03"):
        publisher.item("policy.normative", day, formed=day)
        replied_case(county.b, day, day)
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)


def test_another_agencys_staff_cannot_see_it(client, county, items):
    leader_b = county.leader_b
    client.force_login(leader_b)
    assert (
        client.get(reverse("supervision:stats_agency", args=[county.a.credit_code])).status_code
        == 404
    )
    assert (
        client.get(reverse("supervision:stats_export", args=[county.a.credit_code])).status_code
        == 404
    )
    response = client.get(reverse("supervision:stats_index"))
    assert county.b.credit_code in response["Location"]
    page = client.get(response["Location"]).context["page"]
    assert [a.pk for a in page.agencies] == [county.b.pk]
    # "below" cannot widen the scope of someone without agencies below.
    url = reverse("supervision:stats_agency", args=[county.b.credit_code]) + "?below=1"
    assert not client.get(url).context["page"].county_wide


def test_roles_without_statistics_are_refused(client, county):
    client.force_login(county.handler_a)
    assert client.get(reverse("supervision:stats_index")).status_code == 403
    assert (
        client.get(reverse("supervision:stats_agency", args=[county.a.credit_code])).status_code
        == 404
    )


def test_links_only_where_the_user_may_open_the_list(client, county, cases):
    """A 审核员 may see statistics but not the application workbench: no link there."""
    reviewer = staff(Role.REVIEWER, county.a)
    page = build_page(reviewer, county.a, YEAR)
    received = page.tables["applications_agency"].rows[0].cells[0]
    assert received.value == 4 and received.url == ""
    client.force_login(reviewer)
    assert (
        client.get(reverse("supervision:stats_agency", args=[county.a.credit_code])).status_code
        == 200
    )


def test_a_bad_period_is_refused(client, county):
    client.force_login(county.office)
    base = reverse("supervision:stats_agency", args=[county.a.credit_code])
    assert client.get(base + "?year=2026&from=7&to=3").status_code == 404
    assert client.get(base + "?year=1990").status_code == 404
    response = client.get(
        reverse("supervision:stats_index"),
        {"agency": county.a.credit_code, "year": 2026, "month_from": 3, "month_to": 5},
    )
    assert response.status_code == 302
    query = parse_qs(urlparse(response["Location"]).query)
    assert query == {"year": ["2026"], "from": ["3"], "to": ["5"]}
    response = client.get(
        reverse("supervision:stats_index"),
        {"agency": county.a.credit_code, "year": 2026, "month_from": 7, "month_to": 3},
        follow=True,
    )
    assert response.status_code == 200
    assert "起始月份不能晚于截止月份。" in response.content.decode()
    response = client.get(reverse("supervision:stats_index"), {"agency": "X" * 18, "year": 2026})
    assert response.status_code == 404


def test_section_channel_and_no_due_date_links(client, county, items, cases):
    """County-wide, categories are the first-level sections; a case without a due date (an
    imported one) is counted apart and listed by its own link."""
    from gongkai.applications.models import Application

    Application.objects.filter(pk=cases["plain"].pk).update(due_date=None, imported=True)
    client.force_login(county.office)
    page = build_page(county.office, county.government, YEAR, below=True)
    sections = {r.label: r for r in page.tables["items_category"].rows}
    news = sections["部门动态"]
    expected = {
        news.cells[0].url: _pks(
            items, "work_on_time", "work_late", "notice_no_date", "notice_on_time", "b_on_time"
        ),
        news.cells[1].url: _pks(items, "work_on_time", "notice_on_time", "b_on_time"),
    }
    total = page.tables["applications_agency"].rows[-1]
    assert total.total
    no_due = total.cells[4]
    assert no_due.value == 1
    channels = {r.label: r for r in page.tables["applications_channel"].rows}
    for url, pks in expected.items():
        shown, count = _list_pks(client, url, key="rows")
        assert shown == pks and count == len(pks), url
    shown, _count = _list_pks(client, no_due.url, key="rows")
    assert shown == {cases["plain"].pk}
    shown, _count = _list_pks(client, channels["挂号信函"].cells[0].url, key="rows")
    assert shown == {cases["open"].pk}
    agency_a = page.tables["applications_agency"].rows[1]
    assert agency_a.label == county.a.name
    assert agency_a.cells[2].value == 2  # on time: holiday and carried (plain has no due date)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_a_figure_opens_its_records(live_server, page, county, items):
    from tests.reports.test_browser_publish import login

    login(page, live_server.url, county.office)
    page.goto(
        live_server.url
        + reverse("supervision:stats_agency", args=[county.a.credit_code])
        + "?year=2026"
    )
    chart = page.locator("svg.chart[role=img]").first
    assert chart.locator("title").first.text_content() == "各月信息发布数量"
    page.locator("#items_agency td.num a").nth(2).click()  # the late items of bureau A
    page.wait_for_url(lambda url: "/staff/catalog/items/" in url)
    titles = set(page.locator("table.data tbody td:first-child a").all_inner_texts())
    assert titles == {items["work_late"].title, items["normative_late"].title}
    assert page.locator("#id_timeliness").input_value() == "late"
