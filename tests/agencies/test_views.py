"""The public directory and agency pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from gongkai.agencies import views
from gongkai.agencies.models import AgencyKind
from tests.factories import AgencyFactory, DepartmentFactory, LeaderFactory

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("agencies:directory")


def build_county(n: int):
    """A county with n bureaus, n towns and n institutions, each with n leaders and
    departments, so pages can be compared at two sizes."""
    county = AgencyFactory(name="样例县人民政府", short_name="样例县", kind=AgencyKind.GOVERNMENT)
    for i in range(n):
        bureau = AgencyFactory(name=f"样例县第{i}局", short_name="", parent=county)
        AgencyFactory(name=f"样例县第{i}镇", short_name="", parent=county, kind=AgencyKind.TOWN)
        AgencyFactory(
            name=f"样例县第{i}中心", short_name="", parent=bureau, kind=AgencyKind.INSTITUTION
        )
        LeaderFactory(agency=county, name=f"领导{i}", duties=f"分管第{i}项工作。")
        DepartmentFactory(agency=county, name=f"第{i}科", duties="负责相关工作。", phone="0579-1")
    return county


def count_queries(client, url) -> int:
    client.get(url)  # warm the site-name cache of the page header
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# --- directory -----------------------------------------------------------------------------
def test_directory_shows_the_tree_grouped_by_kind(client):
    county = build_county(2)
    AgencyFactory(name="已撤销局", parent=county, is_active=False)
    with translation.override("zh-hans"):
        response = client.get(DIRECTORY, HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["nav_active"] == "disclosure"
    for name in ("样例县人民政府", "样例县第0局", "样例县第1镇", "样例县第0中心"):
        assert name in html
    assert "已撤销局" not in html
    assert "政府部门" in html and "乡镇（街道）" in html
    assert county.get_absolute_url() in html


def test_directory_query_count_does_not_grow_with_the_directory(client):
    build_county(1)
    small = count_queries(client, DIRECTORY)
    build_county(6)
    large = count_queries(client, DIRECTORY)
    assert small == large


def test_directory_with_few_queries(client, django_assert_max_num_queries):
    build_county(5)
    with django_assert_max_num_queries(4):
        assert client.get(DIRECTORY).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(DIRECTORY, {"q": "局"}).status_code == 200


def test_directory_filters_by_name_and_kind(client):
    build_county(3)
    AgencyFactory(name="样例县第9局（已撤销）", is_active=False)
    response = client.get(DIRECTORY, {"q": "第1"})
    names = {a.name for a in response.context["results"]}
    assert names == {"样例县第1局", "样例县第1镇", "样例县第1中心"}
    response = client.get(DIRECTORY, {"q": "第1", "kind": "town"})
    assert [a.name for a in response.context["results"]] == ["样例县第1镇"]
    response = client.get(DIRECTORY, {"q": "样例县"})
    assert response.context["results"]
    assert all(a.is_active for a in response.context["results"])
    response = client.get(DIRECTORY, {"kind": "nonsense"})
    assert not response.context["filtered"]


def test_directory_matches_short_names(client):
    AgencyFactory(name="样例县农业农村局", short_name="县农业农村局")
    AgencyFactory(name="样例县财政局", short_name="财政")
    response = client.get(DIRECTORY, {"q": "财政"})
    assert [a.name for a in response.context["results"]] == ["样例县财政局"]


# --- agency page ---------------------------------------------------------------------------
def test_agency_page_shows_facts_leaders_departments_and_children(client):
    county = build_county(2)
    county.functions = "贯彻执行上级决定。\n领导全县各项工作。"
    county.email = "office@sample.example.gov.cn"
    county.website = "https://sample.example.gov.cn"
    county.office_hours = "工作日 8:30-17:30"
    county.disclosure_office_name = "样例县人民政府办公室"
    county.disclosure_phone = "0579-80009999"
    county.save()
    hidden = AgencyFactory(name="已撤销的下级局", parent=county, is_active=False)
    with translation.override("zh-hans"):
        response = client.get(county.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        county.credit_code,
        "人民政府",
        "领导全县各项工作",
        "office@sample.example.gov.cn",
        "https://sample.example.gov.cn",
        "工作日 8:30-17:30",
        "领导0",
        "分管第1项工作",
        "第1科",
        "负责相关工作",
        "样例县第0局",
        "样例县第1镇",
        "样例县人民政府办公室",
        "0579-80009999",
        "领导分工",
        'class="breadcrumbs"',
    ):
        assert text in html, text
    assert hidden.name not in html
    assert response.context["nav_active"] == "disclosure"


def test_agency_page_links_parent_and_breadcrumbs(client):
    county = build_county(1)
    bureau = county.children.get(kind=AgencyKind.DEPARTMENT)
    centre = bureau.children.get()
    html = client.get(centre.get_absolute_url()).content.decode()
    assert county.get_absolute_url() in html
    assert bureau.get_absolute_url() in html
    assert html.index(county.display_name) < html.index(bureau.display_name)


def test_agency_page_query_count_is_constant(client):
    small = build_county(1)
    small_centre = small.children.get(name="样例县第0局").children.get()
    small_count = count_queries(client, small.get_absolute_url())
    small_centre_count = count_queries(client, small_centre.get_absolute_url())
    large = build_county(8)
    centre = large.children.get(name="样例县第7局").children.get()
    assert count_queries(client, large.get_absolute_url()) == small_count
    # A page below the top also fetches its ancestors, in one query whatever the depth.
    assert count_queries(client, centre.get_absolute_url()) == small_centre_count
    assert small_centre_count <= small_count + 1 <= 8


def test_inactive_and_unknown_agencies_are_not_found(rf: RequestFactory):
    gone = AgencyFactory(is_active=False)
    for code in (gone.credit_code, "91350100M000100Y43"):
        with pytest.raises(Http404):
            views.detail(rf.get(f"/agencies/{code}/"), credit_code=code)


def test_inactive_agency_page_answers_404(client):
    gone = AgencyFactory(is_active=False)
    assert client.get(gone.get_absolute_url()).status_code == 404


def test_lower_case_code_redirects_to_the_canonical_page(client):
    agency = AgencyFactory(credit_code="91350100M000100Y43")  # has letters to lower-case
    response = client.get(f"/agencies/{agency.credit_code.lower()}/")
    assert response.status_code == 301
    assert response["Location"] == agency.get_absolute_url()
