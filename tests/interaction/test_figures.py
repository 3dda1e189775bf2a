"""The public figures of the letters equal the counts made from the records: letters built
through the services in several states and months, counted by hand from the rows and
compared with ``letter_figures`` and the public pages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.interaction.figures import letter_figures
from gongkai.interaction.models import Message
from gongkai.interaction.services import handling
from tests.interaction.conftest import D
from tests.interaction.published_helpers import letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def letters(county):
    """Bureau A and B's letters of 2026 (and one of 2025), in every state."""
    a, b = county.a, county.b
    # March: two replied on time and rated, one not accepted, one merged into the first.
    first = letter(
        a, written="2026-03-02", accept="2026-03-03", reply="2026-03-05", rating="satisfied"
    )
    letter(a, written="2026-03-09", accept="2026-03-10", reply="2026-03-12", rating="basically",
           kind="inquiry")  # fmt: skip
    refused = letter(a, written="2026-03-16")
    handling.message_not_accept(
        actor=a.handler, message=refused, reason="unclear", note="没有可以办理的事项"
    )
    duplicate = letter(a, written="2026-03-17")
    handling.message_merge(actor=a.handler, message=duplicate, into=first, reason="同一事项")
    # June: an inquiry replied late (3 working days), rated dissatisfied; a report replied.
    letter(a, written="2026-06-01", accept="2026-06-01", reply="2026-06-10", rating="dissatisfied",
           kind="inquiry")  # fmt: skip
    letter(b, written="2026-06-02", accept="2026-06-02", reply="2026-06-04", kind="report")
    # September: one open, one written in August and replied in September, one transferred
    # from A to B and replied there.
    letter(b, written="2026-09-21", accept="2026-09-22")
    letter(b, written="2026-08-31", accept="2026-09-01", reply="2026-09-03", kind="help")
    moved = letter(a, written="2026-09-07")
    handling.message_transfer(
        actor=a.handler, message=moved, to_agency=b.agency, reason="属住建局职责"
    )
    moved.refresh_from_db()
    handling.message_accept(actor=b.handler, message=moved, today=D("2026-09-08"))
    moved = handling.message_assign(actor=b.handler, message=moved, handler=b.handler)
    moved = handling.message_reply_draft(actor=b.handler, message=moved, reply="已处理。")
    from tests.interaction.conftest import at

    handling.message_reply_review(
        actor=b.reviewer, message=moved, approve=True, now=at("2026-09-10", 15)
    )
    # The year before: must not count in 2026.
    letter(a, written="2025-12-01", accept="2025-12-01", reply="2025-12-03", rating="satisfied")
    return county


def _by_hand(year: int, agency=None):
    """The definitions of the figures page, applied to the rows one by one."""
    rows = list(Message.objects.all())
    if agency is not None:
        rows = [m for m in rows if m.agency_id == agency.pk]
    received = [m for m in rows if m.received_on.year == year and m.status != "merged"]
    replied = [
        m for m in rows if m.replied_on and m.replied_on.year == year and m.status == "replied"
    ]
    timed = [m for m in replied if m.replied_on_time is not None]
    days = [m.reply_working_days for m in replied if m.reply_working_days is not None]
    rated = [m for m in replied if m.rating]
    return {
        "received": len(received),
        "not_accepted": sum(m.status == "not_accepted" for m in received),
        "replied": len(replied),
        "on_time": sum(m.replied_on_time is True for m in replied),
        "on_time_rate": (sum(m.replied_on_time is True for m in timed) / len(timed))
        if timed
        else None,
        "average_working_days": sum(days) / len(days) if days else None,
        "satisfied": sum(m.rating == "satisfied" for m in replied),
        "basically": sum(m.rating == "basically" for m in replied),
        "dissatisfied": sum(m.rating == "dissatisfied" for m in replied),
        "satisfaction_rate": (
            sum(m.rating in ("satisfied", "basically") for m in rated) / len(rated)
            if rated
            else None
        ),
        "by_month_received": {
            month: sum(m.received_on.month == month for m in received) for month in range(1, 13)
        },
        "by_month_replied": {
            month: sum(m.replied_on.month == month for m in replied) for month in range(1, 13)
        },
        "by_kind_received": {
            kind: sum(m.kind == kind for m in received)
            for kind in ("inquiry", "suggestion", "complaint", "help", "report", "praise")
        },
    }


def _computed(figures):
    t = figures.total
    return {
        "received": t.received,
        "not_accepted": t.not_accepted,
        "replied": t.replied,
        "on_time": t.on_time,
        "on_time_rate": t.on_time_rate,
        "average_working_days": t.average_working_days,
        "satisfied": t.satisfied,
        "basically": t.basically,
        "dissatisfied": t.dissatisfied,
        "satisfaction_rate": t.satisfaction_rate,
        "by_month_received": {m: x.received for m, x in figures.by_month.items()},
        "by_month_replied": {m: x.replied for m, x in figures.by_month.items()},
        "by_kind_received": {k: x.received for k, x in figures.by_kind.items()},
    }


def test_site_figures_equal_the_records(letters):
    figures = letter_figures(year=2026)
    assert _computed(figures) == _by_hand(2026)
    assert _computed(letter_figures(year=2025)) == _by_hand(2025)


def test_agency_figures_equal_the_records_and_add_up(letters):
    site = letter_figures(year=2026)
    for bureau in (letters.a, letters.b):
        figures = letter_figures(year=2026, agency=bureau.agency)
        assert _computed(figures) == _by_hand(2026, bureau.agency)
        assert site.by_agency[bureau.agency.pk].received == figures.total.received
        assert site.by_agency[bureau.agency.pk].replied == figures.total.replied
    assert sum(t.received for t in site.by_agency.values()) == site.total.received


def test_the_decisions_in_numbers(letters):
    a = letter_figures(year=2026, agency=letters.a.agency)
    # Received by A: 2 March replied + not accepted + June inquiry = 4 (the merged duplicate
    # is not counted, the transferred letter counts for B).
    assert a.total.received == 4 and a.total.not_accepted == 1
    assert a.total.replied == 3 and a.total.on_time == 2
    assert a.total.satisfaction_rate == pytest.approx(2 / 3)
    b = letter_figures(year=2026, agency=letters.b.agency)
    assert b.total.received == 4  # report, open, August help, the transferred one
    assert b.by_kind["report"].received == 1  # a 举报 counts, only its text is secret
    assert b.by_month[9].replied == 2 and b.by_month[8].received == 1


def test_the_public_page_shows_the_same_numbers_and_charts(client, letters):
    figures = letter_figures(year=2026)
    html = client.get(reverse("interaction:figures"), {"year": "2026"}).content.decode()
    received = re.search(r'id="fig-received">(\d+)<', html).group(1)
    replied = re.search(r'id="fig-replied">(\d+)<', html).group(1)
    assert int(received) == figures.total.received and int(replied) == figures.total.replied
    assert html.count("<svg") == 4 and 'role="img"' in html
    assert "<script" not in html.split("</head>")[1].split("<footer")[0]
    # The accessible tables: one row per month, per type and per agency.
    assert 'id="letters-by-month"' in html and 'id="letters-by-type"' in html
    assert letters.a.agency.name in html
    agency_url = reverse("interaction:agency_figures", args=[letters.a.agency.credit_code])
    assert f"{agency_url}?year=2026" in html
    html = client.get(agency_url, {"year": "2026"}).content.decode()
    assert re.search(r'id="fig-received">4<', html)
    assert 'id="letters-by-agency"' not in html
    # The definitions are on the page.
    assert 'class="figures-definitions"' in html


def test_the_year_is_chosen_and_checked(client, letters):
    url = reverse("interaction:figures")
    html = client.get(url, {"year": "2025"}).content.decode()
    assert re.search(r'id="fig-received">1<', html)
    assert client.get(url, {"year": "1999"}).status_code == 404
    assert client.get(url, {"year": "abc"}).status_code == 404
    assert client.get(url).status_code == 200  # this year by default
    missing = reverse("interaction:agency_figures", args=["000000000000000000"])
    assert client.get(missing).status_code == 404
