"""The workbench list: who sees it, my cases and the agency's, every filter, urgency in words
and colour, masked ID numbers, bounded queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import ngettext

from gongkai.applications.models import ApplicantKind, Channel, IdType, Status
from gongkai.applications.services.workflow import application_assign, application_decide
from gongkai.applications.views_staff.common import urgency
from gongkai.workdays.selectors import load_calendar
from tests.applications.conftest import registered_application
from tests.applications.staff_helpers import FULL_ID, MASKED_ID, freeze_today

pytestmark = pytest.mark.django_db

LIST = "applications_staff:list"


def login(client, user):
    client.force_login(user)
    return client


def numbers(response) -> set[str]:
    return {a.number for a in response.context["rows"]}


@pytest.fixture
def cases(county, monkeypatch):
    """Cases of bureau A in several states, seen on Thursday 26 March 2026."""
    freeze_today(monkeypatch, "2026-03-26")
    a = county.a
    c = {
        "due2": registered_application(a, "2026-03-02", id_number=FULL_ID),  # due 30 March
        "late": registered_application(a, "2026-01-05"),  # due early February
        "far": registered_application(a, "2026-03-20"),
        "post": registered_application(a, "2026-03-19", channel=Channel.POST),
        "org": registered_application(
            a,
            "2026-03-18",
            applicant_kind=ApplicantKind.COMMERCIAL,
            id_type=IdType.CREDIT_CODE,
            id_number="91330100MA2B3C4D5E",
            applicant_name="测试有限公司",
        ),
        "old": registered_application(a, "2025-12-01"),
        "other_agency": registered_application(county.b, "2026-03-02"),
    }
    for key in ("due2", "late", "far"):
        application_assign(actor=county.admin, application=c[key], handler=county.handler_a)
    application_assign(actor=county.admin, application=c["post"], handler=county.handler_a2)
    return c


def test_list_needs_an_application_role(client, county):
    login(client, county.officer_a)
    assert client.get(reverse(LIST)).status_code == 403


def test_anonymous_is_sent_to_login(client, county):
    response = client.get(reverse(LIST))
    assert response.status_code == 302


def test_my_cases_and_the_agencys_cases(client, county, cases):
    login(client, county.handler_a)
    mine = client.get(reverse(LIST))
    assert mine.context["tab"] == "mine"
    assert numbers(mine) == {cases[k].number for k in ("due2", "late", "far")}
    everything = client.get(reverse(LIST), {"tab": "all"})
    expected = {c.number for k, c in cases.items() if k != "other_agency"}
    assert numbers(everything) == expected
    assert cases["other_agency"].number not in everything.content.decode()


def test_leader_and_office_see_all_cases_in_scope(client, county, cases):
    login(client, county.leader_a)
    response = client.get(reverse(LIST))
    assert response.context["tab"] == "all"
    assert cases["other_agency"].number not in numbers(response)
    client.logout()
    login(client, county.office)
    response = client.get(reverse(LIST), {"tab": "all"})
    assert cases["other_agency"].number in numbers(response)
    assert cases["due2"].number in numbers(response)


def test_filter_status(client, county, cases):
    login(client, county.leader_a)
    registered = client.get(reverse(LIST), {"tab": "all", "status": Status.REGISTERED})
    assert numbers(registered) == {cases[k].number for k in ("org", "old")}
    handling = client.get(reverse(LIST), {"tab": "all", "status": Status.HANDLING})
    assert numbers(handling) == {cases[k].number for k in ("due2", "late", "far", "post")}


def test_filter_overdue_and_due_within(client, county, cases):
    login(client, county.leader_a)
    overdue = client.get(reverse(LIST), {"tab": "all", "overdue": "on"})
    assert cases["late"].number in numbers(overdue)
    assert cases["due2"].number not in numbers(overdue)
    soon = client.get(reverse(LIST), {"tab": "all", "due_within": "2"})
    assert numbers(soon) == {cases["due2"].number}
    none = client.get(reverse(LIST), {"tab": "all", "due_within": "1"})
    assert numbers(none) == set()


def test_filter_outcome(client, county, cases):
    application_decide(
        actor=county.handler_a,
        application=cases["far"],
        outcome="unavailable_1",
    )
    application_decide(
        actor=county.handler_a,
        application=cases["due2"],
        outcome="withheld_1",
    )
    login(client, county.handler_a)
    response = client.get(
        reverse(LIST), {"tab": "all", "status": "all", "outcome": "unavailable_1"}
    )
    assert numbers(response) == {cases["far"].number}


def test_filter_applicant_kind_channel_year(client, county, cases):
    login(client, county.leader_a)
    orgs = client.get(reverse(LIST), {"tab": "all", "applicant_kind": "organization"})
    assert numbers(orgs) == {cases["org"].number}
    commercial = client.get(reverse(LIST), {"tab": "all", "applicant_kind": "commercial"})
    assert numbers(commercial) == {cases["org"].number}
    people = client.get(reverse(LIST), {"tab": "all", "applicant_kind": "natural_person"})
    assert cases["org"].number not in numbers(people)
    post = client.get(reverse(LIST), {"tab": "all", "channel": Channel.POST})
    assert numbers(post) == {cases["post"].number}
    y2025 = client.get(reverse(LIST), {"tab": "all", "year": "2025"})
    assert numbers(y2025) == {cases["old"].number}


def test_urgency_colour_and_words(client, county, cases):
    login(client, county.handler_a)
    response = client.get(reverse(LIST))
    rows = {a.number: a for a in response.context["rows"]}
    due2 = rows[cases["due2"].number].urgency
    assert (due2.level, due2.days_left) == ("due2", 2)
    assert due2.text == ngettext("%(n)d working day left", "%(n)d working days left", 2) % {"n": 2}
    late = rows[cases["late"].number].urgency
    assert late.level == "overdue" and late.days_left < 0
    assert late.text == ngettext(
        "Overdue by %(n)d working day", "Overdue by %(n)d working days", -late.days_left
    ) % {"n": -late.days_left}
    assert rows[cases["far"].number].urgency.level == "normal"
    html = response.content.decode()
    assert 'class="urgency urgency-overdue"' in html and late.text in html
    assert 'class="urgency urgency-due2"' in html


def test_urgency_levels():
    calendar = load_calendar([2026])
    from types import SimpleNamespace

    from tests.applications.staff_helpers import D

    def level(due, today="2026-03-16"):
        case = SimpleNamespace(status=Status.HANDLING, due_date=D(due))
        return urgency(case, calendar, D(today)).level

    assert level("2026-03-16") == "due2"  # due today
    assert level("2026-03-18") == "due2"
    assert level("2026-03-19") == "due5"
    assert level("2026-03-23") == "due5"  # 5 working days
    assert level("2026-03-24") == "normal"
    assert level("2026-03-13") == "overdue"
    assert level("2026-03-13", today="2026-03-14") == "overdue"  # a Saturday after the due day
    stopped = SimpleNamespace(status=Status.CORRECTION, due_date=None)
    assert urgency(stopped, calendar, D("2026-03-16")).level == "stopped"


def test_ids_are_masked_in_the_list_for_everyone(client, county, cases):
    for user in (county.handler_a, county.leader_a, county.office, county.admin):
        client.logout()
        login(client, user)
        html = client.get(reverse(LIST), {"tab": "all"}).content.decode()
        assert FULL_ID not in html
        assert MASKED_ID in html


def test_list_queries_are_bounded(client, county, cases):
    for _ in range(10):
        registered_application(county.a, "2026-03-10")
    login(client, county.leader_a)
    client.get(reverse(LIST))  # warm up the session and caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(LIST), {"tab": "all"})
    for _ in range(10):
        registered_application(county.a, "2026-03-11")
    with CaptureQueriesContext(connection) as more:
        client.get(reverse(LIST), {"tab": "all"})
    assert len(more) == len(few)


def test_staff_home_has_the_card(client, county):
    login(client, county.handler_a)
    html = client.get(reverse("portal:staff_home")).content.decode()
    assert reverse(LIST) in html
    client.logout()
    login(client, county.officer_a)
    html = client.get(reverse("portal:staff_home")).content.decode()
    assert reverse(LIST) not in html
