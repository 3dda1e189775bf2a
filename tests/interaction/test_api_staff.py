"""The staff API of letters and of the hotline: every step through the services as the
token's staff member, refusals for another agency's token, and the 举报 writer hidden unless
the caller may see it and asks for the audited reveal."""

from __future__ import annotations

import pytest

from gongkai.accounts.tokens import token_create
from gongkai.audit.models import Event
from gongkai.interaction.models import Message, MessageStatus, PublicationStatus
from gongkai.interaction.services import handling
from tests.interaction.conftest import LETTER, at
from tests.interaction.published_helpers import letter

pytestmark = pytest.mark.django_db

BASE = "/api/v1/staff"


class Api:
    """A test client speaking as one staff member's token."""

    def __init__(self, client, user):
        _token, raw = token_create(actor=None, user=user)
        self.client = client
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def get(self, path, **params):
        return self.client.get(BASE + path, params, **self.auth)

    def post(self, path, body=None):
        return self.client.post(
            BASE + path, body or {}, content_type="application/json", **self.auth
        )


def _register(api, agency, **fields):
    body = {
        "agency": agency.credit_code,
        "channel": "post",
        "received_at": at("2026-09-21", 9).isoformat(),
        **{k: v for k, v in LETTER.items() if k != "publish_consent"},
        "publish_consent": True,
        **fields,
    }
    response = api.post("/letters", body)
    assert response.status_code == 201, response.content
    return response.json()["number"]


def test_every_step_of_a_letter(client, county):
    a = county.a
    handler, reviewer, leader = (
        Api(client, a.handler),
        Api(client, a.reviewer),
        Api(client, a.leader),
    )
    # Today's letter (the extension is asked for before the due date, counted from today).
    number = _register(handler, a.agency, received_at=None)
    assert Message.objects.get(number=number).channel == "post"
    assert handler.post(f"/letters/{number}/accept", {}).json()["status"] == "accepted"
    body = handler.post(
        f"/letters/{number}/assign",
        {"handler": a.handler.username, "department": a.department.pk, "instructions": "核实"},
    ).json()
    assert body["status"] == "assigned" and body["handler"] == a.handler.username
    body = handler.post(f"/letters/{number}/extension", {"days": 3, "reason": "需现场核实"}).json()
    extension_id = body["extensions"][0]["id"]
    body = leader.post(
        f"/letters/{number}/extensions/{extension_id}/decide", {"approve": True, "note": "同意"}
    ).json()
    assert body["extensions"][0]["approved"] is True
    assert Message.objects.get(number=number).extension_days == 3
    assert (
        handler.post(f"/letters/{number}/reply", {"reply": "路灯已修复。"}).json()["status"]
        == "review"
    )
    response = reviewer.post(f"/letters/{number}/review", {"approve": False, "note": ""})
    assert response.status_code == 422  # the service's words: say what to change
    assert response.json()["detail"]
    body = reviewer.post(f"/letters/{number}/review", {"approve": True}).json()
    assert body["status"] == "replied" and body["replied_on"]
    assert [s["kind"] for s in body["steps"]][:2] == ["received", "accepted"]
    # Publication: prepared from the masked original, published by the reviewer.
    body = handler.post(
        f"/letters/{number}/publication/prepare",
        {
            "public_title": "路灯不亮",
            "public_content": "小区路灯坏了。",
            "public_reply": "已修复。",
        },
    ).json()
    assert body["publication"] == "proposed" and body["findings"] == []
    body = reviewer.post(
        f"/letters/{number}/publication/publish", {"confirm_no_personal_data": True}
    ).json()
    assert body["publication"] == "published"
    body = reviewer.post(f"/letters/{number}/publication/withdraw", {"reason": "有误"}).json()
    assert body["publication"] == "withdrawn"
    # The writer rates, the handler reopens.
    message = Message.objects.get(number=number)
    handling.message_rate(message=message, rating="dissatisfied")
    body = handler.post(f"/letters/{number}/reopen", {"reason": "重新办理"}).json()
    assert body["status"] == "assigned" and body["reopened_on"]


def test_not_accept_transfer_and_merge(client, county):
    api = Api(client, county.a.handler)
    first = _register(api, county.a.agency)
    second = _register(api, county.a.agency, received_at=at("2026-09-21", 11).isoformat())
    third = _register(api, county.a.agency, received_at=at("2026-09-21", 12).isoformat())
    body = api.post(f"/letters/{second}/merge", {"into": first, "reason": "同一事项"}).json()
    assert body["status"] == "merged" and body["merged_into"] == first
    body = api.post(
        f"/letters/{third}/not-accept", {"reason": "unclear", "note": "没有可以办理的事项"}
    ).json()
    assert body["status"] == "not_accepted"
    body = api.post(
        f"/letters/{first}/transfer", {"agency": county.b.agency.credit_code, "reason": "住建局管"}
    ).json()
    assert body["agency"] == county.b.agency.credit_code
    assert body["transfers"][0]["to_agency"] == county.b.agency.credit_code
    # Once moved, A's token no longer sees it; B's does.
    assert api.get(f"/letters/{first}").status_code == 404
    assert Api(client, county.b.handler).get(f"/letters/{first}").status_code == 200


def test_another_agencys_token_is_refused(client, county):
    number = _register(Api(client, county.a.handler), county.a.agency)
    other = Api(client, county.b.handler)
    assert other.get(f"/letters/{number}").status_code == 404
    assert other.post(f"/letters/{number}/accept", {}).status_code == 404
    assert number not in other.get("/letters").content.decode()
    response = other.post(
        "/letters",
        {
            "agency": county.a.agency.credit_code,
            "channel": "post",
            **{k: v for k, v in LETTER.items() if k != "publish_consent"},
        },
    )
    assert response.status_code == 403
    # A reviewer of the letter's own agency sees it but may not accept it.
    response = Api(client, county.a.reviewer).post(f"/letters/{number}/accept", {})
    assert response.status_code == 403
    assert Message.objects.get(number=number).status == MessageStatus.RECEIVED
    assert client.get(f"{BASE}/letters").status_code == 401  # no token


def test_list_filters_and_no_writer_data(client, county):
    api = Api(client, county.a.handler)
    number = _register(api, county.a.agency, kind="inquiry")
    body = api.get("/letters", kind="inquiry").json()
    assert [i["number"] for i in body["items"]] == [number]
    assert api.get("/letters", kind="praise").json()["items"] == []
    assert LETTER["writer_name"] not in api.get("/letters").content.decode()


def test_a_reports_writer_is_hidden_unless_revealed_with_an_audit(client, county):
    a = county.a
    message = letter(a, written="2026-09-21", accept="2026-09-22", kind="report")
    handling.message_assign(actor=a.handler, message=message, handler=a.handler)
    number = message.number
    for user in (a.reviewer, county.office, a.handler, a.leader):
        body = Api(client, user).get(f"/letters/{number}").json()
        assert body["writer"] is None and body["writer_hidden"] is True
        assert "钱七" not in str(body)
    # The 审核员 and the 公开办 may not reveal it; the assigned handler and the 领导 may.
    assert (
        Api(client, a.reviewer)
        .post(f"/letters/{number}/reveal-identity", {"reason": "核实"})
        .status_code
        == 403
    )
    assert (
        Api(client, county.office)
        .post(f"/letters/{number}/reveal-identity", {"reason": "核实"})
        .status_code
        == 403
    )
    response = Api(client, a.handler).post(f"/letters/{number}/reveal-identity", {"reason": ""})
    assert response.status_code == 422  # a reason is required
    before = Event.objects.filter(action="message.reveal_identity").count()
    body = (
        Api(client, a.handler)
        .post(f"/letters/{number}/reveal-identity", {"reason": "需联系举报人核实细节"})
        .json()
    )
    assert body["writer"]["writer_name"] == "钱七" and body["writer_hidden"] is False
    events = Event.objects.filter(action="message.reveal_identity")
    assert events.count() == before + 1
    assert events.latest("pk").actor == a.handler
    # An ordinary letter shows its writer to the agency's staff without a reveal.
    plain = letter(a, written="2026-09-21")
    body = Api(client, a.handler).get(f"/letters/{plain.number}").json()
    assert body["writer"]["writer_mobile"] == "13712340000"


def test_publication_findings_are_listed_and_cleared(client, county):
    a = county.a
    message = letter(
        a, written="2026-09-21", accept="2026-09-22", reply="2026-09-24", publish_consent="on"
    )
    handler, reviewer = Api(client, a.handler), Api(client, a.reviewer)
    body = handler.post(
        f"/letters/{message.number}/publication/prepare",
        {
            "public_title": "路灯",
            "public_content": "物业电话13900001111。",
            "public_reply": "已修复。",
        },
    ).json()
    assert body["findings"] and "13900001111" not in str(body["findings"])
    response = reviewer.post(
        f"/letters/{message.number}/publication/publish", {"confirm_no_personal_data": True}
    )
    assert response.status_code == 422
    body = reviewer.post(
        f"/letters/{message.number}/publication/publish",
        {
            "confirm_no_personal_data": True,
            "cleared": [f["fingerprint"] for f in body["findings"]],
        },
    ).json()
    assert body["publication"] == PublicationStatus.PUBLISHED
