"""Fixtures for the solicitation tests: a county with two bureaus and staff of every role, and
helpers that take a solicitation through the real services to a wanted state.

Times are fixed (``NOW`` = Monday 4 May 2026, 10:00 local) and passed to the services as
``now``; solicitation periods are natural days, so no working-day calendar is involved.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind
from gongkai.solicitation import services
from gongkai.solicitation.models import Kind
from tests.factories import AgencyFactory, staff

D = dt.date.fromisoformat


def at(day: str | dt.date, hour: int = 10) -> dt.datetime:
    if isinstance(day, str):
        day = D(day)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


NOW = at("2026-05-04")
TODAY = D("2026-05-04")

DRAFT_HTML = "<p>第一条 为规范县级专项资金管理，制定本办法。</p><p>第二条 本办法适用于县级财政安排的专项资金。</p>"


def solicitation_fields(**overrides) -> dict:
    """The fields of a valid solicitation open for 30 days from 4 May 2026."""
    fields = {
        "title": "蓝湾县县级专项资金管理办法（征求意见稿）",
        "summary": "为规范专项资金管理，现公开征求社会各界意见。",
        "draft_html": DRAFT_HTML,
        "explanation_html": "<p>起草说明：本办法根据有关规定起草。</p>",
        "opens_on": D("2026-05-04"),
        "closes_on": D("2026-06-02"),
        "accepts_online": True,
        "comment_email": "yijian@example.cn",
        "comment_address": "测试县人民路1号测试县财政局办公室",
        "comment_postcode": "339900",
        "contact_department": "办公室",
        "contact_phone": "0579-80000001",
    }
    fields.update(overrides)
    return fields


def hearing_fields(**overrides) -> dict:
    fields = {
        "title": "城区公共停车收费标准调整听证会",
        "summary": "拟调整城区公共停车收费标准，现公开遴选听证参加人。",
        "draft_html": "<p>听证方案：白天每小时2元，夜间每小时1元。</p>",
        "opens_on": D("2026-05-04"),
        "closes_on": D("2026-05-15"),
        "hearing_at": at("2026-05-28", 9),
        "hearing_place": "测试县政府三楼会议室",
        "seats": 2,
        "signup_instructions": "本县居民均可报名，报名人数超过席位时随机抽取。",
        "contact_department": "价格管理科",
        "contact_phone": "0579-80000002",
    }
    fields.update(overrides)
    return fields


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def county(db):
    """A county government with bureaus ``a`` and ``b`` and staff:

    - per bureau: ``officer_*`` (信息员), ``reviewer_*`` (审核员), ``admin_*`` (机关管理员),
      ``leader_a`` (领导), ``handler_a`` (办理人);
    - ``office``: 公开办 of the county government (supervises both bureaus);
    - ``sysadmin``: 系统管理员.
    """
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
        office=staff(Role.DISCLOSURE_OFFICE, government),
        sysadmin=staff(Role.SYSTEM_ADMIN),
    )


def create(county, *, kind=Kind.SOLICITATION, agency=None, actor=None, **overrides):
    fields = (
        hearing_fields(**overrides) if kind == Kind.HEARING else solicitation_fields(**overrides)
    )
    return services.solicitation_create(
        actor=actor or county.officer_a, agency=agency or county.a, kind=kind, **fields
    )


def publish(county, solicitation, *, now=NOW, actor=None):
    return services.solicitation_publish(
        actor=actor or county.officer_a, solicitation=solicitation, now=now
    )


COMMENT = {
    "name": "李四",
    "phone": "13912345678",
    "email": "lisi@example.com",
    "nickname": "",
    "section": "第二条",
    "text": "建议明确专项资金的绩效评价办法，并每年公开评价结果。",
}


def comment(solicitation, *, now=NOW, **overrides):
    return services.comment_submit(
        solicitation=solicitation, data={**COMMENT, **overrides}, now=now
    )


@pytest.fixture
def open_solicitation(county):
    """Published on 4 May 2026, open from 4 May to 2 June 2026 (30 days)."""
    return publish(county, create(county))


def closed(county, solicitation, *, now=None):
    """Closed by the daily job the day after its last day."""
    services.solicitations_close_due(now=now or at(solicitation.closes_on + dt.timedelta(days=1)))
    solicitation.refresh_from_db()
    return solicitation


def open_today(county, *, kind=Kind.SOLICITATION, agency=None, actor=None, **overrides):
    """A solicitation published now, open from five days ago for 30 days (the pages read the
    real date)."""
    today = timezone.localdate()
    dates = {"opens_on": today - dt.timedelta(days=5), "closes_on": today + dt.timedelta(days=24)}
    if kind == Kind.HEARING:
        dates["hearing_at"] = timezone.make_aware(
            dt.datetime.combine(today + dt.timedelta(days=30), dt.time(9, 0))
        )
    s = create(county, kind=kind, agency=agency, actor=actor, **{**dates, **overrides})
    return publish(county, s, now=timezone.now(), actor=actor)


def ended_yesterday(county, **overrides):
    """A solicitation whose period ended yesterday, closed by the daily job today."""
    today = timezone.localdate()
    s = create(
        county,
        opens_on=today - dt.timedelta(days=40),
        closes_on=today - dt.timedelta(days=1),
        **overrides,
    )
    s = publish(county, s, now=at(s.opens_on))
    return s
