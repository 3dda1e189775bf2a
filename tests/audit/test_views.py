"""The audit screen: scoping, filters, CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo

import pytest
from django.db import transaction
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.audit.models import Event
from gongkai.audit.services import record_event
from tests.factories import staff

LIST = reverse("audit:event_list")
EXPORT = reverse("audit:event_export")
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def write(actor, action, agency, data=None):
    with transaction.atomic():
        return record_event(actor=actor, action=action, agency=agency, obj=agency, data=data)


def event_at(when: dt.datetime, agency, action="item.publish") -> Event:
    """An event at a chosen time. record_event always stamps "now", so tests that need other
    times build the row directly (still an insert: the table stays append-only)."""
    event = Event(created_at=when, agency=agency, action=action, actor_name="测试")
    event.save(force_insert=True)
    return event


def actions_shown(response) -> list[str]:
    return [event.action for event, _details in response.context["rows"]]


@pytest.fixture
def people(county):
    return {
        "admin_a": staff(Role.AGENCY_ADMIN, county.a, username="admin_a", full_name="张甲"),
        "admin_b": staff(Role.AGENCY_ADMIN, county.b, username="admin_b", full_name="李乙"),
        "office": staff(Role.DISCLOSURE_OFFICE, county.gov, username="office", full_name="王办"),
        "system": staff(Role.SYSTEM_ADMIN, username="root", full_name="赵管"),
    }


def test_each_supervisor_sees_the_events_in_scope(client, county, people):
    write(people["admin_a"], "a.event", county.a)
    write(people["admin_b"], "b.event", county.b)
    write(people["office"], "gov.event", county.gov)
    write(people["system"], "site.event", None)

    client.force_login(people["admin_a"])
    assert actions_shown(client.get(LIST)) == ["a.event"]
    client.force_login(people["admin_b"])
    assert actions_shown(client.get(LIST)) == ["b.event"]
    client.force_login(people["office"])
    assert set(actions_shown(client.get(LIST))) == {"a.event", "b.event", "gov.event"}
    client.force_login(people["system"])
    assert set(actions_shown(client.get(LIST))) == {"a.event", "b.event", "gov.event", "site.event"}


def test_a_bureau_admin_cannot_filter_into_another_bureau(client, county, people):
    write(people["admin_b"], "b.event", county.b)
    client.force_login(people["admin_a"])
    response = client.get(LIST, {"agency": county.b.pk})
    assert actions_shown(response) == []
    assert "agency" in response.context["form"].errors


def test_people_without_audit_rights_are_refused(client, county):
    client.force_login(staff(Role.OFFICER, county.a))
    assert client.get(LIST).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_filters(client, county, people):
    write(people["admin_a"], "staff.create", county.a, {"name": "某人"})
    write(people["admin_b"], "staff.create", county.b)
    write(people["admin_b"], "role.grant", county.b)
    client.force_login(people["office"])

    def shown(**params):
        return [(e.actor_name, e.action) for e, _d in client.get(LIST, params).context["rows"]]

    assert shown(person="张") == [("张甲", "staff.create")]
    assert shown(person="admin_b") == [("李乙", "role.grant"), ("李乙", "staff.create")]
    assert shown(agency=county.a.pk) == [("张甲", "staff.create")]
    assert shown(action="role.grant") == [("李乙", "role.grant")]
    assert shown(action="staff") == [("李乙", "staff.create"), ("张甲", "staff.create")]
    assert shown(person="李乙", action="staff.create") == [("李乙", "staff.create")]
    response = client.get(LIST)
    assert response.context["actions"] == ["role.grant", "staff.create"]
    body = response.content.decode()
    assert "<details>" in body and "某人" in body


def test_dates_are_local_shanghai_dates(client, county, people):
    # 23:30 on 1 March in Shanghai is still 1 March there, though 15:30 UTC.
    late = event_at(dt.datetime(2026, 3, 1, 23, 30, tzinfo=SHANGHAI), county.a, "late.event")
    early = event_at(dt.datetime(2026, 3, 2, 0, 10, tzinfo=SHANGHAI), county.a, "early.event")
    client.force_login(people["admin_a"])
    assert actions_shown(client.get(LIST, {"date_to": "2026-03-01"})) == [late.action]
    assert actions_shown(client.get(LIST, {"date_from": "2026-03-02"})) == [early.action]
    assert actions_shown(
        client.get(LIST, {"date_from": "2026-03-01", "date_to": "2026-03-02"})
    ) == [early.action, late.action]
    response = client.get(LIST, {"date_from": "2026-03-03", "date_to": "2026-03-01"})
    assert response.context["form"].errors


def test_list_is_paginated_newest_first(client, county, people):
    for n in range(55):
        event_at(
            dt.datetime(2026, 3, 1, 8, 0, tzinfo=SHANGHAI) + dt.timedelta(minutes=n),
            county.a,
            f"e.{n:02d}",
        )
    client.force_login(people["admin_a"])
    first = actions_shown(client.get(LIST))
    assert len(first) == 50 and first[0] == "e.54"
    assert actions_shown(client.get(LIST, {"page": 2})) == [f"e.{n:02d}" for n in range(4, -1, -1)]


def test_csv_export(client, county, people):
    write(people["admin_a"], "staff.create", county.a, {"username": "wangfang"})
    write(people["admin_b"], "staff.create", county.b)
    write(people["admin_a"], "=HYPERLINK(evil)", county.a)
    client.force_login(people["admin_a"])
    response = client.get(EXPORT, {"action": "staff.create"}, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "时间",
        "用户名",
        "人员",
        "机关",
        "操作",
        "对象类型",
        "对象编号",
        "对象",
        "详情",
        "IP 地址",
    ]
    assert len(rows) == 2  # header + admin_a's own event; admin_b's bureau is out of scope
    assert rows[1][1:5] == ["admin_a", "张甲", county.a.name, "staff.create"]
    assert '"username": "wangfang"' in rows[1][8]

    export = Event.objects.get(action="audit.export")
    assert (export.actor, export.agency, export.ip_address) == (
        people["admin_a"],
        county.a,
        "10.1.1.1",
    )
    assert export.data == {"filters": {"action": "staff.create"}, "rows": 1}

    # Cells that a spreadsheet would run as formulas are defused.
    raw = b"".join(client.get(EXPORT, {"action": "HYPERLINK"}).streaming_content)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[1][4] == "'=HYPERLINK(evil)"


def test_event_admin_is_read_only(client, county, people):
    event = write(people["admin_a"], "staff.create", county.a)
    client.force_login(people["system"])
    assert client.get("/admin/audit/event/").status_code == 200
    assert client.get("/admin/audit/event/add/").status_code == 403
    assert client.get(f"/admin/audit/event/{event.pk}/delete/").status_code == 403
    response = client.get(f"/admin/audit/event/{event.pk}/change/")
    assert response.status_code == 200
    assert b'name="action"' not in response.content  # shown, not editable
    response = client.post(f"/admin/audit/event/{event.pk}/change/", {"action": "forged"})
    assert response.status_code == 403
    assert Event.objects.get(pk=event.pk).action == "staff.create"
    client.force_login(people["admin_b"])
    assert client.get(f"/admin/audit/event/{event.pk}/change/").status_code in (302, 404)
