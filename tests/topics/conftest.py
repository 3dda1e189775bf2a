"""A county for the topic tests: the county government (the top agency, with its 公开办 and
审核员), bureaus A and B with their 审核员, 信息员 and 机关管理员, and ``submit_topic``."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import translation

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind
from gongkai.topics.services import topic_submit
from tests.factories import AgencyFactory, staff

D = dt.date.fromisoformat

PROPOSER = {"name": "钱小梅", "mobile": "13957001234", "email": "qianxm@example.com"}


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def county(db):
    government = AgencyFactory(
        name="测试县人民政府", short_name="测试县政府", kind=AgencyKind.GOVERNMENT, sort_order=0
    )
    a = AgencyFactory(name="测试县交通运输局", short_name="交通局", parent=government, sort_order=1)
    b = AgencyFactory(name="测试县卫生健康局", short_name="卫健局", parent=government, sort_order=2)
    other_root = AgencyFactory(name="邻县人民政府", kind=AgencyKind.GOVERNMENT, sort_order=9)
    return SimpleNamespace(
        government=government,
        a=a,
        b=b,
        other_root=other_root,
        office=staff(Role.DISCLOSURE_OFFICE, government, email="office@example.com"),
        other_office=staff(Role.DISCLOSURE_OFFICE, other_root, email="other@example.com"),
        reviewer_gov=staff(Role.REVIEWER, government, email="reviewer.gov@example.com"),
        reviewer_a=staff(Role.REVIEWER, a, email="reviewer.a@example.com"),
        reviewer_b=staff(Role.REVIEWER, b, email="reviewer.b@example.com"),
        officer_a=staff(Role.OFFICER, a, email="officer.a@example.com"),
        officer_b=staff(Role.OFFICER, b, email="officer.b@example.com"),
        admin_a=staff(Role.AGENCY_ADMIN, a, email="admin.a@example.com"),
        handler_a=staff(Role.HANDLER, a, email="handler.a@example.com"),
    )


def submit_topic(agency, **fields):
    data = {
        "title": "青石镇农村公路养护资金使用情况",
        "description": "希望公开近三年农村公路养护资金的安排和使用明细。",
        "reason": "村里道路年年修，想知道钱花在哪里。",
        **PROPOSER,
    }
    data.update(fields)
    return topic_submit(agency=agency, data=data)


@pytest.fixture
def mail_outbox(settings):
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    return mail.outbox
