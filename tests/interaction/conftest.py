"""Fixtures of the letters tests: a county government (with its 公开办) and two bureaus, each
with a 办理人, a second 办理人, a 审核员, a 领导 and a 机关管理员; and helpers that take a
letter through the real services.

Days are fixed with ``today``/``now`` arguments, so the 2026 calendar (seeded by workdays 0002)
gives the real due dates around 中秋 and 国庆 2026: 09-25..09-27 and 10-01..10-07 are rest days,
Sunday 09-20 and Saturday 10-10 are make-up working days (调休).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from types import SimpleNamespace

import pytest

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind, Department
from tests.factories import AgencyFactory, staff

D = dt.date.fromisoformat
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(D(day), dt.time(hour, 0), tzinfo=TZ)


LETTER = {
    "kind": "complaint",
    "title": "小区门口路灯长期不亮",
    "content": "蓝湾县幸福路小区东门的路灯已经坏了两个月，晚上出行很不方便，请尽快维修。",
    "writer_name": "李四",
    "writer_mobile": "13912345678",
    "writer_email": "writer@example.com",
    "writer_address": "蓝湾县幸福路8号",
    "publish_consent": "on",
}


def _bureau(name: str, parent):
    agency = AgencyFactory(name=name, short_name=name[3:], parent=parent)
    dept = Department.objects.create(agency=agency, name="办公室")
    return SimpleNamespace(
        agency=agency,
        department=dept,
        handler=staff(
            Role.HANDLER, agency, full_name=f"{name}办理人", email=f"h{agency.pk}@example.cn"
        ),
        handler2=staff(Role.HANDLER, agency, full_name=f"{name}办理人二"),
        reviewer=staff(Role.REVIEWER, agency, full_name=f"{name}审核员"),
        leader=staff(Role.LEADER, agency, full_name=f"{name}领导"),
        admin=staff(Role.AGENCY_ADMIN, agency),
        officer=staff(Role.OFFICER, agency),
    )


@pytest.fixture
def county(db):
    gov = AgencyFactory(name="蓝湾县人民政府", short_name="县政府", kind=AgencyKind.GOVERNMENT)
    office = staff(Role.DISCLOSURE_OFFICE, gov, email="office@example.cn")
    return SimpleNamespace(
        gov=gov,
        office=office,
        a=_bureau("蓝湾县住房和城乡建设局", gov),
        b=_bureau("蓝湾县交通运输局", gov),
    )


def write_letter(agency, *, now=None, **fields):
    """A letter written online to ``agency``'s mailbox; returns (message, query_code)."""
    from gongkai.interaction.services.intake import mailbox_for_agency, message_submit_online

    data = {**LETTER, **fields}
    return message_submit_online(
        mailbox=mailbox_for_agency(agency), data=data, now=now or at("2026-09-21")
    )


def accepted(bureau, *, day="2026-09-22", **fields):
    from gongkai.interaction.services.handling import message_accept

    message, _code = write_letter(bureau.agency, now=at(day, 9), **fields)
    return message_accept(actor=bureau.handler, message=message, today=D(day))


def assigned(bureau, **fields):
    from gongkai.interaction.services.handling import message_assign

    message = accepted(bureau, **fields)
    return message_assign(
        actor=bureau.handler,
        message=message,
        handler=bureau.handler,
        department=bureau.department,
        instructions="请核实后答复",
    )


def replied(bureau, *, on="2026-09-24", **fields):
    from gongkai.interaction.services.handling import message_reply_draft, message_reply_review

    message = assigned(bureau, **fields)
    message = message_reply_draft(
        actor=bureau.handler, message=message, reply="经核实，路灯已于9月23日修复。感谢您的监督。"
    )
    return message_reply_review(
        actor=bureau.reviewer, message=message, approve=True, now=at(on, 15)
    )
