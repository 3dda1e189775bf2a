"""The public search: one function that turns the search form into a page of results."""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.search import registry
from gongkai.search.backends import COUNT_CAP, Query, Sort, entries_in_order, get_backend
from gongkai.search.models import Validity
from gongkai.search.segment import normalize_number, query_tokens
from gongkai.search.snippets import highlight, snippet

PAGE_SIZE = 20
MAX_PAGE = COUNT_CAP // PAGE_SIZE  # 50: nobody reads further, and deep pages are the slow ones


@dataclass
class Result:
    entry: object
    kind_label: object
    title: str
    snippet: str
    validity_label: object = ""


@dataclass
class ResultPage:
    q: str
    tokens: list[str]
    results: list[Result] = field(default_factory=list)
    total: int = 0
    capped: bool = False
    page: int = 1
    num_pages: int = 0

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    page_size: int = PAGE_SIZE

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.page_size + 1

    @property
    def page_range(self) -> list[int]:
        low = max(1, self.page - 4)
        return list(range(low, min(self.num_pages, low + 8) + 1))


def _exact_form(q: str) -> str:
    """The query as a 文号/索引号 to look up exactly, or "" when it cannot be one (these
    always hold a digit; a plain word would only cost an extra index lookup)."""
    number = normalize_number(q)
    return number if any(ch.isdigit() for ch in number) and len(number) <= 100 else ""


def search(
    q: str,
    *,
    kind: str = "",
    agency_ids: tuple[int, ...] = (),
    category_id: int | None = None,
    year: int | None = None,
    validity: str = "",
    sort: str = Sort.RELEVANCE,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> ResultPage:
    """Search the public index. An empty query returns an empty page (nothing is listed
    without a query). ``page`` is clamped to 1..MAX_PAGE."""
    q = " ".join((q or "").split())[:200]
    tokens = query_tokens(q)
    page = min(max(page, 1), MAX_PAGE)
    result = ResultPage(q=q, tokens=tokens, page=page, page_size=page_size)
    exact = _exact_form(q)
    if not tokens and not exact:
        return result
    hits = get_backend().search(
        Query(
            tokens=tuple(tokens),
            exact=exact,
            kind=kind,
            agency_ids=tuple(agency_ids),
            category_id=category_id,
            year=year,
            validity=validity,
            sort=sort if sort in (Sort.RELEVANCE, Sort.DATE) else Sort.RELEVANCE,
            offset=(page - 1) * page_size,
            limit=page_size,
        )
    )
    result.total, result.capped = hits.total, hits.capped
    result.num_pages = min(-(-hits.total // page_size), MAX_PAGE)
    for entry in entries_in_order(hits.ids):
        result.results.append(
            Result(
                entry=entry,
                kind_label=registry.label_for(entry.kind),
                title=highlight(entry.title, tokens),
                snippet=snippet(entry.body, tokens),
                validity_label=Validity(entry.validity).label
                if entry.validity in Validity.values
                else "",
            )
        )
    return result
