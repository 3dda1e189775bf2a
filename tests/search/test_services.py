from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.search.models import SearchEntry
from gongkai.search.selectors import search
from gongkai.search.services import (
    fulltext_problems,
    index_entry,
    refresh_object,
    remove_entry,
    verify,
)
from tests.factories import AgencyFactory, LeaderFactory


def found(q, **filters) -> set[tuple[str, int]]:
    return {(r.entry.kind, r.entry.object_id) for r in search(q, page_size=50, **filters).results}


def doc(object_id=1, **fields):
    fields = {"title": "关于预算公开的通知", "url": f"/doc/{object_id}/", **fields}
    return index_entry(kind="doc", object_id=object_id, **fields)


def test_index_entry_upserts_and_the_old_words_are_gone(db):
    doc(title="关于预算公开的通知", doc_number="蓝政发[2026]1号", index_number="x/2026-00001")
    entry = doc(title="关于征集意见的公告", published_date=dt.date(2026, 5, 1))
    assert SearchEntry.objects.count() == 1
    assert entry.doc_number == "" and entry.published_date == dt.date(2026, 5, 1)
    assert found("预算") == set()
    assert found("征集") == {("doc", 1)}
    assert fulltext_problems() == []


def test_numbers_are_stored_normalised(db):
    entry = doc(doc_number=" 蓝政发【2026】1号 ", index_number="113399210000001x/2026-00001")
    assert entry.doc_number == "蓝政发〔2026〕1号"
    assert entry.index_number == "113399210000001X/2026-00001"


def test_index_entry_rolls_back_with_the_publication(db):
    doc(object_id=1, title="关于预算公开的通知")
    with pytest.raises(RuntimeError), transaction.atomic():
        doc(object_id=2, title="关于税收征管的公告")
        doc(object_id=1, title="关于培训的通知")
        raise RuntimeError("publication failed after indexing")
    assert set(SearchEntry.objects.values_list("object_id", "title")) == {(1, "关于预算公开的通知")}
    assert found("税收") == set() and found("培训") == set()
    assert found("预算") == {("doc", 1)}
    assert fulltext_problems() == []


def test_remove_entry_makes_it_unfindable_at_once(db):
    doc(object_id=1, doc_number="蓝政发〔2026〕1号")
    doc(object_id=2)
    with transaction.atomic():
        assert remove_entry(kind="doc", object_id=1) is True
        assert found("预算") == {("doc", 2)}
        assert found("蓝政发〔2026〕1号") == set()
    assert remove_entry(kind="doc", object_id=1) is False
    assert fulltext_problems() == []


def test_removal_rolls_back_with_a_failed_withdrawal(db):
    doc(object_id=1)
    with pytest.raises(RuntimeError), transaction.atomic():
        remove_entry(kind="doc", object_id=1)
        raise RuntimeError
    assert found("预算") == {("doc", 1)}


# --- the agency provider ---------------------------------------------------------------


def test_agency_provider_indexes_active_agencies_on_save(db):
    agency = AgencyFactory(name="蓝湾县财政局", functions="负责财政预算编制。")
    LeaderFactory(
        agency=agency,
        name="王某某",
        title="副局长",
        duties="分管税收征管。",
        biography="1970年出生",
    )
    assert found("财政局") == {("agency", agency.pk)}
    assert found("预算") == {("agency", agency.pk)}
    assert found("税收") == {("agency", agency.pk)}  # the leader's duties
    assert found("副局长") == {("agency", agency.pk)}
    # a leader's name and biography are not indexed
    assert found("王某某") == set() and found("1970年出生") == set()
    # the credit code finds it
    assert found(agency.credit_code) == {("agency", agency.pk)}
    entry = SearchEntry.objects.get(kind="agency", object_id=agency.pk)
    assert entry.url == agency.get_absolute_url() and entry.agency_id == agency.pk

    agency.is_active = False
    agency.save()
    assert found("财政局") == set()
    assert not SearchEntry.objects.filter(kind="agency").exists()


def test_agency_entry_follows_renames_and_leader_changes(db):
    agency = AgencyFactory(name="蓝湾县财政局")
    leader = LeaderFactory(agency=agency, title="局长", duties="负责审计工作。")
    agency.name = "蓝湾县财政和税务局"
    agency.save()
    assert found("税务局") == {("agency", agency.pk)}
    leader.delete()
    assert found("审计") == set()


# --- reindex and verify ----------------------------------------------------------------


@pytest.fixture
def drift(db):
    """Three agencies in the index, then the index and the database pulled apart three ways,
    behind the services' back (as a bug or a hand-edited database would)."""
    a, b, c = (
        AgencyFactory(name=name) for name in ("蓝湾县财政局", "蓝湾县税务局", "蓝湾县水利局")
    )
    SearchEntry.objects.filter(kind="agency", object_id=a.pk).delete()  # missing
    SearchEntry.objects.filter(kind="agency", object_id=b.pk).update(title="旧名称")  # stale
    Agency.objects.filter(pk=c.pk).update(is_active=False)  # extra: not public any more
    return a, b, c


def test_verify_reports_every_disagreement_and_exits_1(drift):
    a, b, c = drift
    problems = {(d.problem, d.object_id) for d in verify(kind="agency")}
    assert problems == {("missing", a.pk), ("stale", b.pk), ("extra", c.pk)}
    stale = next(d for d in verify(kind="agency") if d.problem == "stale")
    assert stale.fields == ["title"]

    out = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("search", "verify", stdout=out)
    assert exc.value.returncode == 1
    text = out.getvalue()
    assert f"agency {a.pk}" in text and f"agency {b.pk}" in text and f"agency {c.pk}" in text
    # the dangerous one is listed first
    assert f"agency {c.pk}" in text.splitlines()[0]


def test_verify_fix_repairs(drift):
    a, b, c = drift
    call_command("search", "verify", "--fix", stdout=StringIO())
    assert verify(kind="agency") == []
    assert found("水利局") == set()
    assert found("财政局") == {("agency", a.pk)}
    assert SearchEntry.objects.get(kind="agency", object_id=b.pk).title == "蓝湾县税务局"
    call_command("search", "verify", stdout=StringIO())  # raises CommandError on any problem


def test_reindex_rebuilds_with_progress(drift):
    a, b, c = drift
    out, err = StringIO(), StringIO()
    call_command("search", "reindex", "--kind", "agency", stdout=out, stderr=err)
    assert "agency  2/2  100%" in err.getvalue()
    assert verify(kind="agency") == []
    assert set(SearchEntry.objects.values_list("object_id", flat=True)) == {a.pk, b.pk}
    assert fulltext_problems() == []


def test_unknown_kind_is_an_error(db):
    with pytest.raises(CommandError):
        call_command("search", "verify", "--kind", "nosuchkind", stdout=StringIO())


def test_refresh_object_removes_what_is_gone(db):
    agency = AgencyFactory()
    Agency.objects.filter(pk=agency.pk).update(is_active=False)
    assert refresh_object(kind="agency", object_id=agency.pk) is False
    assert refresh_object(kind="agency", object_id=10**9) is False
    assert not SearchEntry.objects.exists()


def test_fulltext_check_detects_a_desynchronised_fts_table(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's tsvector is a generated column: it cannot disagree")
    doc(object_id=1)
    with connection.cursor() as cursor:  # drop the row from the FTS index behind the trigger's back
        cursor.execute(
            "INSERT INTO search_fts(search_fts, rowid, tokens) SELECT 'delete', id, tokens "
            "FROM search_entry"
        )
    assert found("预算") == set()
    assert fulltext_problems() != []
    assert fulltext_problems(fix=True) != []
    assert fulltext_problems() == []
    assert found("预算") == {("doc", 1)}
