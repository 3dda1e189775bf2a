"""One search interface over two full-text engines: SQLite FTS5 and PostgreSQL tsvector.

Both match the same tokens (``gongkai.search.segment``) with AND, apply the same filters, and
order by date the same way, so they return the same hits; only the relevance score differs
(bm25 on SQLite, ts_rank_cd on PostgreSQL). An entry whose 文号 or 索引号 equals the query comes
first in either order.

Relevance is ranked within the newest (by index id) COUNT_CAP matches: for a query with fewer
matches that is the whole result; for a common word it keeps bm25/ts_rank_cd from scoring tens
of thousands of rows for a page nobody pages beyond (MAX_PAGE × PAGE_SIZE = COUNT_CAP).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from django.db import connection

from gongkai.search.models import SearchEntry
from gongkai.search.segment import filter_token

COUNT_CAP = 1000


class Sort:
    RELEVANCE = "relevance"
    DATE = "date"


@dataclass(frozen=True)
class Query:
    tokens: tuple[str, ...] = ()
    exact: str = ""  # the query as a normalised 文号/索引号, "" when it cannot be one
    kind: str = ""
    agency_ids: tuple[int, ...] = ()
    category_id: int | None = None
    year: int | None = None
    validity: str = ""
    sort: str = Sort.RELEVANCE
    offset: int = 0
    limit: int = 20


@dataclass
class Hits:
    ids: list[int] = field(default_factory=list)  # entry ids of the requested page, in order
    total: int = 0  # at most COUNT_CAP ...
    capped: bool = False  # ... and True when there are more: "1000+"


def _date_key(row) -> tuple:
    """Newest first, undated last, then the higher id first (both backends' SQL date order)."""
    _id, _score, published = row
    return (published is None, -(published.toordinal() if published else 0), -_id)


class Backend:
    """The shared plan. ``_window`` fetches the newest (by id) ``COUNT_CAP + 1`` matches with
    their score and date, which gives the count (exact up to the cap), the relevance order
    (ranked within that window — the window is the whole result whenever the count is exact),
    and the date order whenever it is not capped. Only a date-ordered search with more matches
    than the cap needs a second query (``_date_page``)."""

    vendor = ""

    def _window(self, query: Query, where: str, params: list, *, ranked: bool) -> list[tuple]:
        raise NotImplementedError

    def _date_page(self, query: Query, where: str, params: list, limit: int, offset: int, window):
        raise NotImplementedError

    def _relevance_key(self, row) -> tuple:
        raise NotImplementedError

    date_order = "e.published_date DESC, e.id DESC"

    @staticmethod
    def _filter_terms(query: Query) -> list[list[str]]:
        """The filters as index tokens: all groups must match, any token of a group."""
        groups = [[filter_token("a", a) for a in query.agency_ids]] if query.agency_ids else []
        for name, value in (
            ("k", query.kind),
            ("c", query.category_id),
            ("y", query.year),
            ("v", query.validity),
        ):
            if value not in (None, ""):
                groups.append([filter_token(name, value)])
        return groups

    PROBE_LIMIT = 400
    date_index_hint = ""

    def _recent_enough(self, where_sql: str, params: list, window, needed: int) -> bool:
        """Whether the newest PROBE_LIMIT entries (that pass the filters) hold at least
        ``needed`` matches, judged from the window of matches in hand: enough of them must be
        at least as new as the PROBE_LIMIT-th newest entry. Not so for "2024年 公开", whose
        matches are old, so walking the date index would test thousands of newer entries."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.published_date FROM search_entry e {self.date_index_hint}"
                f" WHERE 1=1{where_sql}"
                f" ORDER BY {self.date_order} LIMIT 1 OFFSET {self.PROBE_LIMIT - 1}",
                params,
            )
            row = cursor.fetchone()
        oldest = row[0] if row else None
        recent = sum(1 for _, _, d in window if oldest is None or (d is not None and d >= oldest))
        return recent >= needed

    def _filters(self, query: Query) -> tuple[list[str], list]:
        where, params = [], []
        if query.kind:
            where.append("e.kind = %s")
            params.append(query.kind)
        if query.agency_ids:
            where.append(f"e.agency_id IN ({', '.join(['%s'] * len(query.agency_ids))})")
            params.extend(query.agency_ids)
        if query.category_id is not None:
            where.append("e.category_id = %s")
            params.append(query.category_id)
        if query.year is not None:
            where.append("e.year = %s")
            params.append(query.year)
        if query.validity:
            where.append("e.validity = %s")
            params.append(query.validity)
        return where, params

    def _exact_ids(self, query: Query, where: list[str], params: list) -> list[int]:
        if not query.exact:
            return []
        sql = (
            "SELECT e.id FROM search_entry e WHERE (e.doc_number = %s OR e.index_number = %s)"
            + "".join(f" AND {w}" for w in where)
            + f" ORDER BY {self.date_order} LIMIT 50"
        )
        return self._ids(sql, [query.exact, query.exact, *params])

    def _ids(self, sql: str, params: list) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def _rows(self, sql: str, params: list) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def search(self, query: Query) -> Hits:
        where, params = self._filters(query)
        exact = self._exact_ids(query, where, params)
        if not query.tokens:
            page = exact[query.offset : query.offset + query.limit]
            return Hits(ids=page, total=len(exact))
        if exact:
            where.append(f"e.id NOT IN ({', '.join(['%s'] * len(exact))})")
            params.extend(exact)
        where_sql = "".join(f" AND {w}" for w in where)

        relevance = query.sort != Sort.DATE
        window = self._window(query, where_sql, params, ranked=relevance)
        total = len(window) + len(exact)
        capped = len(window) > COUNT_CAP
        window = window[:COUNT_CAP]

        # The exact matches fill the top of page 1; the full-text hits follow them.
        ids = exact[query.offset : query.offset + query.limit]
        offset = max(query.offset - len(exact), 0)
        limit = query.limit - len(ids)
        if limit > 0:
            if relevance:
                window.sort(key=self._relevance_key)
                ids += [row[0] for row in window[offset : offset + limit]]
            elif not capped:
                window.sort(key=_date_key)
                ids += [row[0] for row in window[offset : offset + limit]]
            else:
                ids += self._date_page(query, where_sql, params, limit, offset, window)
        return Hits(ids=ids, total=min(total, COUNT_CAP), capped=total > COUNT_CAP)


class SqliteBackend(Backend):
    vendor = "sqlite"
    date_index_hint = "INDEXED BY search_entry_date_filter"

    @staticmethod
    def fts_query(query: Query) -> str:
        # Tokens hold letters and digits only, but quote them anyway: FTS5 would read a bare
        # AND/OR/NOT/NEAR as an operator.
        def quoted(token):
            return '"{}"'.format(token.replace('"', '""'))

        parts = [quoted(t) for t in query.tokens]
        for group in Backend._filter_terms(query):
            parts.append("(" + " OR ".join(quoted(t) for t in group) + ")")
        return " AND ".join(parts)

    def _window(self, query, where_sql, params, *, ranked):
        # FTS5 streams the matches newest rowid first; each is checked against the filters in
        # the narrow covering index (not the wide table rows), and bm25 is computed only for
        # the rows that pass, up to the cap — never for all matches of a common word.
        score = "bm25(search_fts)" if ranked else "0"
        sql = (
            f"SELECT f.rowid, {score}, e.published_date FROM search_fts f"
            " CROSS JOIN search_entry e INDEXED BY search_entry_lookup ON e.id = f.rowid"
            f" WHERE search_fts MATCH %s{where_sql} ORDER BY f.rowid DESC LIMIT {COUNT_CAP + 1}"
        )
        return self._rows(sql, [self.fts_query(query), *params])

    def _relevance_key(self, row):
        return (row[1], row[0])  # bm25: lower is better

    def _date_page(self, query, where_sql, params, limit, offset, window):
        match = self.fts_query(query)
        # A word with more than COUNT_CAP matches is common, so the newest entries often match:
        # then probe the newest PROBE_LIMIT entries one by one in date order.
        if self._recent_enough(where_sql, params, window, offset + limit):
            ids = self._probe(match, where_sql, params, offset + limit)
            if len(ids) == offset + limit:
                return ids[offset:]
        # Otherwise take the set of all matches once and walk the date index against it.
        sql = (
            "SELECT e.id FROM search_entry e INDEXED BY search_entry_date_filter"
            " WHERE +e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
            f"{where_sql} ORDER BY {self.date_order} LIMIT %s OFFSET %s"
        )
        return self._ids(sql, [match, *params, limit, offset])

    def _probe(self, match, where_sql, params, count):
        probe = (
            "SELECT e.id FROM (SELECT e.id, e.published_date FROM search_entry e"
            f" INDEXED BY search_entry_date_filter WHERE 1=1{where_sql}"
            f" ORDER BY {self.date_order} LIMIT {self.PROBE_LIMIT}) e"
            " WHERE EXISTS (SELECT 1 FROM search_fts WHERE search_fts MATCH %s"
            " AND search_fts.rowid = e.id)"
            f" ORDER BY {self.date_order} LIMIT %s"
        )
        return self._ids(probe, [*params, match, count])


class PostgresBackend(Backend):
    vendor = "postgresql"
    date_order = "e.published_date DESC NULLS LAST, e.id DESC"  # as SQLite sorts NULL last

    @staticmethod
    def tsquery(query: Query, *, with_filters: bool = True) -> str:
        # Tokens hold only letters and digits (segment._RUN), so quoting them is enough.
        parts = [f"'{t}'" for t in query.tokens]
        if with_filters:
            for group in Backend._filter_terms(query):
                parts.append("(" + " | ".join(f"'{t}'" for t in group) + ")")
        return " & ".join(parts)

    def _estimate(self, match: str, where_sql: str, params: list) -> tuple[float, float]:
        """The planner's estimate of the number of matches, and the number of entries."""
        with connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN (FORMAT JSON) SELECT 1 FROM search_entry e"
                f" WHERE e.tsv @@ to_tsquery('simple', %s){where_sql}",
                [match, *params],
            )
            plan = cursor.fetchone()[0]
            if isinstance(plan, str):
                plan = json.loads(plan)
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_entry'")
            total = max(cursor.fetchone()[0], 1)
        return plan[0]["Plan"]["Plan Rows"], total

    def _dense(self, match: str, where_sql: str, params: list, needed: int) -> bool:
        """Whether walking an index in order and testing each row with @@ beats collecting all
        matches from the GIN index and sorting them. The planner makes this choice itself, but
        it does not count the cost of reading each row's tsvector (TOASTed), so for a word in a
        few per cent of the entries it walks ten thousand rows to find a thousand. Walking costs
        about needed/d rows, collecting about N·d, so walk when d > sqrt(needed/N)."""
        estimated, total = self._estimate(match, where_sql, params)
        return estimated / total > math.sqrt(needed / total)

    def _window(self, query, where_sql, params, *, ranked):
        match = self.tsquery(query)
        order = "e.id DESC"
        if not self._dense(match, where_sql, params, COUNT_CAP + 1):
            order = "e.id + 0 DESC"  # not the primary key's order: collect, then sort
        # Ranked by the words of the query only, not by the filter tokens.
        score = "ts_rank_cd(e.tsv, to_tsquery('simple', %s))" if ranked else "0"
        sql = (
            f"SELECT e.id, {score}, e.published_date FROM search_entry e"
            f" WHERE e.tsv @@ to_tsquery('simple', %s){where_sql}"
            f" ORDER BY {order} LIMIT {COUNT_CAP + 1}"
        )
        rank = [self.tsquery(query, with_filters=False)] if ranked else []
        return self._rows(sql, [*rank, match, *params])

    def _relevance_key(self, row):
        return (-row[1], row[0])  # ts_rank_cd: higher is better

    # Collecting and sorting this many matches (about 10 µs each) is still cheaper than walking
    # the date index past entries that do not match.
    COLLECT_LIMIT = 20_000

    def _date_page(self, query, where_sql, params, limit, offset, window):
        match = self.tsquery(query)
        # First walk only the newest PROBE_LIMIT entries (cheap here: no FTS5 lookup per row).
        probe = (
            "SELECT e.id FROM (SELECT e.id, e.published_date, e.tsv FROM search_entry e"
            f" WHERE TRUE{where_sql} ORDER BY {self.date_order} LIMIT {self.PROBE_LIMIT}) e"
            f" WHERE e.tsv @@ to_tsquery('simple', %s) ORDER BY {self.date_order} LIMIT %s"
        )
        ids = self._ids(probe, [*params, match, offset + limit])
        if len(ids) == offset + limit:
            return ids[offset:]
        # The newest entries do not match enough: the matches are old, or the page deep.
        estimated, _ = self._estimate(match, where_sql, params)
        if estimated > self.COLLECT_LIMIT:
            order = self.date_order  # walk the date index
        else:  # the same order, written so that the date index cannot serve it
            order = "COALESCE(e.published_date, DATE '0001-01-01') DESC, e.id + 0 DESC"
        sql = (
            "SELECT e.id FROM search_entry e"
            f" WHERE e.tsv @@ to_tsquery('simple', %s){where_sql}"
            f" ORDER BY {order} LIMIT %s OFFSET %s"
        )
        return self._ids(sql, [match, *params, limit, offset])


_BACKENDS = {b.vendor: b for b in (SqliteBackend(), PostgresBackend())}


def get_backend() -> Backend:
    try:
        return _BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"No search backend for {connection.vendor}.") from None


def entries_in_order(ids: list[int]) -> list[SearchEntry]:
    by_id = SearchEntry.objects.defer("tokens").select_related("agency").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]
