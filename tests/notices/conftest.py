"""Fixtures for the notices tests: a county with two bureaus and staff of every role, and
helpers that take a notice through the real services to a wanted state.

Fixed times are passed to the services as ``now``. The 2026 working-day calendar comes from
the seed migration (National Day 1–7 October, make-up working day Saturday 10 October), so
the working-day periods here are the real ones. Pages read the real date: the helpers
``*_today`` place a notice around it, and ``calendar_now`` enters the current and next year
(weekends and New Year's Day only) where the seed data does not reach.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind
from gongkai.notices import services
from gongkai.notices.models import Kind
from gongkai.workdays.models import CalendarYear
from gongkai.workdays.services import calendar_year_set
from tests.factories import AgencyFactory, staff

D = dt.date.fromisoformat


def at(day: str | dt.date, hour: int = 10) -> dt.datetime:
    if isinstance(day, str):
        day = D(day)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


BODY = (
    "<p>根据干部选拔任用有关规定，现将拟任职人选予以公示。</p>"
    "<table><tr><th>姓名</th><th>现任职务</th><th>拟任职务</th></tr>"
    "<tr><td>王晓明</td><td>县财政局预算科科长</td><td>县财政局副局长</td></tr></table>"
)


def notice_fields(**overrides) -> dict:
    """A valid 任前公示 starting Wednesday 30 September 2026 (5 working days: 30 September,
    8, 9, 10 (Saturday, make-up working day) and 12 October)."""
    fields = {
        "kind": Kind.APPOINTMENT,
        "title": "蓝湾县财政局拟任职干部任前公示",
        "body_html": BODY,
        "starts_on": D("2026-09-30"),
        "contact_department": "县委组织部干部监督科",
        "objection_phone": "0579-80001234",
        "objection_address": "测试县人民路1号",
        "accepts_online": True,
    }
    fields.update(overrides)
    return fields


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def county(db):
    """A county government with bureaus ``a`` and ``b`` and staff: per bureau ``officer_*``
    (信息员), ``reviewer_*`` (审核员), ``admin_*`` (机关管理员); for ``a`` also ``leader_a``
    (领导) and ``handler_a`` (办理人); ``office`` (公开办 of the government) and ``sysadmin``."""
    government = AgencyFactory(
        name="测试县人民政府", short_name="测试县政府", kind=AgencyKind.GOVERNMENT
    )
    a = AgencyFactory(name="测试县财政局", short_name="财政局", parent=government)
    b = AgencyFactory(name="测试县教育局", short_name="教育局", parent=government)
    return SimpleNamespace(
        government=government,
        a=a,
        b=b,
        officer_a=staff(Role.OFFICER, a),
        reviewer_a=staff(Role.REVIEWER, a),
        admin_a=staff(Role.AGENCY_ADMIN, a),
        leader_a=staff(Role.LEADER, a),
        handler_a=staff(Role.HANDLER, a),
        officer_b=staff(Role.OFFICER, b),
        reviewer_b=staff(Role.REVIEWER, b),
        admin_b=staff(Role.AGENCY_ADMIN, b),
        office=staff(Role.DISCLOSURE_OFFICE, government),
        sysadmin=staff(Role.SYSTEM_ADMIN),
    )


@pytest.fixture
def calendar_now(county):
    """The current and next calendar year entered where the seed data does not have them."""
    year = timezone.localdate().year
    for y in (year - 1, year, year + 1):
        if not CalendarYear.objects.filter(year=y).exists():
            calendar_year_set(
                actor=county.sysadmin, year=y, holidays={dt.date(y, 1, 1): "元旦"}, workdays={}
            )


def create(county, *, agency=None, actor=None, **overrides):
    return services.notice_create(
        actor=actor or county.officer_a, agency=agency or county.a, **notice_fields(**overrides)
    )


def publish(county, notice, *, now=None, confirm_findings=False, reviewer=None):
    """Submitted by the officer and published by the reviewer, on the first day by default."""
    now = now or at(notice.starts_on, 9)
    services.notice_submit(actor=county.officer_a, notice=notice, now=now)
    return services.notice_publish(
        actor=reviewer or county.reviewer_a,
        notice=notice,
        confirm_findings=confirm_findings,
        now=now,
    )


def published(county, **overrides):
    return publish(county, create(county, **overrides))


def result(county, notice, *, outcome="no_objection", text="公示期满，未收到异议。", now=None):
    return services.notice_record_result(
        actor=county.admin_a,
        notice=notice,
        outcome=outcome,
        text=text,
        now=now or at(notice.ends_on + dt.timedelta(days=1)),
    )


OBJECTION = {"name": "赵六", "phone": "13912345678", "text": "反映该同志在项目审批中存在问题。"}


def object_online(notice, *, now=None, **overrides):
    return services.objection_submit(
        notice=notice, data={**OBJECTION, **overrides}, now=now or at(notice.starts_on, 15)
    )


def in_period_today(county, *, agency=None, kind=Kind.OTHER, **overrides):
    """A notice in its period today (natural days, started two days ago, 7 days)."""
    today = timezone.localdate()
    n = create(
        county, agency=agency, kind=kind, starts_on=today - dt.timedelta(days=2), **overrides
    )
    services.notice_submit(actor=county.officer_a, notice=n, now=at(n.starts_on, 8))
    return services.notice_publish(actor=county.reviewer_a, notice=n, now=at(n.starts_on, 9))


def ended_with_result(
    county, *, outcome="no_objection", text="公示期满，未收到异议。", **overrides
):
    """A notice that ended yesterday a week after it began, with its result recorded today."""
    today = timezone.localdate()
    n = create(county, kind=Kind.OTHER, starts_on=today - dt.timedelta(days=7), **overrides)
    n = publish(county, n)
    if outcome != "no_objection":
        o = object_online(n)
        services.objection_handle(
            actor=county.admin_a,
            objection=o,
            finding="not_upheld",
            reply_note="经核实，反映问题不属实，已电话告知。",
            now=at(n.ends_on),
        )
    return services.notice_record_result(
        actor=county.admin_a, notice=n, outcome=outcome, text=text, now=timezone.now()
    )
