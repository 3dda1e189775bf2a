from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.search.conftest import CORPUS


@pytest.fixture
def url():
    return reverse("search:results")


def test_header_form_points_to_the_search_page(client, db, url):
    html = client.get(reverse("portal:home")).content.decode()
    assert f'action="{url}"' in html


def test_empty_query_shows_help(client, corpus, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "蓝政发〔2026〕3号" in html  # the examples of what can be searched
    assert 'class="search-result"' not in html


def test_results_with_filters_and_highlighting(client, corpus, url):
    response = client.get(url, {"q": "预算", "agency": corpus["finance"].pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="search-result"') == 4  # d1, d5, d7 and the agency itself
    assert CORPUS[7][0].replace("预算", "<mark>预算</mark>") in html
    assert 'href="/doc/7/"' in html
    assert "蓝政办发〔2026〕12号" in html  # d1's 文号 among the facts
    assert f'<option value="{corpus["finance"].pk}" selected>' in html
    assert "相关的结果 4 条" in html
    html = client.get(url, {"q": "预算", "kind": "agency"}).content.decode()
    assert html.count('class="search-result"') == 1
    assert '<option value="agency" selected>' in html


def test_validity_and_date_sort(client, corpus, url):
    html = client.get(url, {"q": "公开", "validity": "expired", "sort": "date"}).content.decode()
    assert html.count('class="search-result"') == 1
    assert "依申请公开政府信息办理流程".replace("公开", "<mark>公开</mark>") in html
    assert "失效" in html or "Expired" in html


def test_no_results_shows_suggestions(client, corpus, url):
    response = client.get(url, {"q": "火星基地", "year": 2026})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="search-none"' in html
    assert reverse("agencies:directory") in html
    assert f"{url}?q=%E7%81%AB%E6%98%9F%E5%9F%BA%E5%9C%B0" in html  # the same search, no filters


def test_bad_parameters_are_ignored(client, corpus, url):
    response = client.get(url, {"q": "税", "agency": "x", "year": "abc", "page": "-3", "sort": "z"})
    assert response.status_code == 200
    assert response.content.decode().count('class="search-result"') == 4


def test_query_is_escaped(client, corpus, url):
    html = client.get(url, {"q": '<script>alert("q")</script>'}).content.decode()
    assert '<script>alert("q")' not in html


def test_pagination_links_keep_the_query(client, agencies, url):
    from gongkai.search.services import index_entry

    for n in range(25):
        index_entry(kind="doc", object_id=n, title=f"预算公告{n}", url=f"/d/{n}/")
    html = client.get(url, {"q": "预算公告", "sort": "date"}).content.decode()
    assert html.count('class="search-result"') == 20
    assert f"q={quote('预算公告')}&amp;sort=date&amp;page=2" in html
    html = client.get(url, {"q": "预算公告", "sort": "date", "page": 2}).content.decode()
    assert html.count('class="search-result"') == 5
