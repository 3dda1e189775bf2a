"""The demo builds a year of internal items for two bureaus, once: eleven statements and
spending reports (last month's missing, so the reminder fires), the yearly kinds, evaluation
results for one department, read receipts and answered questions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.internal.demo import build_internal
from gongkai.internal.jobs import remind_missing_statements
from gongkai.internal.models import (
    InternalItem,
    InternalKind,
    InternalQuestion,
    InternalStatus,
    ReadReceipt,
)
from gongkai.internal.permissions import can_view_internal
from gongkai.internal.selectors import read_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_county():
    from gongkai.core.demo.county import build_county

    build_county()


def _last_month(today: dt.date) -> tuple[int, int]:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return first.year, first.month


def test_a_year_of_internal_items_once(demo_county, django_capture_on_commit_callbacks):
    result = build_internal()
    assert result.created and result.items >= 60
    today = timezone.localdate()
    for name in ("蓝湾县财政局", "蓝湾县民政局"):
        agency = Agency.objects.get(name=name)
        posted = InternalItem.objects.filter(agency=agency, status=InternalStatus.POSTED)
        statements = posted.filter(kind=InternalKind.FINANCE)
        assert statements.count() == 11
        assert not statements.filter(year=_last_month(today)[0], month=_last_month(today)[1])
        assert posted.filter(kind=InternalKind.SPENDING).count() == 11
        for kind in (InternalKind.INTEGRITY, InternalKind.SALARY, InternalKind.DECISION):
            assert posted.filter(kind=kind).exists(), kind
        evaluation = posted.get(kind=InternalKind.EVALUATION)
        assert [d.name for d in evaluation.departments.all()] == ["办公室"]
        assert InternalItem.objects.filter(agency=agency, status=InternalStatus.WITHDRAWN).exists()
        assert InternalItem.objects.filter(agency=agency, status=InternalStatus.DRAFT).exists()
        reads = read_list(statements.order_by("year", "month").first())
        assert len(reads.receipts) >= 3
        assert all(
            r.read_at >= r.item.posted_at for r in ReadReceipt.objects.filter(item__agency=agency)
        )
        assert all(
            can_view_internal(r.user, r.item) for r in ReadReceipt.objects.filter(item=evaluation)
        )
        answered = InternalQuestion.objects.filter(item__agency=agency, answered_at__isnull=False)
        assert answered.count() >= 3
        assert InternalQuestion.objects.filter(
            item__agency=agency, answered_at__isnull=True
        ).exists()
    assert (
        max(InternalItem.objects.values_list("posted_at", flat=True).exclude(posted_at=None))
        <= timezone.now()
    )
    # the missing statement is reminded from the 10th of this month
    with django_capture_on_commit_callbacks(execute=True):
        remind_missing_statements(
            timezone.make_aware(
                dt.datetime.combine(today.replace(day=max(today.day, 10)), dt.time(8))
            )
        )
    assert len(mail.outbox) == 2
    again = build_internal()
    assert not again.created and again.items == InternalItem.objects.count()
