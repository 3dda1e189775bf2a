"""Published letters in the site's search index: kept in step by every save, rebuilt and
verified by the index's own maintenance (``gongkai search``), personal data never in it."""

from __future__ import annotations

import pytest

from gongkai.interaction.search_provider import KIND, MessageProvider
from gongkai.search import registry
from gongkai.search.models import SearchEntry
from gongkai.search.services import reindex, verify
from tests.interaction.published_helpers import WRITER, letter, publish

pytestmark = pytest.mark.django_db


def _published(bureau, title="路灯不亮"):
    message = letter(bureau, written="2026-09-21", accept="2026-09-22", reply="2026-09-24")
    return publish(bureau, message, title=title, content="青石巷路灯坏了。", reply="已修复。")


def test_the_provider_is_registered_with_a_label():
    assert KIND in registry.kinds()
    assert str(registry.label_for(KIND))


def test_only_published_letters_are_entries(county):
    published = _published(county.a)
    letter(county.a, written="2026-09-21", accept="2026-09-22", reply="2026-09-24")
    letter(county.a, written="2026-09-21", kind="report")
    assert list(SearchEntry.objects.filter(kind=KIND).values_list("object_id", flat=True)) == [
        published.pk
    ]
    assert [m.pk for m in MessageProvider().public_objects()] == [published.pk]


def test_reindex_and_verify_agree_with_the_saves(county):
    first = _published(county.a)
    _published(county.b, title="公交站")
    assert verify(kind=KIND) == []
    SearchEntry.objects.filter(kind=KIND, object_id=first.pk).delete()
    SearchEntry.objects.create(kind=KIND, object_id=999999, title="stale", url="/x/")
    problems = {(d.problem, d.object_id) for d in verify(kind=KIND)}
    assert problems == {("missing", first.pk), ("extra", 999999)}
    assert reindex(kind=KIND) == {"indexed": 2, "removed": 1}
    assert verify(kind=KIND) == []


def test_no_personal_data_in_any_entry(county):
    _published(county.a)
    for entry in SearchEntry.objects.filter(kind=KIND):
        text = " ".join([entry.title, entry.body, entry.tokens, entry.url])
        for value in WRITER.values():
            assert value not in text
