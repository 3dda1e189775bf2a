"""信息处理费 (国办函〔2020〕109号; RULES.md §1.5): the bands, the monthly count per applicant,
the fee notice, payment and the lapse to 其他处理 2."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from gongkai.applications.fees import FeeMethod, per_item_fee, per_page_fee
from gongkai.applications.models import Status
from gongkai.applications.outcomes import RULES, Outcome
from gongkai.applications.services.workflow import (
    WorkflowError,
    application_assign,
    earlier_items_this_month,
    fee_lapse,
    fee_notice_received,
    fee_notice_send,
    fee_paid,
)
from gongkai.audit.models import Event
from tests.applications.conftest import registered_application

D = dt.date.fromisoformat
NOW = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))
ID = "110101199003077777"


@pytest.mark.parametrize(
    ("items", "fee"),
    [(0, 0), (10, 0), (11, 100), (30, 2000), (31, 2200), (40, 4000), (41, 4300), (50, 7000)],
)
def test_per_item_bands(items, fee):
    assert per_item_fee(earlier_items_this_month=0, items=items) == Decimal(fee)


@pytest.mark.parametrize(
    ("pages", "fee"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_per_page_bands(pages, fee):
    assert per_page_fee(pages) == Decimal(fee)


def test_per_item_counts_on_from_the_items_earlier_in_the_month():
    # items 9–13 of the month: 11, 12 and 13 cost 100 each
    assert per_item_fee(earlier_items_this_month=8, items=5) == Decimal(300)
    # the whole month is progressive: 25 earlier + 10 new = items 26–35
    assert per_item_fee(earlier_items_this_month=25, items=10) == Decimal(5 * 100 + 5 * 200)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        per_item_fee(earlier_items_this_month=-1, items=1)
    with pytest.raises(ValueError):
        per_page_fee(-1)


def handling(county, received_on="2026-03-02", agency=None, **fields):
    application = registered_application(agency or county.a, received_on=received_on, **fields)
    return application_assign(
        actor=county.handler_a if agency in (None, county.a) else county.handler_b,
        application=application,
        handler=county.handler_a if agency in (None, county.a) else county.handler_b,
        now=NOW,
    )


def test_monthly_count_per_applicant_and_agency(county):
    # Eight earlier applications of the same person to bureau A in March …
    for day in range(2, 10):
        registered_application(county.a, received_on=f"2026-03-{day:02d}", id_number=ID)
    # … which do not count: February, another person, another agency.
    registered_application(county.a, received_on="2026-02-27", id_number=ID)
    registered_application(county.a, received_on="2026-03-03", id_number="110101198001010011")
    registered_application(county.b, received_on="2026-03-03", id_number=ID)
    application = handling(county, received_on="2026-03-10", id_number=ID)
    assert earlier_items_this_month(application) == 8
    fee = fee_notice_send(
        actor=county.handler_a,
        application=application,
        method=FeeMethod.PER_ITEM,
        units=5,
        sent_on=D("2026-03-11"),
        today=D("2026-03-11"),
    )
    # items 9–13 of the month: 11th, 12th and 13th at 100 yuan
    assert (fee.earlier_items, fee.amount) == (8, Decimal(300))


def test_an_earlier_per_item_notice_counts_its_units(county):
    earlier = handling(county, received_on="2026-03-02", id_number=ID)
    fee_notice_send(
        actor=county.handler_a,
        application=earlier,
        method=FeeMethod.PER_ITEM,
        units=12,
        sent_on=D("2026-03-03"),
        today=D("2026-03-03"),
    )
    later = handling(county, received_on="2026-03-04", id_number=ID)
    fee = fee_notice_send(
        actor=county.handler_a,
        application=later,
        method=FeeMethod.PER_ITEM,
        units=1,
        sent_on=D("2026-03-05"),
        today=D("2026-03-05"),
    )
    assert (fee.earlier_items, fee.amount) == (12, Decimal(100))


def test_same_day_applications_count_in_order_of_registration(county):
    first = handling(county, received_on="2026-03-02", id_number=ID)
    second = handling(county, received_on="2026-03-02", id_number=ID)
    assert earlier_items_this_month(first) == 0
    assert earlier_items_this_month(second) == 1


def test_nothing_payable_needs_no_notice(county):
    application = handling(county)
    with pytest.raises(WorkflowError) as exc:
        fee_notice_send(
            actor=county.handler_a,
            application=application,
            method=FeeMethod.PER_PAGE,
            units=30,
            sent_on=D("2026-03-03"),
            today=D("2026-03-03"),
        )
    assert "units" in exc.value.message_dict


def test_fee_notice_only_once_and_within_the_answer_period(county):
    application = handling(county)
    with pytest.raises(WorkflowError):
        fee_notice_send(
            actor=county.handler_a,
            application=application,
            method=FeeMethod.PER_PAGE,
            units=120,
            sent_on=D("2026-03-31"),  # due 30 March
            today=D("2026-03-31"),
        )
    fee = fee_notice_send(
        actor=county.handler_a,
        application=application,
        method=FeeMethod.PER_PAGE,
        units=120,
        sent_on=D("2026-03-05"),
        today=D("2026-03-05"),
    )
    assert fee.amount == Decimal(1100)  # 70 × 10 + 20 × 20
    application.refresh_from_db()
    assert application.status == Status.FEE
    with pytest.raises(WorkflowError):
        fee_notice_send(
            actor=county.handler_a,
            application=application,
            method=FeeMethod.PER_ITEM,
            units=20,
            sent_on=D("2026-03-05"),
            today=D("2026-03-05"),
        )


def _fee(county):
    application = handling(county)
    fee = fee_notice_send(
        actor=county.handler_a,
        application=application,
        method=FeeMethod.PER_PAGE,
        units=31,
        sent_on=D("2026-03-05"),
        today=D("2026-03-05"),
    )
    return application, fee


def test_payment_within_20_working_days_then_handling_resumes(county):
    application, fee = _fee(county)
    fee = fee_notice_received(
        actor=county.handler_a, fee=fee, received_on=D("2026-03-10"), today=D("2026-03-10")
    )
    # 20 working days from the day after receipt (11 March), 清明 4–6 April skipped
    assert fee.pay_by == D("2026-04-08")
    with pytest.raises(WorkflowError):  # not yet lapsed on the last day
        fee_lapse(actor=county.handler_a, fee=fee, today=D("2026-04-08"))
    fee_paid(actor=county.handler_a, fee=fee, paid_on=D("2026-03-20"), today=D("2026-03-20"))
    application.refresh_from_db()
    assert application.status == Status.HANDLING
    # RULES §1.5 leaves open whether the fee period pauses the clock: by default it does not.
    assert application.due_date == D("2026-03-30")


def test_fee_period_pauses_the_clock_when_configured(county, settings):
    settings.GONGKAI_FEE_NOTICE_PAUSES_CLOCK = True
    application, fee = _fee(county)
    fee_notice_received(
        actor=county.handler_a, fee=fee, received_on=D("2026-03-10"), today=D("2026-03-10")
    )
    fee_paid(actor=county.handler_a, fee=fee, paid_on=D("2026-03-13"), today=D("2026-03-13"))
    application.refresh_from_db()
    # paused 6–13 March (6 working days)
    assert application.paused_working_days == 6
    assert application.due_date == D("2026-04-08")


def test_unpaid_fee_lapses_to_other_2(county):
    application, fee = _fee(county)
    with pytest.raises(WorkflowError):  # pay_by unknown until the receipt is recorded
        fee_lapse(actor=county.handler_a, fee=fee, today=D("2026-06-01"))
    fee = fee_notice_received(
        actor=county.handler_a, fee=fee, received_on=D("2026-03-10"), today=D("2026-03-10")
    )
    application = fee_lapse(actor=county.handler_a, fee=fee, today=D("2026-04-09"))
    assert application.status == Status.DECIDED
    assert application.outcome == Outcome.OTHER_FEE_UNPAID  # 其他处理 2
    assert application.outcome_reason == RULES[Outcome.OTHER_FEE_UNPAID].reason
    assert application.decided_on == D("2026-04-09")
    fee.refresh_from_db()
    assert fee.lapsed_on == D("2026-04-09")
    assert Event.objects.filter(action="application.decide", object_id=str(application.pk))
    with pytest.raises(WorkflowError):  # paid after the lapse: too late
        fee_paid(actor=county.handler_a, fee=fee, paid_on=D("2026-04-09"), today=D("2026-04-09"))


def test_fee_audit_events(county):
    application, fee = _fee(county)
    fee_notice_received(
        actor=county.handler_a, fee=fee, received_on=D("2026-03-10"), today=D("2026-03-10")
    )
    fee_paid(actor=county.handler_a, fee=fee, paid_on=D("2026-03-20"), today=D("2026-03-20"))
    actions = list(
        Event.objects.filter(object_id=str(application.pk), action__startswith="application.fee")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "application.fee_notice_send",
        "application.fee_notice_received",
        "application.fee_paid",
    ]
    sent = Event.objects.get(action="application.fee_notice_send")
    assert sent.data["amount"] == "10"
    assert sent.actor == county.handler_a
