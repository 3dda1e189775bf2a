"""Fixtures of the interview tests: a county with two bureaus and staff per role (the helpers
that build interviews are in ``tests.interviews.helpers``)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind
from tests.factories import AgencyFactory, LeaderFactory, staff


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def county(db):
    """A county government (公开办) with bureaus ``a`` and ``b``; for bureau A an 信息员, an
    审核员, a 领导, a 机关管理员 and a 办理人 (who has nothing to do with interviews); an 信息员
    of bureau B; a system administrator."""
    government = AgencyFactory(
        name="测试县人民政府", short_name="测试县政府", kind=AgencyKind.GOVERNMENT
    )
    a = AgencyFactory(name="测试县教育局", short_name="教育局", parent=government)
    b = AgencyFactory(name="测试县财政局", short_name="财政局", parent=government)
    return SimpleNamespace(
        government=government,
        a=a,
        b=b,
        director=LeaderFactory(agency=a, name="林晓明", title="局长"),
        office=staff(Role.DISCLOSURE_OFFICE, government),
        officer_a=staff(Role.OFFICER, a),
        reviewer_a=staff(Role.REVIEWER, a),
        leader_a=staff(Role.LEADER, a),
        admin_a=staff(Role.AGENCY_ADMIN, a),
        handler_a=staff(Role.HANDLER, a),
        officer_b=staff(Role.OFFICER, b),
        admin=staff(Role.SYSTEM_ADMIN),
    )
