"""The search index holds public text only: a notice from the first day of its period on, its
result once published — never an objection, nor the name or phone of who sent one. The daily
job indexes the notices published ahead of their period."""

from __future__ import annotations

import pytest

from gongkai.core import tick
from gongkai.notices import services
from gongkai.notices.search_provider import KIND
from gongkai.search.models import SearchEntry
from gongkai.search.selectors import search
from tests.notices.conftest import D, at, create, object_online, published, result

pytestmark = pytest.mark.django_db


def entry(n) -> SearchEntry | None:
    return SearchEntry.objects.filter(kind=KIND, object_id=n.pk).first()


def test_a_notice_is_indexed_from_its_first_day(county):
    n = create(county, title="县财政局干部任前公示")
    assert entry(n) is None
    services.notice_submit(actor=county.officer_a, notice=n, now=at("2026-09-25"))
    services.notice_publish(actor=county.reviewer_a, notice=n, now=at("2026-09-25"))
    assert entry(n) is None  # published ahead: not public before 30 September
    job = tick.jobs()["notices.index_started"]
    assert job(at("2026-09-29")) == "0 indexed"
    assert job(at("2026-09-30")) == "1 indexed"
    assert job(at("2026-10-01")) == "0 indexed"  # idempotent
    e = entry(n)
    assert e.title == n.title and "县财政局预算科科长" in e.body
    assert e.published_date == D("2026-09-30") and e.url == n.get_absolute_url()
    assert [r.entry.object_id for r in search("任前公示", kind=KIND).results] == [n.pk]


def test_objections_never_reach_the_index_the_result_does(county):
    n = published(county)
    object_online(n, name="欧阳明月", phone="13955556666", text="反映其存在违规兼职问题。")
    o = n.objections.get()
    services.objection_handle(
        actor=county.admin_a, objection=o, finding="not_upheld", reply_note="不属实。"
    )
    result(county, n, outcome="not_upheld", text="公示期间收到异议，经核实不影响任职。")
    e = entry(n)
    assert "经核实不影响任职" in e.body
    for secret in ("欧阳明月", "13955556666", "违规兼职", "不属实。"):
        assert secret not in e.body and secret not in e.tokens


def test_an_inactive_agency_leaves_the_index(county):
    n = published(county)
    county.a.is_active = False
    county.a.save()
    from gongkai.search.services import refresh_object

    assert refresh_object(kind=KIND, object_id=n.pk) is False
    assert entry(n) is None
