"""The counts per period equal what the records say, and the sentence for the work summary
is made from them."""

from __future__ import annotations

import pytest

from gongkai.hotline.counts import Period, contact_counts
from gongkai.hotline.models import Contact
from gongkai.hotline.selectors import contacts_visible_to
from gongkai.hotline.services import follow_up_record
from gongkai.interaction.services import handling
from tests.hotline.conftest import VISIT, D, answered, at, register, reply_letter, work_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(county):
    """Calls and visits of bureau A in March, April and September 2026, in every state."""
    a, b = county.a, county.b
    answered(a, day="2026-03-02")
    answered(a, VISIT, day="2026-03-03", visitors=6)  # a group visit
    c = answered(a, day="2026-04-07")
    follow_up_record(
        actor=a.handler, contact=c, reached=True, satisfaction="satisfied", now=at("2026-04-08")
    )
    c = answered(a, VISIT, day="2026-04-08", visitors=2)
    follow_up_record(
        actor=a.handler, contact=c, reached=True, satisfaction="dissatisfied", now=at("2026-04-09")
    )
    register(a, now=at("2026-04-09"))  # not yet answered
    # Work orders: one replied and followed up, one dispatched to B and replied there,
    # one open, one not accepted.
    contact, message = work_order(a, day="2026-09-21")
    reply_letter(a, message)
    contact.refresh_from_db()
    follow_up_record(
        actor=a.handler,
        contact=contact,
        reached=True,
        satisfaction="basically",
        now=at("2026-09-25"),
    )
    contact, message = work_order(a, VISIT, day="2026-09-21", to=b)
    reply_letter(b, message)
    work_order(a, day="2026-09-22")
    contact, message = work_order(a, day="2026-09-22")
    handling.message_not_accept(
        actor=a.handler, message=message, reason="out_of_scope", note="不属于本县管辖事项"
    )
    # Bureau B's own call in September.
    answered(b, day="2026-09-23")
    return county


def _expected(contacts):
    """The counts made by hand from the records."""
    from gongkai.hotline import rules

    return {
        "received": len(contacts),
        "visitors": sum(c.visitors for c in contacts),
        "group_visits": sum(rules.is_group_visit(c.kind, c.visitors) for c in contacts),
        "answered": sum(c.status == "answered" for c in contacts),
        "work_orders": sum(c.status == "work_order" for c in contacts),
        "dispatched": sum(
            c.status == "work_order" and c.message.agency_id != c.agency_id for c in contacts
        ),
        "concluded": sum(rules.concluded_at(c) is not None for c in contacts),
        "followed_up": sum(c.follow_up == "done" for c in contacts),
        "satisfied": sum(c.satisfaction == "satisfied" for c in contacts),
        "basically": sum(c.satisfaction == "basically" for c in contacts),
        "dissatisfied": sum(c.satisfaction == "dissatisfied" for c in contacts),
    }


def _actual(counts):
    return {name: getattr(counts, name) for name in _expected([])}


@pytest.mark.parametrize(
    ("period", "first", "last"),
    [
        (Period("year", 2026), "2026-01-01", "2026-12-31"),
        (Period("quarter", 2026, 2), "2026-04-01", "2026-06-30"),
        (Period("month", 2026, 9), "2026-09-01", "2026-09-30"),
        (Period("month", 2026, 3), "2026-03-01", "2026-03-31"),
    ],
)
def test_counts_equal_the_records(records, period, first, last):
    page = contact_counts(Contact.objects.all(), period)
    contacts = [
        c
        for c in Contact.objects.select_related("message")
        if D(first) <= c.started_at.astimezone(at(first).tzinfo).date() <= D(last)
    ]
    assert _actual(page.total) == _expected(contacts)
    calls = [c for c in contacts if c.kind == "call"]
    visits = [c for c in contacts if c.kind == "visit"]
    assert _actual(page.calls) == _expected(calls)
    assert _actual(page.visits) == _expected(visits)
    for row in page.rows:
        mine = [c for c in contacts if c.agency_id == row.agency.pk and c.kind == row.kind]
        assert _actual(row.counts) == _expected(mine)
    assert sum(r.counts.received for r in page.rows) == len(contacts)


def test_the_year_in_numbers(records):
    page = contact_counts(Contact.objects.all(), Period("year", 2026))
    total = page.total
    assert (total.received, total.answered, total.work_orders) == (10, 5, 4)
    assert total.dispatched == 1
    assert total.concluded == 7  # 5 answered + 2 work orders replied
    assert total.followed_up == 3
    assert total.satisfaction_rate == pytest.approx(2 / 3)
    assert page.visits.visitors == 6 + 2 + 1 and page.visits.group_visits == 1


def test_the_sentence_for_the_work_summary(records):
    page = contact_counts(Contact.objects.all(), Period("year", 2026))
    assert page.sentence == (
        "受理来电7件，接待来访3件（9人次），查处结案7件，其中当场答复5件；回访3件，满意率66.7%。"
    )


def test_a_reader_counts_only_the_agencies_he_may_see(records):
    page = contact_counts(contacts_visible_to(records.b.handler), Period("year", 2026))
    assert page.total.received == 1
    assert {r.agency for r in page.rows} == {records.b.agency}
    office = contact_counts(contacts_visible_to(records.office), Period("year", 2026))
    assert office.total.received == 10


def test_periods():
    assert Period("quarter", 2026, 4).start == D("2026-10-01")
    assert Period("quarter", 2026, 4).end == D("2026-12-31")
    assert Period("month", 2024, 2).end == D("2024-02-29")
    with pytest.raises(ValueError):
        Period("quarter", 2026, 5)
    today = D("2026-06-01")
    assert Period.from_query({}, today) == Period("year", 2026)
    assert Period.from_query({"period": "month", "year": "2026", "n": "13"}, today) is None
    assert Period.from_query({"period": "week"}, today) is None
    assert Period.from_query({"year": "x"}, today) is None
