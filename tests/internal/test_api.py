"""The staff API of internal disclosure: the same rule and services as the screens."""

from __future__ import annotations

import base64
import json
from io import BytesIO

import openpyxl
import pytest

from gongkai.accounts.tokens import token_create
from gongkai.internal.models import InternalItem, InternalStatus, ReadReceipt

from .conftest import finance_item, text_item

pytestmark = pytest.mark.django_db

BASE = "/api/v1/staff/internal"


def bearer(user) -> dict[str, str]:
    _token, raw = token_create(actor=None, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def call(client, method, path, user, payload=None):
    return getattr(client, method)(
        f"{BASE}{path}",
        data=json.dumps(payload) if payload is not None else None,
        content_type="application/json",
        **bearer(user),
    )


def test_the_list_holds_what_the_token_holder_may_read(client, w):
    mine = finance_item(w)
    text_item(w, departments=[w.d_budget], title="预算科事项")
    listed = call(client, "get", "/items", w.a_leader).json()["items"]
    assert [i["id"] for i in listed] == [mine.pk]
    assert listed[0]["read"] is False and listed[0]["agency"] == w.a.credit_code
    assert call(client, "get", "/items", w.b_admin).json()["items"] == []
    assert call(client, "get", "/items", w.office).json()["items"] == []
    assert client.get(f"{BASE}/items").status_code == 401


def test_opening_an_item_records_the_read_and_others_get_404(client, w):
    item = finance_item(w)
    response = call(client, "get", f"/items/{item.pk}", w.a_handler)
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == item.title and body["rows"][0]["label"] == "一、收入合计"
    assert ReadReceipt.objects.filter(item=item, user=w.a_handler).exists()
    for user in (w.b_officer, w.office, w.sysadmin):
        assert call(client, "get", f"/items/{item.pk}", user).status_code == 404


def test_drafting_a_statement_from_a_workbook_and_posting_it(client, w):
    created = call(
        client,
        "post",
        "/items",
        w.a_officer,
        {"agency": w.a.credit_code, "kind": "finance", "year": 2026, "month": 7},
    )
    assert created.status_code == 201
    item_id = created.json()["id"]
    assert call(client, "post", f"/items/{item_id}/post", w.a_officer).status_code == 422
    book = openpyxl.Workbook()
    book.active.append(["科目", "本月"])
    book.active.append(["一、收入合计", "abc"])
    out = BytesIO()
    book.save(out)
    bad = {"name": "7月.xlsx", "content_base64": base64.b64encode(out.getvalue()).decode()}
    response = call(client, "post", f"/items/{item_id}/workbook", w.a_officer, bad)
    assert response.status_code == 422 and "第2行" in response.json()["detail"]
    rows = {"rows": [{"label": "一、收入合计", "this_month": "300000.00"}]}
    response = call(client, "put", f"/items/{item_id}/rows", w.a_officer, rows)
    assert response.status_code == 200 and response.json()["rows"][0]["this_month"] == "300000.00"
    response = call(client, "post", f"/items/{item_id}/post", w.a_officer)
    assert response.status_code == 200 and response.json()["status"] == "posted"
    assert InternalItem.objects.get(pk=item_id).status == InternalStatus.POSTED


def test_only_posters_of_the_agency_draft(client, w):
    payload = {"agency": w.a.credit_code, "kind": "decision", "year": 2026}
    assert call(client, "post", "/items", w.a_leader, payload).status_code == 403
    assert call(client, "post", "/items", w.b_officer, payload).status_code == 403
    bad = {**payload, "departments": [w.d_b.pk]}
    assert call(client, "post", "/items", w.a_officer, bad).status_code == 422


def test_the_read_list_and_questions(client, w):
    item = finance_item(w)
    call(client, "get", f"/items/{item.pk}", w.a_leader)
    assert call(client, "get", f"/items/{item.pk}/reads", w.a_leader).status_code == 403
    reads = call(client, "get", f"/items/{item.pk}/reads", w.a_admin).json()
    assert [r["user"] for r in reads["read"]] == ["财政信息员", "财政领导"]
    assert "财政审核员" in reads["not_read"]
    asked = call(client, "post", f"/items/{item.pk}/questions", w.a_leader, {"text": "为何？"})
    assert asked.status_code == 201
    question_id = asked.json()["id"]
    path = f"/items/{item.pk}/questions/{question_id}/answer"
    assert call(client, "post", path, w.a_leader, {"text": "自答"}).status_code == 403
    answered = call(client, "post", path, w.a_officer, {"text": "因为验收。"})
    assert answered.status_code == 200 and answered.json()["answer"] == "因为验收。"
    assert (
        call(client, "post", f"/items/{item.pk}/questions", w.b_admin, {"text": "?"}).status_code
        == 404
    )


def test_memberships_through_the_api(client, w):
    path = f"/agencies/{w.a.credit_code}/memberships"
    assert call(client, "get", path, w.a_officer).status_code == 403
    listed = call(client, "get", path, w.a_admin).json()
    assert {(m["department"], m["name"]) for m in listed} == {
        ("办公室", "财政领导"),
        ("预算科", "财政办理人"),
    }
    added = call(
        client,
        "post",
        path,
        w.a_admin,
        {"department_id": w.d_office.pk, "username": w.a_reviewer.username},
    )
    assert added.status_code == 201
    other = {"department_id": w.d_office.pk, "username": w.b_officer.username}
    assert call(client, "post", path, w.a_admin, other).status_code == 422
    removed = call(client, "delete", f"{path}/{added.json()['id']}", w.a_admin)
    assert removed.status_code == 204
