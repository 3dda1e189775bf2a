"""Internal items never reach a public surface: no public page (every argument-free public
URL of the site, the agency's pages), no feed, no sitemap section, no public API endpoint and
no search (the index, the search page, the API's full-text search). A public catalog item
posted alongside shows that each surface is live, so the absence means something."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.api.api import api
from gongkai.search import registry
from gongkai.search.models import SearchEntry
from gongkai.search.services import reindex
from tests.factories import published_item

from .conftest import finance_item, text_item

pytestmark = pytest.mark.django_db

SECRET = "内部收支绝密标题甲乙"
SECRET_BODY = "本段正文只给工作人员看丙丁"
PUBLIC = "公开的预算执行情况说明"
# What is searched for: words of the title and the text, not all of it, because search pages
# repeat the query (so the full title showing up would mean a result).
QUERIES = ("收支绝密标题", "工作人员看")
PRIVATE_PREFIXES = ("staff/", "admin/", "accounts/", "api/", "i18n/", "jsi18n/")


@pytest.fixture
def posted(w):
    finance_item(w, title=SECRET, body_html=f"<p>{SECRET_BODY}</p>")
    item = text_item(w, title=f"{SECRET}决定", body_html=f"<p>{SECRET_BODY}</p>")
    public = published_item(w.a, title=PUBLIC)
    for kind in registry.kinds():
        reindex(kind=kind)
    return item, public


def _public_paths(patterns, prefix: str = "") -> list[str]:
    paths = []
    for entry in patterns:
        route = str(entry.pattern)
        if "<" in route or "(?P" in route or route.startswith("^"):
            continue  # a page of one object, or a pattern that is not a plain path
        if isinstance(entry, URLResolver):
            paths += _public_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            paths.append("/" + prefix + route)
    return [p for p in paths if not p.lstrip("/").startswith(PRIVATE_PREFIXES)]


def _absent(response) -> None:
    body = response.content.decode("utf-8", "replace")
    assert SECRET not in body and SECRET_BODY not in body, response.request["PATH_INFO"]


def test_no_public_page_shows_an_internal_item(client, w, posted):
    client.raise_request_exception = False  # a page that breaks still must not leak
    paths = _public_paths(get_resolver().url_patterns)
    assert "/" in paths and "/search/" in paths and len(paths) > 10
    for path in paths:
        _absent(client.get(path))
    for name in ("catalog:agency", "catalog:agency_items", "catalog:guide", "agencies:detail"):
        response = client.get(reverse(name, args=[w.a.credit_code]))
        assert response.status_code == 200
        _absent(response)


def test_no_feed_carries_an_internal_item(client, w, posted):
    for url in (
        reverse("catalog:rss"),
        reverse("catalog:atom"),
        reverse("catalog:agency_rss", args=[w.a.credit_code]),
        reverse("catalog:agency_atom", args=[w.a.credit_code]),
    ):
        response = client.get(url)
        assert response.status_code == 200 and PUBLIC in response.content.decode()
        _absent(response)


def test_no_sitemap_section_lists_an_internal_item(client, w, posted):
    item, public = posted
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = re.findall(r"<loc>https?://[^/]+(/[^<]+)</loc>", index.content.decode())
    assert sections
    seen = ""
    for path in sections:
        response = client.get(path.replace("&amp;", "&"))
        assert response.status_code == 200
        seen += response.content.decode()
    assert public.get_absolute_url() in seen
    assert "/staff/" not in seen and f"/internal/{item.pk}" not in seen


def test_no_public_api_endpoint_returns_an_internal_item(client, w, posted):
    item, _public = posted
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    listed = []
    for path, operations in schema["paths"].items():
        if "get" not in operations or "staff" in path:
            continue
        concrete = re.sub(r"\{[^}]*(id|pk)[^}]*\}", str(item.pk), path)
        concrete = re.sub(r"\{[^}]*code[^}]*\}", w.a.credit_code, concrete)
        if "{" in concrete:
            continue
        for params in ({}, {"agency": w.a.credit_code}, *({"q": q} for q in QUERIES)):
            response = client.get(concrete, params)
            _absent(response)
        listed.append(concrete)
    assert "/api/v1/items" in listed
    found = client.get("/api/v1/items", {"q": PUBLIC}).json()["items"]
    assert [i["title"] for i in found] == [PUBLIC]
    for q in QUERIES:
        assert client.get("/api/v1/items", {"q": q}).json()["items"] == []


def test_nothing_internal_is_in_the_search_index(client, w, posted):
    assert "internal" not in registry.kinds()
    assert not SearchEntry.objects.filter(title__contains=SECRET).exists()
    assert not SearchEntry.objects.filter(body__contains=SECRET_BODY).exists()
    assert SearchEntry.objects.filter(title=PUBLIC).exists()
    for q in (*QUERIES, PUBLIC):
        response = client.get(reverse("search:results"), {"q": q})
        assert response.status_code == 200
        _absent(response)
    assert PUBLIC in client.get(reverse("search:results"), {"q": PUBLIC}).content.decode()


def test_internal_urls_exist_only_under_staff(client, w, posted):
    item, _public = posted
    staff_url = reverse("internal_staff:detail", args=[item.pk])
    assert staff_url.startswith("/staff/internal/")
    response = client.get(staff_url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for path in (
        f"/internal/{item.pk}/",
        f"/items/{item.pk}/",
        f"/interaction/internal/{item.pk}/",
    ):
        _absent(client.get(path))
