"""The feedback report (采纳情况): decisions with reasons, figures counted from the records,
publishing only when every comment is moderated and every shown one decided, and the link to
the final document in the catalog."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gongkai.audit.models import Event
from gongkai.solicitation import services
from gongkai.solicitation.models import Channel, Decision, Kind, Status
from gongkai.solicitation.selectors import figures
from tests.factories import published_item
from tests.solicitation.conftest import (
    NOW,
    D,
    at,
    closed,
    comment,
    create,
    publish,
)

AFTER = at("2026-06-10")


@pytest.fixture
def received(county):
    """A solicitation with six comments: four approved, one rejected, one pending; closed."""
    s = publish(county, create(county))
    comments = [
        comment(s, phone=f"1391234567{i}", text=f"第{i}条意见：建议{i}。") for i in range(6)
    ]
    for c in comments[:4]:
        services.comment_approve(actor=county.reviewer_a, comment=c, now=NOW)
    services.comment_reject(actor=county.reviewer_a, comment=comments[4], reason="广告", now=NOW)
    return closed(county, s), comments


def test_decisions_need_reasons_unless_adopted(county, received):
    s, comments = received
    for decision in (Decision.NOT_ADOPTED, Decision.PARTLY_ADOPTED):
        with pytest.raises(ValidationError) as exc:
            services.entry_save(
                actor=county.officer_a,
                solicitation=s,
                summary="意见",
                decision=decision,
                comments=[comments[0]],
            )
        assert "reason" in exc.value.message_dict
    entry = services.entry_save(
        actor=county.officer_a,
        solicitation=s,
        summary="建议公开评价结果",
        decision=Decision.ADOPTED,
        comments=[comments[0]],
    )
    assert entry.reason == ""


def test_only_shown_comments_of_this_solicitation_can_be_decided(county, received):
    s, comments = received
    other = publish(county, create(county))
    stranger = comment(other)
    services.comment_approve(actor=county.reviewer_a, comment=stranger, now=NOW)
    for wrong in (comments[4], comments[5], stranger):  # rejected, pending, elsewhere
        with pytest.raises(ValidationError) as exc:
            services.entry_save(
                actor=county.officer_a,
                solicitation=s,
                summary="意见",
                decision=Decision.ADOPTED,
                comments=[wrong],
            )
        assert "comments" in exc.value.message_dict


def test_feedback_only_after_closing(county):
    s = publish(county, create(county))
    c = comment(s)
    services.comment_approve(actor=county.reviewer_a, comment=c, now=NOW)
    with pytest.raises(ValidationError):
        services.entry_save(
            actor=county.officer_a,
            solicitation=s,
            summary="意见",
            decision=Decision.ADOPTED,
            comments=[c],
        )
    with pytest.raises(ValidationError):
        services.feedback_publish(actor=county.officer_a, solicitation=s, now=AFTER)


def test_figures_are_counted_from_the_records(county, received):
    s, comments = received
    services.entry_save(
        actor=county.officer_a,
        solicitation=s,
        summary="建议公开绩效评价结果（2条意见）",
        decision=Decision.ADOPTED,
        comments=comments[:2],
    )
    services.entry_save(
        actor=county.officer_a,
        solicitation=s,
        summary="建议提高补助标准",
        decision=Decision.PARTLY_ADOPTED,
        reason="标准由省级文件确定，本办法只明确发放时限。",
        comments=[comments[2]],
    )
    entry = services.entry_save(
        actor=county.officer_a,
        solicitation=s,
        summary="建议取消申报材料",
        decision=Decision.NOT_ADOPTED,
        reason="申报材料为审核所必需。",
        comments=[comments[3]],
    )
    f = figures(s)
    assert (f.received, f.approved, f.rejected, f.pending) == (6, 4, 1, 1)
    assert (f.adopted, f.partly_adopted, f.not_adopted, f.undecided) == (2, 1, 1, 0)
    assert f.entries == 3
    # Moving a comment to another decision changes the counts; nothing is typed.
    services.entry_save(
        actor=county.officer_a,
        solicitation=s,
        summary=entry.summary,
        decision=Decision.NOT_ADOPTED,
        reason=entry.reason,
        comments=[comments[3], comments[1]],
        entry=entry,
    )
    f = figures(s)
    assert (f.adopted, f.partly_adopted, f.not_adopted) == (1, 1, 2)
    services.entry_delete(actor=county.officer_a, entry=entry)
    assert figures(s).undecided == 2


def test_publishing_needs_moderation_decisions_and_summary(county, received):
    s, comments = received
    with pytest.raises(ValidationError) as exc:
        services.feedback_publish(actor=county.officer_a, solicitation=s, now=AFTER)
    problems = " ".join(exc.value.messages)
    assert "1" in problems and "4" in problems  # one pending, four undecided
    services.comment_approve(actor=county.reviewer_a, comment=comments[5], now=NOW)
    services.entry_save(
        actor=county.officer_a,
        solicitation=s,
        summary="各项建议",
        decision=Decision.ADOPTED,
        comments=comments[:4] + [comments[5]],
    )
    with pytest.raises(ValidationError):  # no summary yet
        services.feedback_publish(actor=county.officer_a, solicitation=s, now=AFTER)
    item = published_item(county.a, title="蓝湾县县级专项资金管理办法")
    services.feedback_update(
        actor=county.officer_a, solicitation=s, summary="共收到意见6条。", final_item=item
    )
    s = services.feedback_publish(actor=county.officer_a, solicitation=s, now=AFTER)
    assert s.status == Status.FEEDBACK_PUBLISHED and s.final_item == item
    event = Event.objects.get(action="solicitation.feedback_publish")
    assert event.data["received"] == 6 and event.data["adopted"] == 5
    assert event.data["final_item"] == item.pk
    # The report is fixed now: moderation and decisions are refused.
    with pytest.raises(ValidationError):
        services.comment_reject(actor=county.reviewer_a, comment=comments[0], reason="x", now=AFTER)
    with pytest.raises(ValidationError):
        services.entry_save(
            actor=county.officer_a,
            solicitation=s,
            summary="x",
            decision=Decision.ADOPTED,
            comments=[comments[0]],
        )


def test_the_final_document_must_be_public_and_can_be_linked_later(county, received):
    from gongkai.catalog.services.items import item_create

    s, _comments = received
    from gongkai.catalog.models import Category

    item = published_item(county.a, title="最终文件")
    draft_item = item_create(
        actor=county.officer_a,
        agency=county.a,
        category=Category.objects.filter(agency=county.a).first(),
        title="草稿",
        body_html="<p>x</p>",
    )
    with pytest.raises(ValidationError) as exc:
        services.feedback_link_final(actor=county.officer_a, solicitation=s, final_item=draft_item)
    assert "final_item" in exc.value.message_dict
    services.feedback_link_final(actor=county.officer_a, solicitation=s, final_item=item)
    s.refresh_from_db()
    assert s.final_item_id == item.pk


def test_a_hearing_needs_its_record_and_attendance(county):
    s = publish(county, create(county, kind=Kind.HEARING))
    s = closed(county, s)
    c = services.comment_register(
        actor=county.officer_a,
        solicitation=s,
        channel=Channel.HEARING,
        received_on=D("2026-05-28"),
        data={"text": "参加人：建议夜间免费。"},
        now=at("2026-05-28", 16),
    )
    services.comment_approve(actor=county.reviewer_a, comment=c, now=at("2026-05-29"))
    services.entry_save(
        actor=county.officer_a,
        solicitation=s,
        summary="夜间免费",
        decision=Decision.NOT_ADOPTED,
        reason="夜间停车需求大，仍需收费调节。",
        comments=[c],
    )
    services.feedback_update(actor=county.officer_a, solicitation=s, summary="听证会如期举行。")
    with pytest.raises(ValidationError) as exc:
        services.feedback_publish(actor=county.officer_a, solicitation=s, now=AFTER)
    assert len(exc.value.messages) == 2
    services.feedback_update(
        actor=county.officer_a,
        solicitation=s,
        summary="听证会如期举行。",
        hearing_record="听证会由县发改局主持，参加人逐一发言。",
        attended_count=2,
    )
    s = services.feedback_publish(actor=county.officer_a, solicitation=s, now=AFTER)
    assert s.status == Status.FEEDBACK_PUBLISHED and s.attended_count == 2


def test_commenters_with_an_address_are_told_when_the_feedback_is_published(
    county, received, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    s, comments = received  # comment() gives every one lisi@example.com
    services.comment_approve(actor=county.reviewer_a, comment=comments[5], now=NOW)
    services.entry_save(
        actor=county.officer_a,
        solicitation=s,
        summary="各项建议",
        decision=Decision.ADOPTED,
        comments=comments[:4] + [comments[5]],
    )
    services.feedback_update(actor=county.officer_a, solicitation=s, summary="小结")
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_publish(actor=county.officer_a, solicitation=s, now=AFTER)
    (message,) = mail.outbox  # one address, one message
    assert message.to == ["lisi@example.com"]
    assert s.title in message.subject and f"/interaction/solicitations/{s.pk}/" in message.body
    assert Event.objects.get(action="solicitation.feedback_publish").data["notified"] == 1
