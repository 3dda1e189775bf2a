"""The search index holds public text only: a solicitation from publication on, approved
comments as shown (redacted), the published feedback — never a name, phone or e-mail."""

from __future__ import annotations

from gongkai.search.models import SearchEntry
from gongkai.search.selectors import search
from gongkai.search.services import refresh_object
from gongkai.solicitation import services
from gongkai.solicitation.models import Decision
from gongkai.solicitation.search_provider import KIND, SolicitationProvider
from tests.solicitation.conftest import NOW, at, closed, create, publish

NAME, PHONE, EMAIL = "欧阳明月", "13955556666", "oymy@example.com"


def entry(s) -> SearchEntry | None:
    return SearchEntry.objects.filter(kind=KIND, object_id=s.pk).first()


def assert_no_contact(e: SearchEntry) -> None:
    for secret in (NAME, PHONE, EMAIL, "5556666"):
        assert secret not in e.body and secret not in e.title and secret not in e.tokens


def test_only_public_solicitations_are_indexed(county):
    s = create(county, title="县级专项资金管理办法")
    assert entry(s) is None
    publish(county, s)
    e = entry(s)
    assert e.title == s.title and "第一条 为规范县级专项资金管理" in e.body
    assert e.url == s.get_absolute_url() and e.agency_id == county.a.pk
    assert [r.entry.object_id for r in search("专项资金", kind=KIND).results] == [s.pk]


def test_comments_enter_the_index_only_approved_and_redacted(county):
    s = publish(county, create(county))
    c = services.comment_submit(
        solicitation=s,
        data={
            "name": NAME,
            "phone": PHONE,
            "email": EMAIL,
            "text": f"我是{NAME}，电话{PHONE}，邮箱{EMAIL}。建议增设绩效公示栏。",
        },
        now=NOW,
    )
    assert "绩效公示栏" not in entry(s).body  # pending
    services.comment_approve(
        actor=county.reviewer_a, comment=c, public_text=services.suggested_public_text(c), now=NOW
    )
    e = entry(s)
    assert "绩效公示栏" in e.body
    assert_no_contact(e)
    services.comment_reject(actor=county.reviewer_a, comment=c, reason="含个人信息", now=NOW)
    assert "绩效公示栏" not in entry(s).body


def test_the_feedback_is_indexed_once_published(county):
    s = publish(county, create(county))
    c = services.comment_submit(
        solicitation=s, data={"name": NAME, "phone": PHONE, "text": "建议延长申报期。"}, now=NOW
    )
    services.comment_approve(actor=county.reviewer_a, comment=c, now=NOW)
    s = closed(county, s)
    services.entry_save(
        actor=county.officer_a,
        solicitation=s,
        summary="延长申报期",
        decision=Decision.NOT_ADOPTED,
        reason="申报期由省里统一规定。",
        comments=[c],
    )
    services.feedback_update(actor=county.officer_a, solicitation=s, summary="采纳情况说明正文。")
    assert "申报期由省里统一规定" not in entry(s).body
    services.feedback_publish(actor=county.officer_a, solicitation=s, now=at("2026-06-10"))
    e = entry(s)
    assert "申报期由省里统一规定" in e.body and "采纳情况说明正文" in e.body
    assert_no_contact(e)


def test_the_provider_rebuilds_the_same_entries(county):
    s = publish(county, create(county))
    before = entry(s).body
    SearchEntry.objects.all().delete()
    provider = SolicitationProvider()
    assert [obj.pk for obj in provider.public_objects()] == [s.pk]
    assert refresh_object(kind=KIND, object_id=s.pk)
    assert entry(s).body == before
