"""Writes to the search index. Everything here joins the caller's transaction: call it inside
the ``transaction.atomic`` block that publishes or withdraws, and the index commits or rolls
back with it. The full-text table (SQLite) or column (PostgreSQL) follows ``search_entry`` in
the same statement, through triggers or a generated column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice

from django.db import DatabaseError, connection, transaction

from gongkai.search import registry
from gongkai.search.models import BODY_MAX_CHARS, SearchEntry
from gongkai.search.segment import filter_token, normalize_number, segment_texts, tokens_text

ENTRY_FIELDS = (
    "agency_id",
    "category_id",
    "year",
    "validity",
    "published_date",
    "title",
    "doc_number",
    "index_number",
    "url",
    "body",
)
STORED_FIELDS = (*ENTRY_FIELDS, "tokens")


def _normalised(title: str, doc_number: str, index_number: str, body: str) -> tuple:
    return (
        (title or "").strip()[:500],
        normalize_number(doc_number)[:100],
        normalize_number(index_number)[:100],
        (body or "").strip()[:BODY_MAX_CHARS],
    )


def presegment(*, title: str, doc_number: str = "", body: str = "") -> dict[str, str]:
    """Segment an entry's texts ahead of ``entry_values`` (a bulk import does it in worker
    processes): pass the result as ``segments=`` and only what is missing there — the 索引号,
    assigned later — is segmented then. The same texts give the same tokens either way."""
    title, doc_number, _, body = _normalised(title, doc_number, "", body)
    return segment_texts(title, doc_number, body)


def entry_values(
    *,
    kind: str = "",
    agency_id: int | None = None,
    category_id: int | None = None,
    year: int | None = None,
    validity: str = "",
    published_date: dt.date | None = None,
    title: str,
    doc_number: str = "",
    index_number: str = "",
    url: str,
    body: str = "",
    segments: Mapping[str, str] | None = None,
) -> dict:
    """The column values that ``index_entry`` stores for these fields (numbers normalised, the
    body capped, the tokens computed). ``verify`` compares against the same values.
    ``segments``: what ``presegment`` returned for these texts, if it was called ahead."""
    title, doc_number, index_number, body = _normalised(title, doc_number, index_number, body)
    # The title goes in twice: a word in the title weighs more than one in the body, on both
    # backends alike (bm25 and ts_rank_cd both count occurrences).
    tokens = tokens_text(title, title, doc_number, index_number, body, cache=segments)
    filters = {"k": kind, "a": agency_id, "c": category_id, "y": year, "v": validity}
    tokens = " ".join(
        [
            tokens,
            *(filter_token(n, v) for n, v in filters.items() if v not in (None, "")),
        ]
    ).strip()
    return {
        "agency_id": agency_id,
        "category_id": category_id,
        "year": year,
        "validity": validity or "",
        "published_date": published_date,
        "title": title,
        "doc_number": doc_number,
        "index_number": index_number,
        "url": url,
        "body": body,
        "tokens": tokens,
    }


def provider_fields(fields: dict) -> dict:
    """A provider's entry without ``kind``/``object_id``, which some providers repeat."""
    return {k: v for k, v in fields.items() if k not in ("kind", "object_id")}


def index_entry(*, kind: str, object_id: int, **fields) -> SearchEntry:
    """Insert or update the entry of one object. See ``entry_values`` for the fields."""
    values = entry_values(kind=kind, **fields)
    with transaction.atomic():
        entry, _ = SearchEntry.objects.update_or_create(
            kind=kind, object_id=object_id, defaults=values
        )
    return entry


def remove_entry(*, kind: str, object_id: int) -> bool:
    """Delete the entry of one object, if there is one; it is unfindable from this statement on."""
    with transaction.atomic():
        deleted, _ = SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()
    return bool(deleted)


def refresh_object(*, kind: str, obj=None, object_id: int | None = None) -> bool:
    """Bring one object's entry in line with its provider: index it when the provider gives an
    entry, remove it otherwise (also when the object is gone). Returns whether it is indexed."""
    provider = registry.get_provider(kind)
    if obj is None:
        obj = provider.get(object_id)
    if obj is None:
        remove_entry(kind=kind, object_id=object_id)
        return False
    fields = provider.entry_for(obj)
    if fields is None:
        remove_entry(kind=kind, object_id=obj.pk)
        return False
    index_entry(kind=kind, object_id=obj.pk, **provider_fields(fields))
    return True


# --- Whole-index maintenance (the ``gongkai search`` command) -------------------------------

BATCH_SIZE = 500
Progress = Callable[[int, int], None]


def _count(objects) -> int | None:
    if hasattr(objects, "count") and hasattr(objects, "iterator"):
        return objects.count()
    try:
        return len(objects)
    except TypeError:
        return None


def _batches(objects, size: int) -> Iterator[list]:
    iterable = objects.iterator(chunk_size=size) if hasattr(objects, "iterator") else objects
    it = iter(iterable)
    while batch := list(islice(it, size)):
        yield batch


def reindex(*, kind: str, progress: Progress | None = None, batch_size: int = BATCH_SIZE) -> dict:
    """Rebuild the entries of one kind from its provider, batch by batch (each batch its own
    transaction), then delete the entries of objects that are no longer public."""
    provider = registry.get_provider(kind)
    objects = provider.public_objects()
    total = _count(objects) or 0
    seen: set[int] = set()
    done = indexed = 0
    for batch in _batches(objects, batch_size):
        with transaction.atomic():
            for obj in batch:
                fields = provider.entry_for(obj)
                if fields is not None:
                    index_entry(kind=kind, object_id=obj.pk, **provider_fields(fields))
                    seen.add(obj.pk)
                    indexed += 1
        done += len(batch)
        if progress:
            progress(done, max(total, done))
    stale_ids = [
        pk
        for pk, object_id in SearchEntry.objects.filter(kind=kind).values_list("pk", "object_id")
        if object_id not in seen
    ]
    removed = 0
    for start in range(0, len(stale_ids), batch_size):
        with transaction.atomic():
            removed += SearchEntry.objects.filter(
                pk__in=stale_ids[start : start + batch_size]
            ).delete()[0]
    return {"indexed": indexed, "removed": removed}


@dataclass
class Disagreement:
    kind: str
    object_id: int
    problem: str  # "missing", "extra" or "stale"
    fields: list[str] = field(default_factory=list)


def verify(*, kind: str, fix: bool = False, batch_size: int = BATCH_SIZE) -> list[Disagreement]:
    """Compare the entries of one kind with what its provider says should be indexed.

    ``missing``: a public object without an entry; ``extra``: an entry whose object is not
    public any more (or is gone) — the dangerous case; ``stale``: an entry whose fields differ.
    With ``fix`` each disagreement is repaired in its own transaction.
    """
    provider = registry.get_provider(kind)
    found: list[Disagreement] = []
    expected_ids: set[int] = set()
    for batch in _batches(provider.public_objects(), batch_size):
        wanted = {}
        for obj in batch:
            fields = provider.entry_for(obj)
            if fields is not None:
                wanted[obj.pk] = entry_values(kind=kind, **provider_fields(fields))
        expected_ids.update(wanted)
        stored = {
            e["object_id"]: e
            for e in SearchEntry.objects.filter(kind=kind, object_id__in=list(wanted)).values(
                "object_id", *STORED_FIELDS
            )
        }
        for object_id, values in wanted.items():
            entry = stored.get(object_id)
            if entry is None:
                found.append(Disagreement(kind, object_id, "missing"))
            else:
                differ = [name for name in STORED_FIELDS if entry[name] != values[name]]
                if differ:
                    found.append(Disagreement(kind, object_id, "stale", differ))
    for object_id in SearchEntry.objects.filter(kind=kind).values_list("object_id", flat=True):
        if object_id not in expected_ids:
            found.append(Disagreement(kind, object_id, "extra"))
    found.sort(key=lambda d: (d.problem != "extra", d.object_id))
    if fix:
        for item in found:
            with transaction.atomic():
                refresh_object(kind=kind, object_id=item.object_id)
    return found


def fulltext_problems(*, fix: bool = False) -> list[str]:
    """On SQLite, FTS5's own check that ``search_fts`` matches ``search_entry`` (it cannot
    disagree on PostgreSQL, where the tsvector is a generated column). ``fix`` rebuilds it."""
    if connection.vendor != "sqlite":
        return []
    problems = []
    with connection.cursor() as cursor:
        try:
            cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
        except DatabaseError as exc:  # "database disk image is malformed"
            problems.append(str(exc))
        if problems and fix:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    return problems
