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

from django.db import connection, transaction

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

    agency_column = "e.agency_id"

    def _filters(self, query: Query) -> tuple[list[str], list]:
        where, params = [], []
        if query.kind:
            where.append("e.kind = %s")
            params.append(query.kind)
        if query.agency_ids:
            placeholders = ", ".join(["%s"] * len(query.agency_ids))
            where.append(f"{self.agency_column} IN ({placeholders})")
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
    # The tsquery holds the filters as tokens, which the GIN index applies; the columns are
    # checked again on the rows found. Written so that the planner does not AND the agency's
    # btree bitmap (some 50,000 entries) with the GIN one, which it did for nothing (5–10 ms).
    agency_column = "(e.agency_id + 0)"
    # The same order, written so that no index can serve it: collect the matches, then sort.
    date_order_collected = "COALESCE(e.published_date, DATE '0001-01-01') DESC, e.id + 0 DESC"

    @staticmethod
    def tsquery(query: Query, *, with_filters: bool = True) -> str:
        # Tokens hold only letters and digits (segment._RUN), so quoting them is enough.
        parts = [f"'{t}'" for t in query.tokens]
        if with_filters:
            for group in Backend._filter_terms(query):
                parts.append("(" + " | ".join(f"'{t}'" for t in group) + ")")
        return " & ".join(parts)

    # For the rest of the search, which runs in one transaction (its own, or the caller's, then
    # without a savepoint: a search writes nothing), set with the first query that needs it
    # (in _estimate, with no round trip of its own): bitmaps of a few hundred
    # thousand matches or dates stay exact (with the default 4MB they turn lossy, and every row
    # of a lossy page is tested with @@ again, reading its TOASTed tsvector), and no JIT
    # compilation (tens of milliseconds) for the costly-looking fallback queries, no parallel
    # workers (a search is a few milliseconds of index work; their start-up costs more).
    SESSION = (
        "SELECT set_config('work_mem', '32MB', true), set_config('jit', 'off', true),"
        " set_config('max_parallel_workers_per_gather', '0', true)"
    )

    def search(self, query: Query) -> Hits:
        with transaction.atomic(savepoint=False):
            return super().search(query)

    def _estimate(self, query: Query) -> tuple[float, int]:
        """The planner's estimate of the number of matches, and the highest entry id.

        Estimated from the tsquery alone, which holds the filters as tokens: the same filters
        as columns would count twice (the planner takes conditions as independent) and made a
        filtered search look twenty times rarer than it is. The planner also takes the words
        as independent, but the words of one query are often one phrase cut apart (大气污染 and
        防治 of 大气污染防治 occur together: 8,500 estimated, 67,000 found at 1,000,000), and
        never match more often than the rarest of them does: the estimate is moved a quarter of
        the way (geometrically) towards that bound, which neither overshoots much for words that
        are independent (2026, 年, 预算) nor leaves a phrase eight times too rare. All
        estimates come from one EXPLAIN (parallel plans are off, see SESSION: a Gather would
        report rows per worker)."""
        queries = [self.tsquery(query)]
        if len(query.tokens) > 1:
            queries.append(self.tsquery(query, with_filters=False))
            queries.extend(f"'{t}'" for t in query.tokens)
        with connection.cursor() as cursor:
            cursor.execute(f"{self.SESSION}, (SELECT max(id) FROM search_entry)")
            max_id = cursor.fetchone()[-1] or 0
            cursor.execute(
                "EXPLAIN (FORMAT JSON) "
                + " UNION ALL ".join(
                    ["SELECT 1 FROM search_entry e WHERE e.tsv @@ to_tsquery('simple', %s)"]
                    * len(queries)
                ),
                queries,
            )
            plan = cursor.fetchone()[0]
            if isinstance(plan, str):
                plan = json.loads(plan)
        plan = plan[0]["Plan"]
        if len(queries) == 1:
            return plan["Plan Rows"], max_id
        estimated, words, *alone = (max(p["Plan Rows"], 1) for p in plan["Plans"])
        return estimated * max(min(alone) / words, 1) ** 0.25, max_id

    # The newest COUNT_CAP + 1 matches. Two plans can find them: walk the primary key backwards
    # and test each row with @@, which reads the row's tsvector (a TOAST lookup and two chunks
    # unless the row holds it, migration 0003), or
    # collect the matches from the GIN index, which answers @@ without the tsvector, and sort
    # them by id, which costs a heap visit per match. The planner counts neither the tsvector
    # reads nor the filter tokens in the tsquery (it takes them and the same filters as
    # columns as independent), so at 1,000,000 entries it collected 32,000 matches of a
    # filtered word (460 ms) to keep the newest thousand. A lower bound on the id caps both
    # plans: collecting combines the GIN bitmap with the primary key's (BitmapAnd) and visits
    # only the matches in the range; walking stops at the bound. The range is first expected to
    # hold ID_RANGE_MARGIN × the matches needed; when it holds fewer, the matches found in it
    # tell how wide the next range must be (or, when it held none, ID_RANGE_WIDEN times as
    # wide); after that, unbounded. A bounded result is used only when it is full, so it is
    # the same as the unbounded one.
    ID_RANGE_MARGIN = 2
    ID_RANGE_WIDEN = 8

    def _window(self, query, where_sql, params, *, ranked):
        match = self.tsquery(query)
        needed = COUNT_CAP + 1
        estimated, max_id = self._estimate(query)
        # The ids that hold ``needed`` matches if matches are spread evenly: needed / d entries
        # for a share d = estimated / entries, at entries / max_id entries per id (fewer after
        # deletions), so the number of entries cancels out.
        span = self.ID_RANGE_MARGIN * needed * max_id / max(estimated, 1)
        # Ranked by the words of the query only, not by the filter tokens, and only for the
        # rows of the window: ts_rank_cd in the inner select would run (reading the tsvector)
        # for every match before the sort keeps 1,001 of them.
        score = "ts_rank_cd(w.tsv, to_tsquery('simple', %s))" if ranked else "0"
        rank = [self.tsquery(query, with_filters=False)] if ranked else []
        walk = self._walk_limit(estimated, max_id, needed)
        if walk:
            sql = (
                f"SELECT w.id, {score}, w.published_date FROM ("
                "SELECT e.id, e.tsv, e.published_date FROM search_entry e"
                f" WHERE TRUE{where_sql} ORDER BY e.id DESC LIMIT {walk}) w"
                f" WHERE w.tsv @@ to_tsquery('simple', %s) ORDER BY w.id DESC LIMIT {needed}"
            )
            rows = self._rows(sql, [*rank, *params, match])
            if len(rows) == needed:
                return rows
        for attempt in range(3):
            bounded = attempt < 2 and span < max_id
            bound = f" AND e.id > {max_id - int(span)}" if bounded else ""
            sql = (
                f"SELECT w.id, {score}, w.published_date FROM ("
                "SELECT e.id, e.tsv, e.published_date FROM search_entry e"
                f" WHERE e.tsv @@ to_tsquery('simple', %s){where_sql}{bound}"
                f" ORDER BY e.id DESC LIMIT {needed}) w"
            )
            rows = self._rows(sql, [*rank, match, *params])
            if len(rows) == needed or not bounded:
                rows.sort(key=lambda row: -row[0])
                return rows
            if rows:  # the share of matches seen in this range sizes the next one
                span = max(self.ID_RANGE_MARGIN * needed * span / len(rows), 2 * span)
            else:
                span *= self.ID_RANGE_WIDEN
        raise AssertionError("unreachable")

    # For a common word, walking wins after all: collecting builds a bitmap of every match
    # (90 ms for a word in 30 % of 1,000,000 entries) while the walk tests about needed / d
    # rows, each a page read once the tsvector is kept in the row (migration 0003). Walking
    # costs about needed/d rows, collecting about N·d, so walk when d > DENSE × sqrt(needed/N)
    # (DENSE measured at 1,000,000: the two meet near d = 8 %). The walk is an inner select
    # in id (or date) order with a LIMIT, which the planner cannot turn into a GIN bitmap
    # scan; it is capped at WALK_MARGIN × needed/d rows and the search collects when the
    # matches turn out to be older than that.
    DENSE = 2.5
    WALK_MARGIN = 4

    def _walk_limit(self, estimated: float, entries: int, needed: int) -> int:
        """How many rows to walk in order to find ``needed`` matches, or 0 to collect."""
        entries = max(entries, 1)
        if estimated / entries <= self.DENSE * math.sqrt(needed / entries):
            return 0
        return math.ceil(self.WALK_MARGIN * needed * entries / max(estimated, 1))

    def _relevance_key(self, row):
        return (-row[1], row[0])  # ts_rank_cd: higher is better

    # Collecting and sorting this many matches (about 10 µs each) is still cheaper than walking
    # the date index past entries that do not match.
    COLLECT_LIMIT = 20_000

    def _date_page(self, query, where_sql, params, limit, offset, window):
        match = self.tsquery(query)
        needed = offset + limit
        estimated, max_id = self._estimate(query)
        # A common word: walk the newest entries in date order (as _window walks the ids),
        # unless filtered: the newest entries of a year or an agency may lie far down the index.
        walk = self._walk_limit(estimated, max_id, needed)
        if walk and not self._filter_terms(query):
            probe = (
                "SELECT e.id FROM (SELECT e.id, e.published_date, e.tsv FROM search_entry e"
                f" WHERE TRUE{where_sql} ORDER BY {self.date_order} LIMIT {walk}) e"
                f" WHERE e.tsv @@ to_tsquery('simple', %s) ORDER BY {self.date_order} LIMIT %s"
            )
            ids = self._ids(probe, [*params, match, needed])
            if len(ids) == needed:
                return ids[offset:]
        # The newest entries do not match enough: the matches are old, or the page deep. The
        # window holds COUNT_CAP of the matches with their dates; when ``needed`` of them are
        # dated on or after a day, so are at least ``needed`` of all matches, and the page lies
        # among the matches from that day on: collect those (GIN bitmap AND the date index).
        dates = sorted((d for _, _, d in window if d is not None), reverse=True)
        if len(dates) >= needed:
            # Expected to hold ID_RANGE_MARGIN × needed matches if the window is a fair sample
            # of them, which is tried first; the needed-th date of the window always suffices.
            tight = math.ceil(self.ID_RANGE_MARGIN * needed * len(window) / max(estimated, 1))
            for j in sorted({min(tight, needed), needed}):
                sql = (
                    "SELECT e.id FROM search_entry e"
                    f" WHERE e.tsv @@ to_tsquery('simple', %s){where_sql}"
                    f" AND e.published_date >= %s"
                    f" ORDER BY {self.date_order_collected} LIMIT %s OFFSET %s"
                )
                ids = self._ids(sql, [match, *params, dates[j - 1], limit, offset])
                if len(ids) == limit:
                    return ids
        if estimated > self.COLLECT_LIMIT:
            order = self.date_order  # walk the date index
        else:
            order = self.date_order_collected
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
