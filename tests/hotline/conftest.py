"""Fixtures of the hotline tests: a county government (its 公开办) and two bureaus with a
办理人, a 审核员 and a 领导 each, and helpers that take calls, visits and their work orders
through the real services.

Days are fixed with ``now`` arguments in September 2026 (the seeded 2026 calendar: 09-25..09-27
and 10-01..10-07 are rest days, Sunday 09-20 and Saturday 10-10 make-up working days).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from types import SimpleNamespace

import pytest
from django.utils import translation

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind, Department
from tests.factories import AgencyFactory, staff

D = dt.date.fromisoformat
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(D(day), dt.time(hour, minute), tzinfo=TZ)


CALL = {
    "kind": "call",
    "duration_minutes": 6,
    "caller_name": "王五",
    "caller_phone": "139 1234 5678",
    "category": "inquiry",
    "summary": "咨询城乡居民医保今年的缴费截止时间和缴费方式。",
    "urgent": False,
}
VISIT = {
    "kind": "visit",
    "visitors": 1,
    "caller_name": "赵六",
    "caller_phone": "0579-82345678",
    "category": "complaint",
    "summary": "反映幸福路小区东门外夜间施工噪音扰民，要求限制施工时间。",
}


def _bureau(name: str, parent):
    agency = AgencyFactory(name=name, short_name=name[3:], parent=parent)
    department = Department.objects.create(agency=agency, name="办公室")
    return SimpleNamespace(
        agency=agency,
        department=department,
        handler=staff(Role.HANDLER, agency, full_name=f"{name}办理人"),
        reviewer=staff(Role.REVIEWER, agency, full_name=f"{name}审核员"),
        leader=staff(Role.LEADER, agency, full_name=f"{name}领导"),
        officer=staff(Role.OFFICER, agency),
    )


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def county(db):
    gov = AgencyFactory(name="蓝湾县人民政府", short_name="县政府", kind=AgencyKind.GOVERNMENT)
    return SimpleNamespace(
        gov=gov,
        office=staff(Role.DISCLOSURE_OFFICE, gov),
        a=_bureau("蓝湾县医疗保障局", gov),
        b=_bureau("蓝湾县住房和城乡建设局", gov),
    )


def register(bureau, data=None, *, now=None, **fields):
    from gongkai.hotline.services import contact_register

    data = {**(data or CALL), **fields}
    data.setdefault("started_at", now or at("2026-09-21", 9))
    return contact_register(
        actor=bureau.handler, agency=bureau.agency, data=data, now=data["started_at"]
    )


def answered(bureau, data=None, *, day="2026-09-21", **fields):
    from gongkai.hotline.services import contact_answer

    contact = register(bureau, data, now=at(day, 9), **fields)
    return contact_answer(
        actor=bureau.handler,
        contact=contact,
        answer="今年缴费截止到12月31日，可通过手机银行或到社区缴纳。",
        now=at(day, 9, 10),
    )


def work_order(bureau, data=None, *, day="2026-09-21", to=None, **fields):
    """A call turned into a work order (dispatched to bureau ``to`` when given)."""
    from gongkai.hotline.services import contact_make_work_order

    contact = register(bureau, data, now=at(day, 9), **fields)
    message = contact_make_work_order(
        actor=bureau.handler,
        contact=contact,
        title="小区夜间施工噪音",
        to_agency=to.agency if to else None,
        dispatch_reason="施工许可由住建局管理" if to else "",
        now=at(day, 9, 15),
    )
    contact.refresh_from_db()
    return contact, message


def reply_letter(bureau, message, *, accept="2026-09-22", on="2026-09-24"):
    """The letter accepted, assigned and replied by ``bureau`` (the agency it lies with)."""
    from gongkai.interaction.services import handling

    message = handling.message_accept(actor=bureau.handler, message=message, today=D(accept))
    message = handling.message_assign(
        actor=bureau.handler, message=message, handler=bureau.handler, department=bureau.department
    )
    message = handling.message_reply_draft(
        actor=bureau.handler, message=message, reply="已责成施工单位晚上10点后停止施工。"
    )
    return handling.message_reply_review(
        actor=bureau.reviewer, message=message, approve=True, now=at(on, 15)
    )
