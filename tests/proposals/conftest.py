"""A county for the proposal tests: the county government with its 公开办, bureau A (the lead
agency of most proposals) and bureau B (co-handling), each with its staff, and
``register_proposal`` to start one through the service."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest
from django.utils import translation

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind
from gongkai.proposals.models import ProposalKind
from gongkai.proposals.services import proposal_register
from tests.factories import AgencyFactory, staff

D = dt.date.fromisoformat
_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def county(db):
    government = AgencyFactory(
        name="测试县人民政府", short_name="测试县政府", kind=AgencyKind.GOVERNMENT
    )
    a = AgencyFactory(name="测试县教育局", short_name="教育局", parent=government, sort_order=1)
    b = AgencyFactory(name="测试县财政局", short_name="财政局", parent=government, sort_order=2)
    c = AgencyFactory(name="测试县民政局", short_name="民政局", parent=government, sort_order=3)
    return SimpleNamespace(
        government=government,
        a=a,
        b=b,
        c=c,
        office=staff(Role.DISCLOSURE_OFFICE, government, email="office@example.com"),
        admin_a=staff(Role.AGENCY_ADMIN, a, email="admin.a@example.com"),
        admin_b=staff(Role.AGENCY_ADMIN, b, email="admin.b@example.com"),
        handler_a=staff(Role.HANDLER, a, email="handler.a@example.com"),
        handler_b=staff(Role.HANDLER, b, email="handler.b@example.com"),
        handler_c=staff(Role.HANDLER, c, email="handler.c@example.com"),
        leader_a=staff(Role.LEADER, a, email="leader.a@example.com"),
        leader_b=staff(Role.LEADER, b, email="leader.b@example.com"),
        officer_a=staff(Role.OFFICER, a, email="officer.a@example.com"),
        reviewer_a=staff(Role.REVIEWER, a, email="reviewer.a@example.com"),
        sysadmin=staff(Role.SYSTEM_ADMIN, email="sysadmin@example.com"),
    )


def register_proposal(county, **fields):
    """A proposal of bureau A registered by the 公开办 on 2 March 2026 (deadline 2 June 2026),
    co-handled by bureau B unless ``cohandlers`` says otherwise."""
    values = {
        "actor": county.office,
        "kind": ProposalKind.NPC,
        "number": next(_numbers),
        "session": "测试县十八届人大三次会议",
        "year": 2026,
        "title": "关于加快农村学校校舍改造的建议",
        "content": "建议统筹安排资金，分批改造农村学校校舍。",
        "agency": county.a,
        "delegates": [("周明", "青石镇代表团"), ("李华", "白沙镇代表团")],
        "cohandlers": [county.b],
        "registered_on": D("2026-03-02"),
        "today": D("2026-03-02"),
    }
    values.update(fields)
    return proposal_register(**values)


@pytest.fixture
def make_proposal(county):
    return lambda **fields: register_proposal(county, **fields)


@pytest.fixture
def mail_outbox(settings):
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    return mail.outbox
