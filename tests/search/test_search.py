"""Queries over the fixed corpus. The expected sets were checked by hand against the corpus
(tests/search/conftest.py) and are asserted on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.search.backends import COUNT_CAP, Sort
from gongkai.search.selectors import MAX_PAGE, search
from gongkai.search.services import index_entry


def labels(result, corpus) -> list[str]:
    """``d<n>`` for a corpus document, ``a:<agency key>`` for an agency entry."""
    names = {a.pk: key for key, a in corpus.items()}
    return [
        f"d{r.entry.object_id}" if r.entry.kind == "doc" else f"a:{names[r.entry.object_id]}"
        for r in result.results
    ]


def hits(q, corpus, **filters) -> set[str]:
    result = search(q, page_size=50, **filters)
    assert result.total == len(result.results)
    return set(labels(result, corpus))


@pytest.mark.parametrize(
    "q, expected",
    [
        # one character: every text that holds it, inside any word (所得税, 税收, 使用税, 税务局)
        ("税", {"d3", "d5", "d10", "a:tax"}),
        # two-character words, also inside longer words (部门预算, 政务公开, 依申请公开)
        ("预算", {"d1", "d5", "d7", "a:finance"}),
        ("公开", {"d1", "d2", "d6", "d8"}),
        # Chinese and ASCII mixed: every token must occur (d5 is about 2025)
        ("2026年 预算", {"d1", "d7"}),
        ("2026", {"d1", "d2", "d3", "d6", "d7", "d11", "d12"}),
        # domain words registered with the segmenter
        ("政务公开", {"d6"}),
        ("依申请公开", {"d8"}),
        ("年度报告", {"d2"}),
        # an unknown name is cut into characters, all of which must occur
        ("蓝湾县", {"d1", "d2", "d3", "d5", "d7", "d9", "d11", "a:finance", "a:tax"}),
        # 文号 as printed, with the brackets people type instead, with spaces
        ("蓝政办发〔2026〕12号", {"d1"}),
        ("蓝政办发【2026】12号", {"d1"}),
        ("蓝政办发[2026]12号", {"d1"}),
        ("蓝政发〔2025〕20号", {"d4"}),
        # 索引号, also lower-case and as full-width characters
        ("113399210000001X/2026-00001", {"d1"}),
        ("113399210000001x/2026-00001", {"d1"}),
        ("１１３３９９２１００００００１Ｘ/２０２６-００００１", {"d1"}),
        ("火星基地", set()),
        ("!!!", set()),
    ],
)
def test_queries(corpus, q, expected):
    assert hits(q, corpus) == expected


def test_empty_query_lists_nothing(corpus):
    result = search("   ")
    assert result.results == [] and result.total == 0 and result.tokens == []


def test_exact_doc_number_comes_first_in_either_order(corpus):
    # A later document that cites d1's 文号 three times would outrank it on both scores.
    index_entry(
        kind="doc",
        object_id=99,
        agency_id=corpus["finance"].pk,
        published_date=dt.date(2026, 6, 1),
        title="关于落实蓝政办发〔2026〕12号文件的情况报告",
        url="/doc/99/",
        body="根据蓝政办发〔2026〕12号文件要求，对照蓝政办发〔2026〕12号文件逐项落实。",
    )
    for sort in (Sort.RELEVANCE, Sort.DATE):
        for q in ("蓝政办发〔2026〕12号", "蓝政办发【2026】12号"):
            assert labels(search(q, sort=sort), corpus) == ["d1", "d99"]
    page = search("113399210000001X/2026-00001", sort=Sort.DATE)
    assert labels(page, corpus)[0] == "d1"


def test_filters(corpus):
    finance, tax = corpus["finance"].pk, corpus["tax"].pk
    assert hits("税", corpus, agency_ids=(tax,)) == {"d3", "d10", "a:tax"}
    assert hits("税", corpus, agency_ids=(finance,)) == {"d5"}
    assert hits("税", corpus, agency_ids=(finance, tax)) == {"d3", "d5", "d10", "a:tax"}
    assert hits("税", corpus, kind="doc") == {"d3", "d5", "d10"}
    assert hits("税", corpus, kind="agency") == {"a:tax"}
    assert hits("公开", corpus, year=2026) == {"d1", "d2", "d6"}
    assert hits("公开", corpus, validity="expired") == {"d8"}
    assert hits("蓝政发〔2025〕20号", corpus, validity="valid") == set()  # d4 is repealed
    assert hits("蓝政发〔2025〕20号", corpus, validity="repealed") == {"d4"}
    assert hits("2026", corpus, category_id=8) == {"d2", "d6", "d12"}
    assert hits("预算", corpus, kind="doc", year=2026, agency_ids=(finance,)) == {"d1", "d7"}


def test_sort_by_date_newest_first_undated_last(corpus):
    result = search("蓝湾县", sort=Sort.DATE, page_size=50)
    assert labels(result, corpus) == [
        "d11",  # 2026-04-15
        "d7",  # 2026-03-20
        "d1",  # 2026-03-02
        "d3",  # 2026-02-15
        "d2",  # 2026-01-20
        "d5",  # 2025-07-10
        "d9",  # 2024-06-01
        "a:tax",  # agencies have no date; the later entry first
        "a:finance",
    ]


def test_relevance_puts_the_title_match_first(corpus):
    # d3 has 税 twice in its title and once in its body; d5 only once, in its body.
    result = search("税", kind="doc")
    assert labels(result, corpus)[0] == "d3"
    assert labels(result, corpus)[-1] == "d5"


def test_pagination(agencies):
    for n in range(45):
        index_entry(
            kind="doc",
            object_id=n,
            agency_id=agencies["finance"].pk,
            published_date=dt.date(2026, 1, 1) + dt.timedelta(days=n),
            title=f"第{n}号预算公告",
            url=f"/doc/{n}/",
        )
    pages = [search("预算公告", sort=Sort.DATE, page=p) for p in (1, 2, 3)]
    assert [len(p.results) for p in pages] == [20, 20, 5]
    assert all(p.total == 45 and p.num_pages == 3 for p in pages)
    ids = [r.entry.object_id for p in pages for r in p.results]
    assert ids == list(range(44, -1, -1))
    assert pages[0].has_next and not pages[0].has_previous
    assert pages[2].has_previous and not pages[2].has_next
    assert search("预算公告", page=999).page == MAX_PAGE
    # relevance order pages through the same set without repeats
    relevance = [r.entry.object_id for p in (1, 2, 3) for r in search("预算公告", page=p).results]
    assert sorted(relevance) == list(range(45))


def test_count_is_capped(agencies):
    from gongkai.search.models import SearchEntry
    from gongkai.search.services import entry_values

    values = entry_values(title="公开", url="/x/")
    SearchEntry.objects.bulk_create(
        SearchEntry(kind="doc", object_id=n, **values) for n in range(COUNT_CAP + 5)
    )
    result = search("公开")
    assert result.capped and result.total == COUNT_CAP and result.num_pages == MAX_PAGE


def test_snippet_is_escaped_and_highlighted(corpus):
    (result,) = search("申请", kind="doc").results
    html = str(result.snippet)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "A&amp;B" in html
    assert "<mark>申请</mark>人" in html
    assert str(result.title) == "依<mark>申请</mark>公开政府信息办理流程"


def test_snippet_for_a_query_that_looks_like_markup(agencies):
    index_entry(kind="doc", object_id=1, title="amp 说明", url="/d/", body="a &amp; b <mark> c")
    (result,) = search("amp").results
    assert str(result.snippet) == "a &amp;<mark>amp</mark>; b &lt;mark&gt; c"
    assert str(result.title) == "<mark>amp</mark> 说明"


def test_snippet_window_centres_on_the_match(agencies):
    body = "无关内容。" * 60 + "这里说明了城镇土地使用税的计算方法。" + "其他内容。" * 60
    index_entry(kind="doc", object_id=1, title="说明", url="/d/", body=body)
    (result,) = search("使用税").results
    assert "<mark>使用税</mark>" in str(result.snippet)
    assert str(result.snippet).startswith("…") and str(result.snippet).endswith("…")
    assert len(str(result.snippet)) < 220


@pytest.mark.parametrize("newer_others", [0, 600], ids=["recent-matches", "old-matches"])
def test_date_order_beyond_the_count_cap(agencies, newer_others):
    """More matches than the cap: the date order is still exact over all of them, whether the
    newest entries match (probed one by one on SQLite) or not (the whole match set is used)."""
    from gongkai.search.models import SearchEntry
    from gongkai.search.services import entry_values

    day = dt.date(2020, 1, 1)
    rows = [
        SearchEntry(
            kind="doc",
            object_id=n,
            **entry_values(
                kind="doc",
                title="公开" if n < COUNT_CAP + 100 else "其他",
                published_date=day
                + dt.timedelta(days=(n * 7919) % 1500 if n < COUNT_CAP + 100 else 1500 + n),
                year=2021 if n % 3 == 0 else 2020,
                url="/x/",
            ),
        )
        for n in range(COUNT_CAP + 100 + newer_others)
    ]
    SearchEntry.objects.bulk_create(rows)
    matching = SearchEntry.objects.filter(title="公开").order_by("-published_date", "-id")
    for page in (1, 3):
        result = search("公开", sort=Sort.DATE, page=page)
        assert result.capped
        expected = list(matching.values_list("object_id", flat=True)[(page - 1) * 20 : page * 20])
        assert [r.entry.object_id for r in result.results] == expected
    result = search("公开", sort=Sort.DATE, year=2021)
    expected = list(matching.filter(year=2021).values_list("object_id", flat=True)[:20])
    assert [r.entry.object_id for r in result.results] == expected
