"""GET /api/v1/agencies, /agencies/{credit_code} and /agencies/{credit_code}/categories."""

from __future__ import annotations

import pytest

from gongkai.agencies.models import AgencyKind
from gongkai.catalog.models import Category
from gongkai.catalog.services import catalog_create_from_template
from tests.factories import AgencyFactory, DepartmentFactory, LeaderFactory

pytestmark = pytest.mark.django_db

AGENCY_KEYS = {
    "id", "name", "short_name", "credit_code", "kind", "parent", "address", "postcode", "phone",
    "fax", "email", "website", "office_hours", "url",
}  # fmt: skip


@pytest.fixture
def county():
    return AgencyFactory(
        name="蓝湾县人民政府", short_name="县政府", kind=AgencyKind.GOVERNMENT, sort_order=1,
        email="gov@example.org", website="https://example.org/", office_hours="工作日 9:00–17:00",
    )  # fmt: skip


def test_list_has_every_active_agency(client, county):
    bureau = AgencyFactory(name="蓝湾县林业局", parent=county, sort_order=2)
    AgencyFactory(name="已撤销的局", is_active=False)
    response = client.get("/api/v1/agencies")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Access-Control-Allow-Origin"] == "*"
    rows = response.json()["items"]
    assert [row["name"] for row in rows] == ["蓝湾县人民政府", "蓝湾县林业局"]
    assert all(set(row) == AGENCY_KEYS for row in rows)
    assert rows[0] == {
        "id": county.pk,
        "name": "蓝湾县人民政府",
        "short_name": "县政府",
        "credit_code": county.credit_code,
        "kind": "government",
        "parent": None,
        "address": "测试县人民路1号",
        "postcode": "339900",
        "phone": "0579-80000000",
        "fax": "",
        "email": "gov@example.org",
        "website": "https://example.org/",
        "office_hours": "工作日 9:00–17:00",
        "url": f"http://testserver/agencies/{county.credit_code}/",
    }
    assert rows[1]["parent"] == county.credit_code and rows[1]["id"] == bureau.pk


def test_list_query_count(client, county, django_assert_max_num_queries):
    AgencyFactory.create_batch(25, parent=county)
    with django_assert_max_num_queries(1):
        assert len(client.get("/api/v1/agencies").json()["items"]) == 26


def test_detail_with_leaders_departments_and_children(client, county):
    LeaderFactory(
        agency=county, name="张三", title="县长", duties="主持县政府全面工作。", biography="简历"
    )
    DepartmentFactory(agency=county, name="办公室", duties="日常运转。", phone="0579-80000001")
    child = AgencyFactory(parent=county, name="蓝湾县林业局")
    county.disclosure_office_name = "县政府办公室"
    county.disclosure_phone = "0579-80000002"
    county.save()
    data = client.get(f"/api/v1/agencies/{county.credit_code}").json()
    assert set(data) == AGENCY_KEYS | {
        "functions", "disclosure_office", "leaders", "departments", "children",
    }  # fmt: skip
    assert data["leaders"] == [{"name": "张三", "title": "县长", "duties": "主持县政府全面工作。"}]
    assert data["departments"] == [
        {"name": "办公室", "duties": "日常运转。", "phone": "0579-80000001"}
    ]
    assert data["children"] == [{"credit_code": child.credit_code, "name": "蓝湾县林业局"}]
    assert data["disclosure_office"]["name"] == "县政府办公室"
    assert data["disclosure_office"]["phone"] == "0579-80000002"
    assert "简历" not in str(data)


def test_detail_without_disclosure_office(client, county):
    assert client.get(f"/api/v1/agencies/{county.credit_code}").json()["disclosure_office"] is None


def test_lower_case_credit_code_is_accepted(client, county):
    assert client.get(f"/api/v1/agencies/{county.credit_code.lower()}").json()["id"] == county.pk


def test_unknown_or_inactive_agency_is_404(client):
    gone = AgencyFactory(is_active=False)
    for code in (gone.credit_code, "91339901MA0000000X"):
        for suffix in ("", "/categories"):
            response = client.get(f"/api/v1/agencies/{code}{suffix}")
            assert response.status_code == 404
            assert response.json() == {"detail": "没有使用该统一社会信用代码的机关"}
            assert "max-age" not in response.get("Cache-Control", "")


def test_categories_flat_list_with_parents(client, county):
    catalog_create_from_template(actor=None, agency=county)
    policy = Category.objects.get(agency=county, code="policy")
    Category.objects.filter(agency=county, code="finance").update(is_active=False)
    data = client.get(f"/api/v1/agencies/{county.credit_code}/categories").json()
    assert data["agency"] == {"credit_code": county.credit_code, "name": "蓝湾县人民政府"}
    rows = {row["code"]: row for row in data["items"]}
    assert rows["policy"] == {
        "id": policy.pk, "parent": None, "code": "policy", "name": "政策文件", "section": "policy",
        "depth": 0,
    }  # fmt: skip
    assert rows["policy.normative"]["parent"] == policy.pk
    assert rows["policy.normative"]["section"] == "policy"
    assert rows["policy.normative"]["depth"] == 1
    # A hidden column hides its subtree.
    assert "finance" not in rows and "finance.budget" not in rows
    # Parents come before their children.
    position = {row["id"]: n for n, row in enumerate(data["items"])}
    assert all(
        position[row["parent"]] < position[row["id"]] for row in data["items"] if row["parent"]
    )
    assert len(rows) == Category.objects.filter(agency=county).count() - 4  # finance + 3 children
