"""The OpenAPI document and the browsable docs, which load nothing from other hosts."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/agencies",
    "/api/v1/agencies/{credit_code}",
    "/api/v1/agencies/{credit_code}/categories",
    "/api/v1/items",
    "/api/v1/items/{item_id}",
    # 政民互动
    "/api/v1/letters",
    "/api/v1/letters/{number}",
    "/api/v1/letter-figures",
    "/api/v1/solicitations",
    "/api/v1/solicitations/{solicitation_id}",
    "/api/v1/interviews",
    "/api/v1/interviews/{interview_id}",
    "/api/v1/proposals",
    "/api/v1/proposals/{proposal_id}",
    "/api/v1/proposals/counts/{year}",
    "/api/v1/topics",
    "/api/v1/topics/{topic_id}",
    # 办事公开
    "/api/v1/matters",
    "/api/v1/matters/{code}",
    "/api/v1/life-events",
    "/api/v1/fee-lists/{credit_code}",
    "/api/v1/matter-time-limits",
    "/api/v1/servicehall/commitments",
    "/api/v1/servicehall/figures",
    "/api/v1/servicehall/figures/{credit_code}",
    "/api/v1/notices",
    "/api/v1/notices/{notice_id}",
}
OPERATION_IDS = {
    "listAgencies", "getAgency", "listCategories", "listItems", "getItem",
    "listLetters", "getLetter", "getLetterFigures", "listSolicitations", "getSolicitation",
    "listInterviews", "getInterview", "listProposalReplies", "getProposalReply",
    "getProposalCounts", "listTopics", "getTopic", "listNotices", "getNotice",
    "listMatters", "getMatter", "listLifeEvents", "getFeeList", "compareTimeLimits",
    "listCommitments", "listRatingFigures", "getAgencyRatingFigures",
}  # fmt: skip
# Personal data of the public never reaches the public API (DESIGN.md, the product habits).
# (An agency's own contact phone is public; the public's is not.)
PERSONAL_FIELDS = {
    "writer_name", "writer_mobile", "writer_email", "writer_address", "mobile", "id_number",
    "caller_name", "caller_phone", "commenter_name", "commenter_phone", "proposer_name",
    "proposer_mobile", "asker_contact",
}  # fmt: skip


def _schemas_used(doc, paths) -> set[str]:
    """Names of the component schemas the given paths refer to, directly or through others."""
    todo = re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(paths))
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo += re.findall(
            r'"#/components/schemas/([^"]+)"', json.dumps(doc["components"]["schemas"][name])
        )
    return seen


def test_openapi_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = json.loads(response.content)
    assert doc["openapi"].startswith("3.")
    assert doc["info"]["title"] == "Gongkai API" and doc["info"]["version"] == "1"
    public = {
        path: ops for path, ops in doc["paths"].items() if not path.startswith("/api/v1/staff/")
    }
    assert set(public) == ENDPOINTS
    assert all(set(ops) == {"get"} for ops in public.values()), "the public API is read-only"
    operation_ids = {ops["get"]["operationId"] for ops in public.values()}
    assert operation_ids == OPERATION_IDS
    for name in _schemas_used(doc, public):
        fields = set(doc["components"]["schemas"][name].get("properties", {}))
        assert not fields & PERSONAL_FIELDS, (name, fields & PERSONAL_FIELDS)
    schemas = doc["components"]["schemas"]
    assert {
        "Agency",
        "AgencyDetail",
        "CategoryList",
        "ItemPage",
        "ItemSummary",
        "ItemDetail",
        "Error",
    } <= set(schemas)
    assert {"index_number", "doc_number", "written_date", "published_date", "validity"} <= set(
        schemas["ItemSummary"]["properties"]
    )
    params = {p["name"] for p in doc["paths"]["/api/v1/items"]["get"]["parameters"]}
    assert params == {
        "agency", "category", "section", "year", "validity", "doc_number", "index_number", "since",
        "q", "sort", "limit", "cursor",
    }  # fmt: skip
    assert "created_by" not in response.content.decode()


def test_docs_page_uses_only_same_origin_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/openapi.json" in html
    assert not re.search(r"https?://|//[a-z]", html, re.I), (
        "the docs must not load from other hosts"
    )
    scripts = re.findall(r"<script([^>]*)>", html)
    sources = [re.search(r'src="([^"]+)"', attrs) for attrs in scripts]
    # Every script is a same-origin file, except the JSON settings block, which is not run.
    assert all(s or 'type="application/json"' in a for s, a in zip(sources, scripts, strict=True))
    files = [s.group(1) for s in sources if s] + re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert len(files) >= 3
    for url in files:
        assert url.startswith("/static/")
        assert client.get(url).status_code == 200, url
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_swagger_validator_badge_is_off(client):
    html = client.get("/api/v1/docs").content.decode()
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1))
    assert settings["validatorUrl"] is None
    assert settings["url"] == "/api/v1/openapi.json"


def test_every_schema_class_has_its_own_name():
    """The OpenAPI document names a schema by its class: two classes of one name (say a staff
    and a public ``LetterDetail``) would document one endpoint with the other's fields."""
    from ninja import Schema

    import gongkai.api.api  # noqa: F401 - every router imported

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    by_name: dict[str, set[str]] = {}
    for cls in subclasses(Schema):
        if cls.__module__.startswith("gongkai."):
            by_name.setdefault(cls.__name__, set()).add(cls.__module__)
    assert {name: mods for name, mods in by_name.items() if len(mods) > 1} == {}
