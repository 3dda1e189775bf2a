"""GET /api/v1/items and /api/v1/items/{id}: shape, visibility, pagination, filters, search."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.catalog.models import Category
from gongkai.catalog.services.items import item_attach, item_create, item_set_validity
from tests.api.conftest import at
from tests.factories import AgencyFactory, published_item

pytestmark = pytest.mark.django_db

D = dt.date
SUMMARY_KEYS = {
    "id", "index_number", "title", "doc_number", "agency", "publishers", "category", "section",
    "subject", "keywords", "written_date", "published_date", "revised_at", "validity",
    "validity_changed_on", "replaced_by", "disclosure", "url",
}  # fmt: skip
DETAIL_KEYS = SUMMARY_KEYS | {
    "summary",
    "body_html",
    "attachments",
    "interprets",
    "interpretations",
}


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def walk(client, limit, cursor="", **params):
    """Every page of /items from ``cursor``, following ``next``; returns the ids in order."""
    ids, pages = [], 0
    while True:
        data = get_json(client, "/api/v1/items", limit=limit, cursor=cursor, **params)
        assert len(data["items"]) <= limit
        ids += [item["id"] for item in data["items"]]
        pages += 1
        assert pages < 100, "the cursor does not advance"
        if data["next"] is None:
            return ids
        cursor = data["next"]


# --- shape --------------------------------------------------------------------------------


def test_list_shape(client, agency):
    item = published_item(
        agency, title="关于森林防火的通告", doc_number="蓝林发〔2026〕3号", subject="农业、林业、水利",
        keywords="森林防火 通告", written_date=D(2026, 3, 1), now=at(D(2026, 3, 5)),
    )  # fmt: skip
    response = client.get("/api/v1/items")
    assert response["Cache-Control"] == "public, max-age=60"
    data = response.json()
    assert set(data) == {"items", "next"} and data["next"] is None
    [row] = data["items"]
    assert set(row) == SUMMARY_KEYS
    assert row == {
        "id": item.pk,
        "index_number": item.index_number,
        "title": "关于森林防火的通告",
        "doc_number": "蓝林发〔2026〕3号",
        "agency": {"credit_code": agency.credit_code, "name": "蓝湾县林业局"},
        "publishers": [{"credit_code": agency.credit_code, "name": "蓝湾县林业局"}],
        "category": {
            "id": item.category_id,
            "name": "行政规范性文件",
            "path": ["政策文件", "行政规范性文件"],
        },
        "section": "policy",
        "subject": "农业、林业、水利",
        "keywords": "森林防火 通告",
        "written_date": "2026-03-01",
        "published_date": "2026-03-05",
        "revised_at": None,
        "validity": "valid",
        "validity_changed_on": None,
        "replaced_by": None,
        "disclosure": "主动公开",
        "url": f"http://testserver/items/{item.pk}/",
    }
    assert item.index_number.startswith(f"{agency.credit_code}/2026-")


def test_json_is_utf8_not_escaped(client, agency):
    published_item(agency, title="森林防火")
    assert "森林防火".encode() in client.get("/api/v1/items").content


def test_detail_shape(client, agency):
    policy = published_item(
        agency, title="森林防火管理办法", body_html="<p>第一条 为了预防森林火灾。</p>"
    )
    interpretation = published_item(
        agency, category_code="policy.interpretation", title="《森林防火管理办法》解读",
        interprets=[policy], summary="解读要点。",
    )  # fmt: skip
    data = get_json(client, f"/api/v1/items/{interpretation.pk}")
    assert set(data) == DETAIL_KEYS
    assert data["interprets"] == [policy.pk]
    assert data["interpretations"] == []
    assert data["summary"] == "解读要点。"
    assert data["category"]["path"] == ["政策文件", "政策解读"]

    data = get_json(client, f"/api/v1/items/{policy.pk}")
    assert data["interpretations"] == [interpretation.pk]
    assert data["body_html"] == "<p>第一条 为了预防森林火灾。</p>"
    assert data["url"] == f"http://testserver/items/{policy.pk}/"
    assert data["attachments"] == []


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00"
    b"IEND\xaeB`\x82"
)


def test_detail_lists_attachments_with_public_download_urls(client, agency, hidden):
    from gongkai.catalog.services.items import item_approve, item_submit

    item = item_create(
        actor=hidden.officer, agency=agency, category=hidden.draft.category, title="带附件的信息",
        body_html="<p>见附件。</p>",
    )  # fmt: skip
    attachment = item_attach(actor=hidden.officer, item=item, content=PNG, name="示意图.png")
    item_approve(actor=hidden.reviewer, item=item_submit(actor=hidden.officer, item=item))
    data = get_json(client, f"/api/v1/items/{item.pk}")
    assert data["attachments"] == [
        {
            "name": "示意图.png",
            "type": "png",
            "size": len(PNG),
            "sha256": attachment.sha256,
            "url": f"http://testserver/items/{item.pk}/attachments/{attachment.pk}/",
        }
    ]


def test_no_staff_or_creator_in_any_answer(client, agency, hidden):
    item = published_item(agency, title="森林防火公告")
    officer = item.created_by
    bodies = [
        client.get("/api/v1/items").content.decode(),
        client.get("/api/v1/items", {"q": "森林防火"}).content.decode(),
        client.get(f"/api/v1/items/{item.pk}").content.decode(),
    ]
    for body in bodies:
        assert "created_by" not in body
        assert officer.full_name not in body and officer.username not in body
        assert hidden.reviewer.full_name not in body and hidden.reviewer.username not in body


# --- never anything that is not public -----------------------------------------------------


def test_hidden_items_never_appear(client, agency, hidden):
    public = published_item(agency, title="森林防火公告")
    listed = [row["id"] for row in get_json(client, "/api/v1/items", limit=100)["items"]]
    assert listed == [public.pk]
    for sort in ("relevance", "date"):
        found = get_json(client, "/api/v1/items", q="森林防火", sort=sort)["items"]
        assert [row["id"] for row in found] == [public.pk]
    for item in hidden.all():
        assert get_json(client, f"/api/v1/items/{item.pk}", status=404) == {
            "detail": "没有该编号的已公开信息"
        }
        if item.index_number:  # withdrawn and internal items did get a 索引号
            assert get_json(client, "/api/v1/items", q=item.index_number)["items"] == []
            assert get_json(client, "/api/v1/items", index_number=item.index_number)["items"] == []
    agency_filter = get_json(client, "/api/v1/items", agency=agency.credit_code, limit=100)
    assert [row["id"] for row in agency_filter["items"]] == [public.pk]


def test_unknown_item_is_the_same_404(client):
    assert get_json(client, "/api/v1/items/987654", status=404) == {
        "detail": "没有该编号的已公开信息"
    }
    get_json(client, "/api/v1/items/0", status=404)


def test_replaced_by_only_points_to_public_items(client, agency, hidden):
    old = published_item(agency, title="旧办法")
    new = published_item(agency, title="新办法")
    item_set_validity(
        actor=hidden.reviewer,
        item=old,
        validity="repealed",
        changed_on=D(2026, 6, 1),
        replaced_by=new,
    )
    data = get_json(client, f"/api/v1/items/{old.pk}")
    assert (data["validity"], data["validity_changed_on"], data["replaced_by"]) == (
        "repealed",
        "2026-06-01",
        new.pk,
    )
    from gongkai.catalog.services.items import item_withdraw

    item_withdraw(actor=hidden.reviewer, item=new, reason="重新发布。")
    assert get_json(client, f"/api/v1/items/{old.pk}")["replaced_by"] is None


def test_withdrawn_interpretation_leaves_the_policy(client, agency, hidden):
    from gongkai.catalog.services.items import item_withdraw

    policy = published_item(agency, title="森林防火管理办法")
    interpretation = published_item(
        agency, category_code="policy.interpretation", title="解读", interprets=[policy]
    )
    item_withdraw(actor=hidden.reviewer, item=interpretation, reason="有误。")
    assert get_json(client, f"/api/v1/items/{policy.pk}")["interpretations"] == []


# --- cursor pagination ----------------------------------------------------------------------


@pytest.fixture
def dated(agency):
    """Seven public items over three days, several on the same day (ties)."""
    days = [D(2026, 3, 1), D(2026, 3, 2), D(2026, 3, 2), D(2026, 3, 2), D(2026, 3, 3),
            D(2026, 3, 1), D(2026, 3, 3)]  # fmt: skip
    return [
        published_item(agency, title=f"森林防火第{n}号", now=at(day)) for n, day in enumerate(days)
    ]


def newest_first(items):
    return [i.pk for i in sorted(items, key=lambda i: (i.published_date, i.pk), reverse=True)]


@pytest.mark.parametrize("limit", [1, 2, 3, 7, 20])
def test_cursor_walks_every_public_item_once_newest_first(client, dated, hidden, limit):
    ids = walk(client, limit)
    assert ids == newest_first(dated)
    assert len(set(ids)) == len(ids) == 7


def test_walk_is_stable_when_items_are_published_meanwhile(client, agency, dated):
    first = get_json(client, "/api/v1/items", limit=3)
    published_item(agency, title="翻页期间发布", now=at(D(2026, 3, 4)))
    ids = [row["id"] for row in first["items"]]
    ids += walk(client, 3, cursor=first["next"]) if first["next"] else []
    assert ids == newest_first(dated)


def test_deep_pages_use_no_offset(client, dated):
    data = get_json(client, "/api/v1/items", limit=2)
    data = get_json(client, "/api/v1/items", limit=2, cursor=data["next"])
    with CaptureQueriesContext(connection) as queries:
        get_json(client, "/api/v1/items", limit=2, cursor=data["next"])
    sql = " ".join(q["sql"].upper() for q in queries.captured_queries)
    assert "OFFSET" not in sql and "COUNT(" not in sql


@pytest.mark.parametrize(
    "cursor",
    ["xx", "!!!", "eyJkIjoiMjAyNi0xMy0wMSIsImkiOjF9", "eyJvIjo1fQ", "W10", "e30"],
    ids=["garbage", "not-base64", "bad-date", "search-cursor", "list", "empty"],
)
def test_bad_cursor_is_400(client, dated, cursor):
    assert get_json(client, "/api/v1/items", status=400, cursor=cursor) == {
        "detail": "分页游标无效"
    }


def test_date_cursor_in_a_search_is_400(client, dated):
    cursor = get_json(client, "/api/v1/items", limit=2)["next"]
    assert get_json(client, "/api/v1/items", status=400, q="森林防火", cursor=cursor) == {
        "detail": "分页游标无效"
    }


def test_errors_follow_the_language(client):
    response = client.get("/api/v1/items", {"cursor": "xx"}, headers={"Accept-Language": "en"})
    assert response.json() == {"detail": "Invalid pagination cursor"}


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 101}, {"year": "abc"}, {"validity": "maybe"}, {"since": "2026-02-30"}],
)
def test_bad_parameters_are_422_in_chinese(client, params):
    data = get_json(client, "/api/v1/items", status=422, **params)
    assert data["detail"] == f"参数无效：{next(iter(params))}"
    assert data["errors"]


# --- filters -------------------------------------------------------------------------------


def test_filters(client, agency, hidden):
    other = AgencyFactory()
    a = published_item(
        agency, title="预算公开", category_code="finance.budget", now=at(D(2025, 6, 1))
    )
    b = published_item(
        agency, title="规范性文件", doc_number="蓝林发〔2026〕7号", now=at(D(2026, 2, 1))
    )
    c = published_item(
        other, title="另一机关的通知", category_code="news.notices", now=at(D(2026, 5, 1))
    )
    item_set_validity(actor=hidden.reviewer, item=b, validity="expired", changed_on=D(2026, 4, 1))

    def ids(**params):
        return [row["id"] for row in get_json(client, "/api/v1/items", **params)["items"]]

    assert ids() == [c.pk, b.pk, a.pk]
    assert ids(agency=agency.credit_code) == [b.pk, a.pk]
    assert ids(agency=other.credit_code.lower()) == [c.pk]
    assert ids(agency="91339901MA0000000X") == []
    assert ids(category=a.category_id) == [a.pk]
    assert ids(section="finance") == [a.pk]
    assert ids(section="policy") == [b.pk]
    assert ids(year=2025) == [a.pk]
    assert ids(year=2026) == [c.pk, b.pk]
    assert ids(validity="expired") == [b.pk]
    assert ids(validity="valid") == [c.pk, a.pk]
    assert ids(doc_number="蓝林发〔2026〕7号") == [b.pk]
    assert ids(index_number=a.index_number) == [a.pk]
    assert ids(index_number=a.index_number.lower()) == [a.pk]
    assert ids(since="2026-02-01") == [c.pk, b.pk]
    assert ids(since="2026-02-02") == [c.pk]
    assert ids(agency=agency.credit_code, year=2026, validity="expired") == [b.pk]
    # The same filters narrow a full-text search.
    assert ids(q="预算") == [a.pk]
    assert ids(q="预算", year=2026) == []
    assert ids(q="通知", agency=other.credit_code) == [c.pk]
    assert ids(q="通知", agency=agency.credit_code) == []
    assert ids(q="规范性文件", since="2026-01-01", validity="expired") == [b.pk]
    assert ids(q="规范性文件", section="finance") == []


# --- full-text search ------------------------------------------------------------------------


def test_search_by_chinese_word_and_by_index_number(client, agency):
    fire = published_item(
        agency, title="关于加强森林防火工作的通知", body_html="<p>进入防火期。</p>"
    )
    budget = published_item(agency, title="2026年部门预算", body_html="<p>收支总表。</p>")
    rows = get_json(client, "/api/v1/items", q="森林防火")["items"]
    assert [row["id"] for row in rows] == [fire.pk]
    assert rows[0]["index_number"] == fire.index_number
    rows = get_json(client, "/api/v1/items", q=budget.index_number)["items"]
    assert [row["id"] for row in rows][:1] == [budget.pk]
    assert [row["id"] for row in get_json(client, "/api/v1/items", q="收支")["items"]] == [
        budget.pk
    ]
    assert get_json(client, "/api/v1/items", q="火星基地") == {"items": [], "next": None}


def test_search_walks_every_hit_once(client, agency, dated):
    published_item(agency, title="无关的通知")
    for sort in ("relevance", "date"):
        for limit in (1, 2, 3, 10):
            ids = walk(client, limit, q="森林防火", sort=sort)
            assert sorted(ids) == sorted(i.pk for i in dated), (sort, limit)
            assert len(set(ids)) == len(ids)
    assert walk(client, 2, q="森林防火", sort="date") == newest_first(dated)


# --- query counts ------------------------------------------------------------------------------


@pytest.fixture
def many(agency):
    other = AgencyFactory()
    items = [published_item(agency, title=f"森林防火通知{n}") for n in range(12)]
    items += [
        published_item(other, title=f"森林防火简报{n}", category_code="news.work")
        for n in range(12)
    ]
    return items


def test_query_counts_are_bounded(client, agency, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        page = get_json(client, "/api/v1/items")
    assert len(page["items"]) == 20
    with django_assert_max_num_queries(4):
        assert len(get_json(client, "/api/v1/items", cursor=page["next"])["items"]) == 4
    with django_assert_max_num_queries(5):
        get_json(client, "/api/v1/items", agency=agency.credit_code, year=2026)
    with django_assert_max_num_queries(9):
        assert len(get_json(client, "/api/v1/items", q="森林防火")["items"]) == 20
    with django_assert_max_num_queries(8):
        get_json(client, f"/api/v1/items/{many[0].pk}")


def test_category_paths_of_every_agency_in_a_page(client, many):
    rows = get_json(client, "/api/v1/items", limit=100)["items"]
    paths = {tuple(row["category"]["path"]) for row in rows}
    assert paths == {("政策文件", "行政规范性文件"), ("部门动态", "工作动态")}


def test_hidden_category_does_not_hide_items(client, agency):
    # An item stays public when its column is hidden; only the catalog tree hides the column.
    item = published_item(agency, title="栏目隐藏")
    Category.objects.filter(pk=item.category_id).update(is_active=False)
    assert get_json(client, f"/api/v1/items/{item.pk}")["id"] == item.pk
