"""The public read API of published letters and of the figures: only the public copy, never
the writer, never a 举报, withdrawn letters gone; figures equal to the page's."""

from __future__ import annotations

import pytest

from gongkai.interaction.figures import letter_figures
from gongkai.interaction.services import publication
from tests.interaction.published_helpers import WRITER, letter, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(county):
    message = letter(
        county.a,
        written="2026-09-21",
        accept="2026-09-22",
        reply="2026-09-24",
        rating="satisfied",
        title="钱七反映青石巷路灯不亮",
        content="我是钱七，电话13712340000，青石巷路灯坏了。",
    )
    return publish(
        county.a,
        message,
        title="青石巷路灯不亮",
        content="青石巷的路灯坏了两个月。",
        reply="路灯已修复。",
    )


def _no_personal_data(text):
    for value in (*WRITER.values(), "钱七"):
        assert value not in text


def test_list_and_detail_hold_only_the_public_copy(client, county, published):
    response = client.get("/api/v1/letters")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert [i["number"] for i in body["items"]] == [published.number] and body["next"] is None
    assert body["items"][0]["title"] == "青石巷路灯不亮"
    _no_personal_data(response.content.decode())
    response = client.get(f"/api/v1/letters/{published.number}")
    body = response.json()
    assert body["content"] == "青石巷的路灯坏了两个月。" and body["reply"] == "路灯已修复。"
    _no_personal_data(response.content.decode())


def test_search_filters_and_paging(client, county, published):
    assert (
        client.get("/api/v1/letters", {"q": "路灯"}).json()["items"][0]["number"]
        == published.number
    )
    assert client.get("/api/v1/letters", {"q": "钱七"}).json()["items"] == []
    assert client.get("/api/v1/letters", {"kind": "suggestion"}).json()["items"] == []
    assert client.get("/api/v1/letters", {"kind": "report"}).status_code == 404
    assert client.get("/api/v1/letters", {"year": 2025}).json()["items"] == []
    assert (
        client.get("/api/v1/letters", {"agency": county.b.agency.credit_code}).json()["items"] == []
    )
    assert client.get("/api/v1/letters", {"cursor": "nonsense"}).status_code == 400
    second = publish(
        county.a,
        letter(county.a, written="2026-09-22", accept="2026-09-22", reply="2026-09-24"),
        title="路灯二",
        content="路灯又坏了。",
        reply="已修复。",
    )
    page = client.get("/api/v1/letters", {"limit": 1}).json()
    assert len(page["items"]) == 1 and page["next"]
    rest = client.get("/api/v1/letters", {"limit": 1, "cursor": page["next"]}).json()
    assert {page["items"][0]["number"], rest["items"][0]["number"]} == {
        published.number,
        second.number,
    }


def test_withdrawn_and_reports_are_not_there(client, county, published):
    report = letter(
        county.a, written="2026-09-21", accept="2026-09-22", reply="2026-09-24", kind="report"
    )
    assert client.get(f"/api/v1/letters/{report.number}").status_code == 404
    publication.message_unpublish(actor=county.a.reviewer, message=published, reason="有误")
    assert client.get("/api/v1/letters").json()["items"] == []
    assert client.get(f"/api/v1/letters/{published.number}").status_code == 404


def test_figures_equal_the_computation(client, county, published):
    body = client.get("/api/v1/letter-figures", {"year": 2026}).json()
    figures = letter_figures(year=2026)
    assert body["total"]["received"] == figures.total.received == 1
    assert body["total"]["replied"] == 1 and body["total"]["satisfaction_rate"] == 1.0
    assert body["by_month"][8]["month"] == 9 and body["by_month"][8]["received"] == 1
    assert body["by_agency"][0]["agency"]["credit_code"] == county.a.agency.credit_code
    body = client.get(
        "/api/v1/letter-figures", {"year": 2026, "agency": county.b.agency.credit_code}
    ).json()
    assert body["total"]["received"] == 0 and body["by_agency"] == []
    assert client.get("/api/v1/letter-figures", {"year": 2001}).status_code == 404
