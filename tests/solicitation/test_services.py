"""The life of a solicitation through its services: states, the period and its 30-day warning,
the daily closing job, comments only during the period, moderation with the privacy check."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.audit.models import Event
from gongkai.core import tick
from gongkai.solicitation import services
from gongkai.solicitation.models import (
    Channel,
    CommentStatus,
    Kind,
    Solicitation,
    Status,
)
from gongkai.solicitation.rules import Phase, days_remaining, period_days, phase_of
from tests.solicitation.conftest import (
    COMMENT,
    NOW,
    TODAY,
    D,
    at,
    closed,
    comment,
    create,
    publish,
    solicitation_fields,
)


def messages_of(exc: pytest.ExceptionInfo, field: str) -> list[str]:
    return exc.value.message_dict.get(field, [])


# --- the period ---------------------------------------------------------------------------


def test_period_counts_both_days():
    assert period_days(D("2026-05-04"), D("2026-06-02")) == 30
    assert period_days(D("2026-05-04"), D("2026-05-04")) == 1
    assert days_remaining(D("2026-06-02"), D("2026-06-02")) == 1
    assert days_remaining(D("2026-06-02"), D("2026-06-03")) == 0
    assert days_remaining(D("2026-06-02"), D("2026-05-04")) == 30


def test_a_period_of_30_days_needs_no_reason(county):
    s = create(county, closes_on=D("2026-06-02"))
    assert s.short_period_reason == ""
    assert not Event.objects.filter(action="solicitation.short_period").exists()


def test_a_shorter_period_needs_a_reason_which_is_stored_and_audited(county):
    with pytest.raises(ValidationError) as exc:
        create(county, closes_on=D("2026-06-01"))
    (message,) = messages_of(exc, "short_period_reason")
    assert "29" in message and "30" in message
    assert not Solicitation.objects.exists()

    s = create(county, closes_on=D("2026-06-01"), short_period_reason="上级要求6月上旬出台")
    assert s.short_period_reason == "上级要求6月上旬出台"
    event = Event.objects.get(action="solicitation.short_period")
    assert event.actor == county.officer_a
    assert event.data["days"] == 29 and event.data["reason"] == "上级要求6月上旬出台"

    publish(county, s)
    published = Event.objects.get(action="solicitation.publish")
    assert published.data["days"] == 29
    assert published.data["short_period_reason"] == "上级要求6月上旬出台"


def test_shortening_by_an_update_needs_the_reason_too(county):
    s = create(county)
    with pytest.raises(ValidationError) as exc:
        services.solicitation_update(
            actor=county.officer_a, solicitation=s, closes_on=D("2026-05-20"), now=NOW
        )
    assert messages_of(exc, "short_period_reason")
    services.solicitation_update(
        actor=county.officer_a,
        solicitation=s,
        closes_on=D("2026-05-20"),
        short_period_reason="汛期前须完成",
        now=NOW,
    )
    assert Event.objects.filter(action="solicitation.short_period").count() == 1
    # A period made long enough again drops the reason.
    s = services.solicitation_update(
        actor=county.officer_a, solicitation=s, closes_on=D("2026-06-30"), now=NOW
    )
    assert s.short_period_reason == ""


def test_a_hearing_registration_period_has_no_30_day_norm(county):
    s = create(county, kind=Kind.HEARING)
    assert period_days(s.opens_on, s.closes_on) == 12 and s.short_period_reason == ""


def test_the_last_day_cannot_come_before_the_first(county):
    with pytest.raises(ValidationError) as exc:
        create(county, opens_on=D("2026-06-02"), closes_on=D("2026-05-04"))
    assert messages_of(exc, "closes_on")


def test_a_hearing_needs_time_place_seats_and_instructions(county):
    with pytest.raises(ValidationError) as exc:
        create(
            county,
            kind=Kind.HEARING,
            hearing_at=None,
            hearing_place="",
            seats=None,
            signup_instructions="",
        )
    assert {"hearing_at", "hearing_place", "seats", "signup_instructions"} <= set(
        exc.value.message_dict
    )
    with pytest.raises(ValidationError) as exc:
        create(county, kind=Kind.HEARING, hearing_at=at("2026-05-10"))
    assert messages_of(exc, "hearing_at")  # before registration closes


def test_draft_html_is_sanitised(county):
    s = create(county, draft_html='<p onclick="x()">第一条</p><script>alert(1)</script>')
    assert "script" not in s.draft_html and "onclick" not in s.draft_html
    assert s.draft_text == "第一条"


# --- publishing and closing -----------------------------------------------------------------


def test_publish_then_phases_by_date(county):
    s = create(county, opens_on=D("2026-05-10"), closes_on=D("2026-06-08"))
    assert phase_of(s, TODAY) == Phase.DRAFT
    s = publish(county, s)
    assert s.status == Status.PUBLISHED and s.published_at == NOW
    assert phase_of(s, TODAY) == Phase.UPCOMING
    assert phase_of(s, D("2026-05-10")) == Phase.OPEN
    assert phase_of(s, D("2026-06-08")) == Phase.OPEN
    assert phase_of(s, D("2026-06-09")) == Phase.ENDED
    with pytest.raises(ValidationError):
        publish(county, s)  # only a draft


def test_a_period_already_over_cannot_be_published(county):
    s = create(county, opens_on=D("2026-03-01"), closes_on=D("2026-04-30"))
    with pytest.raises(ValidationError) as exc:
        publish(county, s)
    assert messages_of(exc, "closes_on")


def test_a_draft_without_text_or_file_cannot_be_published(county):
    s = create(county, draft_html="")
    with pytest.raises(ValidationError) as exc:
        publish(county, s)
    assert messages_of(exc, "draft_html")
    services.solicitation_attach(
        actor=county.officer_a, solicitation=s, content=b"%PDF-1.4\n%%EOF\n", name="征求意见稿.pdf"
    )
    assert publish(county, s).status == Status.PUBLISHED


def test_files_are_checked_like_the_catalogs(county):
    s = create(county)
    with pytest.raises(ValidationError) as exc:
        services.solicitation_attach(
            actor=county.officer_a, solicitation=s, content=b"<html></html>", name="draft.pdf"
        )
    assert exc.value.code == "file"
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    with pytest.raises(ValidationError):
        services.solicitation_attach(
            actor=county.officer_a, solicitation=s, content=png, name="picture.png"
        )
    assert not s.files.exists()


def test_personal_data_in_the_draft_must_be_confirmed_before_publishing(county):
    s = create(county, draft_html="<p>联系人手机13912345678。</p>")
    with pytest.raises(ValidationError) as exc:
        publish(county, s)
    assert exc.value.code == "findings"
    s = services.solicitation_publish(
        actor=county.officer_a, solicitation=s, confirm_findings=True, now=NOW
    )
    assert Event.objects.get(action="solicitation.publish").data["findings_confirmed"] == 1


def test_once_open_the_first_day_stays_and_the_last_may_only_move_later(county, open_solicitation):
    s = open_solicitation
    with pytest.raises(ValidationError) as exc:
        services.solicitation_update(
            actor=county.officer_a, solicitation=s, opens_on=D("2026-05-05"), now=NOW
        )
    assert messages_of(exc, "opens_on")
    with pytest.raises(ValidationError) as exc:
        services.solicitation_update(
            actor=county.officer_a,
            solicitation=s,
            closes_on=D("2026-06-01"),
            short_period_reason="x",
            now=NOW,
        )
    assert messages_of(exc, "closes_on")
    s = services.solicitation_update(
        actor=county.officer_a, solicitation=s, closes_on=D("2026-06-12"), now=NOW
    )
    assert s.closes_on == D("2026-06-12")


def test_closing_early_needs_a_reason(county, open_solicitation):
    with pytest.raises(ValidationError) as exc:
        services.solicitation_close(actor=county.officer_a, solicitation=open_solicitation, now=NOW)
    assert messages_of(exc, "reason")
    s = services.solicitation_close(
        actor=county.officer_a, solicitation=open_solicitation, reason="草案撤回重拟", now=NOW
    )
    assert s.status == Status.CLOSED and s.closed_early_reason == "草案撤回重拟"
    with pytest.raises(ValidationError):
        services.solicitation_update(actor=county.officer_a, solicitation=s, title="x", now=NOW)


def test_closing_after_the_last_day_needs_no_reason(county, open_solicitation):
    s = services.solicitation_close(
        actor=county.officer_a, solicitation=open_solicitation, now=at("2026-06-03")
    )
    assert s.status == Status.CLOSED and s.closed_early_reason == ""


def test_the_daily_job_closes_after_the_last_day_once(county, open_solicitation):
    job = tick.jobs()["solicitation.close_due"]
    assert job(at("2026-06-02", 23)) == "0 closed"  # the last day still counts
    assert job(at("2026-06-03", 0)) == "1 closed"
    assert job(at("2026-06-04")) == "0 closed"
    open_solicitation.refresh_from_db()
    assert open_solicitation.status == Status.CLOSED
    event = Event.objects.get(action="solicitation.close")
    assert event.actor is None and event.data["automatic"] is True


# --- comments -------------------------------------------------------------------------------


def test_a_comment_is_pending_and_keeps_the_contact(county, open_solicitation):
    c = comment(open_solicitation)
    assert c.status == CommentStatus.PENDING and c.channel == Channel.ONLINE
    assert (c.name, c.phone, c.email) == ("李四", "13912345678", "lisi@example.com")
    assert c.received_on == TODAY and c.public_text == ""
    event = Event.objects.get(action="solicitation.comment_submit")
    assert "13912345678" not in str(event.data) and "李四" not in str(event.data)


@pytest.mark.parametrize(
    "now",
    [at("2026-05-03", 23), at("2026-06-03", 0)],
    ids=["the day before it opens", "the day after it closed"],
)
def test_comments_are_refused_outside_the_period(county, open_solicitation, now):
    with pytest.raises(ValidationError) as exc:
        comment(open_solicitation, now=now)
    assert exc.value.code == "closed"
    assert not open_solicitation.comments.exists()


def test_comments_are_accepted_on_the_first_and_the_last_day(county, open_solicitation):
    comment(open_solicitation, now=at("2026-05-04", 0))
    comment(open_solicitation, now=at("2026-06-02", 23), phone="13912345679")
    assert open_solicitation.comments.count() == 2


def test_comments_are_refused_once_closed(county, open_solicitation):
    services.solicitation_close(
        actor=county.officer_a, solicitation=open_solicitation, reason="撤回", now=NOW
    )
    with pytest.raises(ValidationError):
        comment(open_solicitation)


def test_comments_are_refused_on_a_draft_and_when_not_taken_online(county):
    draft = create(county)
    with pytest.raises(ValidationError):
        comment(draft)
    offline = publish(county, create(county, accepts_online=False))
    with pytest.raises(ValidationError):
        comment(offline)


def test_name_and_phone_are_required(county, open_solicitation):
    with pytest.raises(ValidationError) as exc:
        comment(open_solicitation, name="", phone="12345")
    assert messages_of(exc, "name") and messages_of(exc, "phone")


def test_a_nickname_must_pass_the_privacy_check(county, open_solicitation):
    with pytest.raises(ValidationError) as exc:
        comment(open_solicitation, nickname="13800001111")
    assert messages_of(exc, "nickname")
    with pytest.raises(ValidationError) as exc:
        comment(open_solicitation, nickname="李四本人")
    assert messages_of(exc, "nickname")
    assert comment(open_solicitation, nickname="老城居民").nickname == "老城居民"


def test_approval_shows_the_text(county, open_solicitation):
    c = comment(open_solicitation)
    c = services.comment_approve(actor=county.reviewer_a, comment=c, now=NOW)
    assert c.status == CommentStatus.APPROVED and c.public_text == COMMENT["text"]
    assert not c.redacted and c.moderated_by == county.reviewer_a
    with pytest.raises(ValidationError):
        services.comment_approve(actor=county.reviewer_a, comment=c, now=NOW)


def test_the_commenters_own_contact_in_the_text_can_never_be_let_through(county, open_solicitation):
    c = comment(open_solicitation, text="我是李四，电话13912345678，欢迎来电。")
    spots = services.comment_spots(c)
    assert sum(s.own_contact for s in spots) == 2
    with pytest.raises(ValidationError):
        services.comment_approve(actor=county.reviewer_a, comment=c, confirm_findings=True, now=NOW)
    suggested = services.suggested_public_text(c)
    assert "李四" not in suggested and "13912345678" not in suggested
    c = services.comment_approve(actor=county.reviewer_a, comment=c, public_text=suggested, now=NOW)
    assert c.redacted and c.public_text == suggested
    assert c.text == "我是李四，电话13912345678，欢迎来电。"  # kept as received


def test_other_findings_must_be_redacted_or_confirmed(county, open_solicitation):
    c = comment(open_solicitation, text="可咨询邻居，手机13700002222。")
    with pytest.raises(ValidationError) as exc:
        services.comment_approve(actor=county.reviewer_a, comment=c, now=NOW)
    assert messages_of(exc, "public_text")
    c = services.comment_approve(actor=county.reviewer_a, comment=c, confirm_findings=True, now=NOW)
    assert c.findings_confirmed
    assert Event.objects.get(action="solicitation.comment_approve").data["findings_confirmed"] == 1


def test_reject_needs_a_reason_and_hides_an_approved_comment(county, open_solicitation):
    c = comment(open_solicitation)
    with pytest.raises(ValidationError):
        services.comment_reject(actor=county.reviewer_a, comment=c, reason="", now=NOW)
    services.comment_approve(actor=county.reviewer_a, comment=c, now=NOW)
    c = services.comment_reject(actor=county.reviewer_a, comment=c, reason="含广告", now=NOW)
    assert c.status == CommentStatus.REJECTED and c.public_text == ""


def test_offline_comments_are_registered_within_the_period(county, open_solicitation):
    data = {"name": "周六", "text": "来信：建议延长申报时间。"}
    with pytest.raises(ValidationError) as exc:
        services.comment_register(
            actor=county.officer_a,
            solicitation=open_solicitation,
            channel=Channel.POST,
            received_on=D("2026-05-03"),
            data=data,
            now=NOW,
        )
    assert messages_of(exc, "received_on")
    with pytest.raises(ValidationError) as exc:
        services.comment_register(
            actor=county.officer_a,
            solicitation=open_solicitation,
            channel=Channel.HEARING,
            received_on=TODAY,
            data=data,
            now=NOW,
        )
    assert messages_of(exc, "channel")
    c = services.comment_register(
        actor=county.officer_a,
        solicitation=open_solicitation,
        channel=Channel.POST,
        received_on=TODAY,
        data=data,
        now=NOW,
    )
    assert c.status == CommentStatus.PENDING and c.channel == Channel.POST and c.phone == ""


# --- hearings -------------------------------------------------------------------------------


def test_hearing_registrations_and_seats(county):
    s = publish(county, create(county, kind=Kind.HEARING))
    with pytest.raises(ValidationError):
        comment(s)  # a hearing takes registrations, not online comments
    people = [
        services.registration_submit(
            solicitation=s, data={"name": f"参加人{i}", "phone": f"1370000111{i}"}, now=NOW
        )
        for i in range(3)
    ]
    with pytest.raises(ValidationError) as exc:
        services.registration_submit(
            solicitation=s, data={"name": "重复", "phone": "13700001110"}, now=NOW
        )
    assert messages_of(exc, "phone")
    for r in people[:2]:
        services.registration_decide(actor=county.officer_a, registration=r, selected=True, now=NOW)
    with pytest.raises(ValidationError):  # two seats
        services.registration_decide(
            actor=county.officer_a, registration=people[2], selected=True, now=NOW
        )
    with pytest.raises(ValidationError):
        services.registration_submit(
            solicitation=s,
            data={"name": "迟到", "phone": "13700002229"},
            now=at(s.closes_on + dt.timedelta(days=1)),
        )


def test_registration_is_refused_before_it_opens(county):
    s = publish(county, create(county, kind=Kind.HEARING, opens_on=D("2026-05-06")))
    with pytest.raises(ValidationError) as exc:
        services.registration_submit(
            solicitation=s, data={"name": "王五", "phone": "13700001111"}, now=NOW
        )
    assert exc.value.code == "closed"


def test_hearing_opinions_are_registered_by_staff(county):
    s = closed(county, publish(county, create(county, kind=Kind.HEARING)))
    c = services.comment_register(
        actor=county.officer_a,
        solicitation=s,
        channel=Channel.HEARING,
        received_on=D("2026-05-28"),
        data={"text": "参加人甲：夜间收费宜再降低。"},
        now=at("2026-05-29"),
    )
    assert c.channel == Channel.HEARING


def test_fields_round_trip(county):
    s = create(county)
    for name, value in solicitation_fields().items():
        if name not in ("draft_html", "explanation_html"):
            assert getattr(s, name) == value, name
