"""The time limits of letters: working days from the day after acceptance, per type and per
agency, across holidays and 调休, with extensions approved by a 领导."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.interaction.models import MessageStatus
from gongkai.interaction.services import handling
from gongkai.interaction.services.mailboxes import time_limits_set
from tests.interaction.conftest import D, accepted, assigned, at, write_letter

pytestmark = pytest.mark.django_db


def test_an_inquiry_is_due_three_working_days_after_the_day_of_acceptance(county):
    # Accepted Thursday 24 September; 25–27 September are the 中秋 holiday.
    message = accepted(county.a, day="2026-09-24", kind="inquiry")
    assert message.time_limit_days == 3
    assert message.due_date == D("2026-09-30")


def test_a_complaint_takes_thirteen_working_days_across_the_national_day_and_its_make_up_day(
    county,
):
    message = accepted(county.a, day="2026-09-24", kind="complaint")
    # 28, 29, 30 Sep; 8, 9 Oct; Saturday 10 Oct is a make-up working day; 12–16, 19, 20 Oct.
    assert message.time_limit_days == 13
    assert message.due_date == D("2026-10-20")


def test_acceptance_on_a_make_up_sunday_counts_from_the_next_day(county):
    message, _ = write_letter(county.a.agency, kind="help", now=at("2026-09-20", 9))
    message = handling.message_accept(
        actor=county.a.handler, message=message, today=D("2026-09-20")
    )
    assert message.due_date == D("2026-09-23")


def test_site_setting_and_agency_limits_replace_the_defaults(county, settings):
    settings.GONGKAI_MESSAGE_TIME_LIMITS = {"inquiry": 5}
    assert accepted(county.b, day="2026-09-24", kind="inquiry").time_limit_days == 5
    time_limits_set(
        actor=county.a.admin, agency=county.a.agency, limits={"inquiry": 2, "complaint": 10}
    )
    message = accepted(county.a, day="2026-09-24", kind="inquiry")
    assert message.time_limit_days == 2 and message.due_date == D("2026-09-29")
    assert accepted(county.a, day="2026-09-24", kind="complaint").time_limit_days == 10


def test_only_the_agency_admin_sets_its_time_limits(county):
    for user in (county.a.handler, county.a.leader, county.b.admin, county.office):
        with pytest.raises(PermissionDenied):
            time_limits_set(actor=user, agency=county.a.agency, limits={"inquiry": 2})


def test_an_approved_extension_moves_the_due_date(county):
    message = assigned(county.a, day="2026-09-24", kind="inquiry")
    extension = handling.extension_request(
        actor=county.a.handler, message=message, days=5, reason="需现场核实", today=D("2026-09-28")
    )
    message.refresh_from_db()
    assert message.due_date == D("2026-09-30")  # not yet approved
    handling.extension_decide(
        actor=county.a.leader, extension=extension, approve=True, today=D("2026-09-29")
    )
    message.refresh_from_db()
    # 3 + 5 working days from 24 Sep: 28, 29, 30 Sep, 8, 9, 10 (Sat, 调休), 12, 13 Oct.
    assert message.extension_days == 5
    assert message.due_date == D("2026-10-13")
    assert message.steps.filter(kind="extended", public=True).exists()


def test_a_refused_extension_leaves_the_due_date(county):
    message = assigned(county.a, day="2026-09-24", kind="inquiry")
    extension = handling.extension_request(
        actor=county.a.handler, message=message, days=5, reason="需现场核实", today=D("2026-09-28")
    )
    handling.extension_decide(
        actor=county.a.leader, extension=extension, approve=False, note="时限内可办结"
    )
    message.refresh_from_db()
    assert message.due_date == D("2026-09-30") and message.extension_days == 0


def test_extensions_are_decided_by_a_leader_of_the_agency_only(county):
    message = assigned(county.a, day="2026-09-24")
    extension = handling.extension_request(
        actor=county.a.handler, message=message, days=3, reason="需协调", today=D("2026-09-28")
    )
    for user in (
        county.a.handler,
        county.a.reviewer,
        county.a.admin,
        county.b.leader,
        county.office,
    ):
        with pytest.raises(PermissionDenied):
            handling.extension_decide(actor=user, extension=extension, approve=True)


def test_an_extension_is_asked_for_before_the_due_date_within_the_cap(county, settings):
    message = assigned(county.a, day="2026-09-24", kind="inquiry")
    with pytest.raises(ValidationError):
        handling.extension_request(
            actor=county.a.handler, message=message, days=3, reason="晚了", today=D("2026-10-08")
        )
    settings.GONGKAI_MESSAGE_MAX_EXTENSION_DAYS = 4
    with pytest.raises(ValidationError):
        handling.extension_request(
            actor=county.a.handler, message=message, days=5, reason="太长", today=D("2026-09-28")
        )
    handling.extension_request(
        actor=county.a.handler, message=message, days=4, reason="可以", today=D("2026-09-28")
    )
    with pytest.raises(ValidationError):  # one waiting at a time
        handling.extension_request(
            actor=county.a.handler, message=message, days=1, reason="再来", today=D("2026-09-28")
        )
    assert message.status == MessageStatus.ASSIGNED
