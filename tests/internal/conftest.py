"""A county with two bureaus for the internal-disclosure tests.

- ``w.gov``: the county government, with its 公开办 (``w.office``);
- ``w.a``: 测试县财政局 with two departments, ``w.d_office`` (办公室) and ``w.d_budget``
  (预算科), and staff: ``a_admin`` (机关管理员), ``a_officer`` (信息员), ``a_reviewer`` (审核员),
  ``a_leader`` (领导, in 办公室), ``a_handler`` (办理人, in 预算科);
- ``w.b``: 测试县民政局 with ``b_admin`` and ``b_officer``;
- ``w.sysadmin``: a 系统管理员 who works for no agency.

Department memberships are made through ``membership_add`` by ``a_admin``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind
from gongkai.internal.models import InternalKind
from gongkai.internal.services import (
    internal_item_create,
    internal_item_post,
    internal_item_set_rows,
    membership_add,
)
from gongkai.internal.tables import RowData
from tests.factories import AgencyFactory, DepartmentFactory, staff

D = dt.date.fromisoformat


def at(day: str, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(D(day), dt.time(hour, 0)))


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def w(db):
    gov = AgencyFactory(name="测试县人民政府", short_name="县政府", kind=AgencyKind.GOVERNMENT)
    a = AgencyFactory(name="测试县财政局", short_name="县财政局", parent=gov)
    b = AgencyFactory(name="测试县民政局", short_name="县民政局", parent=gov)
    d_office = DepartmentFactory(agency=a, name="办公室")
    d_budget = DepartmentFactory(agency=a, name="预算科")
    world = SimpleNamespace(
        gov=gov,
        a=a,
        b=b,
        d_office=d_office,
        d_budget=d_budget,
        d_b=DepartmentFactory(agency=b, name="社会救助科"),
        office=staff(Role.DISCLOSURE_OFFICE, gov, full_name="公开办甲", email="office@example.com"),
        a_admin=staff(Role.AGENCY_ADMIN, a, full_name="财政管理员", email="a.admin@example.com"),
        a_officer=staff(Role.OFFICER, a, full_name="财政信息员", email="a.officer@example.com"),
        a_reviewer=staff(Role.REVIEWER, a, full_name="财政审核员", email="a.reviewer@example.com"),
        a_leader=staff(Role.LEADER, a, full_name="财政领导", email="a.leader@example.com"),
        a_handler=staff(Role.HANDLER, a, full_name="财政办理人", email="a.handler@example.com"),
        b_admin=staff(Role.AGENCY_ADMIN, b, full_name="民政管理员", email="b.admin@example.com"),
        b_officer=staff(Role.OFFICER, b, full_name="民政信息员", email="b.officer@example.com"),
        sysadmin=staff(Role.SYSTEM_ADMIN, full_name="系统管理员甲", email="root@example.com"),
    )
    membership_add(actor=world.a_admin, department=d_office, user=world.a_leader)
    membership_add(actor=world.a_admin, department=d_budget, user=world.a_handler)
    return world


FINANCE_ROWS = [
    RowData("一、收入合计", this_month=250000, year_to_date=1200000, budget=3000000),
    RowData("财政拨款收入", this_month=250000, year_to_date=1200000, budget=3000000),
    RowData("二、支出合计", this_month=231500, year_to_date=1105000, budget=3000000),
    RowData("基本支出", this_month=180000, year_to_date=900000, budget=2200000),
    RowData("项目支出", this_month=51500, year_to_date=205000, budget=800000),
]


def finance_item(w, *, month: int = 5, year: int = 2026, post: bool = True, **fields):
    """A monthly statement of bureau A, drafted by its 信息员 (and posted)."""
    item = internal_item_create(
        actor=w.a_officer,
        agency=w.a,
        kind=InternalKind.FINANCE,
        year=year,
        month=month,
        **fields,
    )
    internal_item_set_rows(
        actor=w.a_officer, item=item, rows=[RowData(**vars(r)) for r in FINANCE_ROWS]
    )
    if post:
        item = internal_item_post(actor=w.a_officer, item=item, now=fields.get("now"))
    return item


def text_item(w, *, kind=InternalKind.DECISION, departments=(), post: bool = True, **fields):
    fields.setdefault("title", "2026年第3次局长办公会议决定事项")
    fields.setdefault("body_html", "<p>会议研究决定了本年度办公楼维修项目。</p>")
    item = internal_item_create(
        actor=w.a_officer,
        agency=w.a,
        kind=kind,
        year=2026,
        month=fields.pop("month", 3),
        departments=departments,
        **fields,
    )
    if post:
        item = internal_item_post(actor=w.a_officer, item=item)
    return item


def spending_item(w, month, amounts, departments=()):
    """A posted spending report of bureau A for ``month`` of 2026: {category: amount}."""
    item = internal_item_create(
        actor=w.a_officer,
        agency=w.a,
        kind=InternalKind.SPENDING,
        year=2026,
        month=month,
        departments=departments,
    )
    rows = [RowData(code, category=code, this_month=Decimal(v)) for code, v in amounts.items()]
    internal_item_set_rows(actor=w.a_officer, item=item, rows=rows)
    return internal_item_post(actor=w.a_officer, item=item)
