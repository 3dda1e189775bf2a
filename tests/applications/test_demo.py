"""The demo county's applications: every state and every outcome, built once.

Built at scale 0 (only the cases that show each state, outcome, overdue case and remedy; the
full build issues dozens of PDFs), once for the whole test.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.credit_code import validate_credit_code
from gongkai.applications.demo import FIRST_DAY, build_applications
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    Delivery,
    Letter,
    LetterKind,
    Remedy,
    RemedyKind,
    RemedyResult,
    Status,
    Step,
)
from gongkai.applications.outcomes import Outcome
from gongkai.applications.services.clock import calendar_for
from gongkai.audit.models import Event
from gongkai.catalog.privacy import is_valid_id_number
from gongkai.core.demo import BUILDERS
from gongkai.core.demo.county import build_county

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, int]:
    return {
        "applications": Application.objects.count(),
        "steps": Step.objects.count(),
        "letters": Letter.objects.count(),
        "deliveries": Delivery.objects.count(),
        "remedies": Remedy.objects.count(),
        "events": Event.objects.count(),
        "users": User.objects.count(),
    }


def _next_year_calendar():
    """Open cases received in December are due in January: when the seed data does not reach
    next year yet (the State Council announces it late in the year), enter it as an
    administrator would — here with New Year's Day only — so that every due date exists."""
    import datetime as dt

    from gongkai.workdays.models import CalendarYear
    from gongkai.workdays.services import calendar_year_set

    year = timezone.localdate().year + 1
    if not CalendarYear.objects.filter(year=year).exists():
        from gongkai.accounts.models import Role
        from tests.factories import staff

        calendar_year_set(
            actor=staff(Role.SYSTEM_ADMIN),
            year=year,
            holidays={dt.date(year, 1, 1): "元旦"},
            workdays={},
        )


def test_demo_applications_cover_every_state_and_outcome_and_build_once(client):
    assert build_applications in BUILDERS
    assert not build_applications().created  # no county yet: nothing to do
    build_county()
    _next_year_calendar()
    result = build_applications(scale=0)
    assert result.created
    today = timezone.localdate()
    applications = Application.objects.all()
    assert 30 <= applications.count() <= 50
    assert result.counts["applications"] == applications.count()

    # Every state and every outcome; every closed case has an issued reply.
    assert set(applications.values_list("status", flat=True)) == set(Status.values)
    closed = applications.filter(status__in=[Status.REPLIED, Status.ARCHIVED])
    assert set(closed.values_list("outcome", flat=True)) == set(Outcome.values)
    for application in closed:
        reply = application.letters.get(kind=LetterKind.REPLY)
        assert reply.issued_at and reply.pdf and reply.sha256
        assert application.replied_on == timezone.localdate(reply.issued_at)
    assert applications.filter(status=Status.ARCHIVED).exists()
    assert Delivery.objects.count() >= closed.count() // 2
    # The lapses and the transfer went through their services.
    assert closed.get(outcome=Outcome.OTHER_NO_CORRECTION).correction.lapsed_on
    assert closed.get(outcome=Outcome.OTHER_FEE_UNPAID).fee.lapsed_on
    transferred = closed.get(outcome=Outcome.UNAVAILABLE_NOT_HELD)
    assert transferred.referral_agency and transferred.referral_contact

    # Open cases: overdue ones, one due soon, a running consultation, an approved extension,
    # a fee notice, a draft reply.
    handling = applications.filter(status=Status.HANDLING)
    assert handling.filter(due_date__lt=today).exists()
    assert handling.filter(due_date__gte=today).exists()
    assert not handling.filter(due_date=None).exists()
    assert handling.filter(consultations__replied_on__isnull=True).exists()
    assert handling.filter(extension__approved_on__isnull=False).exists()
    assert applications.get(status=Status.FEE).fee.pay_by >= today
    decided = applications.get(status=Status.DECIDED)
    assert decided.letters.get(kind=LetterKind.REPLY).issued_at is None
    assert applications.filter(status=Status.SUBMITTED, received_on__isnull=True).exists()

    # Remedies: reconsideration upheld and corrected, a lawsuit after one, one pending.
    remedies = Remedy.objects.all()
    assert remedies.filter(kind=RemedyKind.RECONSIDERATION, result=RemedyResult.UPHELD).exists()
    assert remedies.filter(result=RemedyResult.CORRECTED).exists()
    assert remedies.filter(kind=RemedyKind.LITIGATION, after_reconsideration=True).exists()
    assert remedies.filter(result=RemedyResult.PENDING).exists()

    # Received on working days of the demo year, by valid applicants, through every channel.
    calendar = calendar_for(FIRST_DAY)
    received = applications.exclude(received_on=None)
    for day in received.values_list("received_on", flat=True):
        assert FIRST_DAY <= day <= today and calendar.is_working_day(day)
    for kind, number in applications.values_list("applicant_kind", "id_number"):
        if kind == ApplicantKind.NATURAL_PERSON:
            assert is_valid_id_number(number, today=today), number
        else:
            validate_credit_code(number)
    assert len(set(applications.values_list("channel", flat=True))) >= 4
    assert len(set(applications.values_list("agency", flat=True))) >= 3
    assert Step.objects.filter(at__date__lt=today - dt.timedelta(days=100)).exists()
    assert Event.objects.filter(action="application.decide").count() >= closed.count()

    # A second run changes nothing.
    before = _snapshot()
    again = build_applications(scale=0)
    assert not again.created
    assert _snapshot() == before

    # The staff workbench and the public tracking form render with the demo data.
    client.force_login(User.objects.get(username="gov_handler"))
    response = client.get("/staff/applications/")
    assert response.status_code == 200
    gov_case = closed.filter(agency__name="蓝湾县人民政府").first()
    assert client.get(f"/staff/applications/{gov_case.pk}/").status_code == 200
    client.logout()
    assert client.get("/apply/track/").status_code == 200
