"""The interview's states and who may move it, questions, moderation, answers and archiving."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import Event
from gongkai.interviews import services
from gongkai.interviews.models import AnswerPhase, Interview, QuestionStatus, Status
from tests.interviews.helpers import announced, answered, approved, ask, at, draft, live

pytestmark = pytest.mark.django_db

TRANSITIONS = {
    "announce": services.interview_announce,
    "start": services.interview_start,
    "end": services.interview_end,
    "archive": services.interview_archive,
}


def test_the_whole_life_of_an_interview(county):
    interview = draft(county)
    assert interview.status == Status.DRAFT
    guest = interview.guests.get()
    assert (guest.name, guest.post, guest.leader) == ("林晓明", "局长", county.director)
    interview = services.interview_announce(actor=county.officer_a, interview=interview)
    assert interview.status == Status.ANNOUNCED and interview.announced_at
    interview = services.interview_start(actor=county.admin_a, interview=interview)
    assert interview.status == Status.LIVE and interview.started_at
    interview = services.interview_end(actor=county.officer_a, interview=interview)
    assert interview.status == Status.ENDED and interview.ended_at
    interview = services.interview_archive(actor=county.officer_a, interview=interview)
    assert interview.status == Status.ARCHIVED and interview.archived_at
    actions = list(
        Event.objects.filter(object_id=str(interview.pk), action__startswith="interview.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "interview.create",
        "interview.announce",
        "interview.start",
        "interview.end",
        "interview.archive",
    ]


@pytest.mark.parametrize("role", ["reviewer_a", "leader_a", "handler_a", "office", "officer_b"])
def test_only_managers_of_the_agency_create_and_move_interviews(county, role):
    actor = getattr(county, role)
    with pytest.raises(PermissionDenied):
        draft(county, actor=actor)
    interview = draft(county)
    for name in ("announce",):
        with pytest.raises(PermissionDenied):
            TRANSITIONS[name](actor=actor, interview=interview)
    interview = services.interview_announce(actor=county.officer_a, interview=interview)
    with pytest.raises(PermissionDenied):
        services.interview_start(actor=actor, interview=interview)
    interview = services.interview_start(actor=county.officer_a, interview=interview)
    with pytest.raises(PermissionDenied):
        services.interview_end(actor=actor, interview=interview)
    with pytest.raises(PermissionDenied):
        services.host_message_post(actor=actor, interview=interview, text="欢迎各位网友。")
    interview.refresh_from_db()
    assert interview.status == Status.LIVE


def test_the_system_administrator_may_manage_any_agency(county):
    interview = draft(county, actor=county.admin)
    assert services.interview_announce(actor=county.admin, interview=interview).is_public


@pytest.mark.parametrize(
    ("state", "refused"),
    [
        ("draft", ["start", "end", "archive"]),
        ("announced", ["announce", "end", "archive"]),
        ("live", ["announce", "start", "archive"]),
        ("ended", ["announce", "start", "end"]),
        ("archived", ["announce", "start", "end", "archive"]),
    ],
)
def test_transitions_out_of_order_are_refused(county, state, refused):
    interview = draft(county)
    for name in ["announce", "start", "end", "archive"][
        : ["draft", "announced", "live", "ended", "archived"].index(state)
    ]:
        interview = TRANSITIONS[name](actor=county.officer_a, interview=interview)
    version = Interview.objects.get(pk=interview.pk).version
    for name in refused:
        with pytest.raises(ValidationError):
            TRANSITIONS[name](actor=county.officer_a, interview=interview)
    after = Interview.objects.get(pk=interview.pk)
    assert after.status == state and after.version == version


def test_announcing_needs_a_guest(county):
    interview = draft(county, guests=[])
    with pytest.raises(ValidationError, match="嘉宾"):
        services.interview_announce(actor=county.officer_a, interview=interview)


def test_facts_are_checked(county):
    with pytest.raises(ValidationError) as caught:
        draft(county, topic=" ", host="", scheduled_end=at(days=1, hours=-1))
    assert set(caught.value.message_dict) == {"topic", "host", "scheduled_end"}
    other = services.GuestData(leader=county.director)
    with pytest.raises(ValidationError):
        draft(county, actor=county.officer_b, agency=county.b, guests=[other])
    with pytest.raises(ValidationError):
        draft(county, guests=[services.GuestData(name="王某", post="")])
    assert not Interview.objects.exists()


def test_editing_is_for_drafts_and_announced_interviews(county):
    interview = announced(county)
    edited = services.interview_edit(
        actor=county.officer_a,
        interview=interview,
        topic="招生政策解读（调整时间）",
        host="主持人小周",
        scheduled_start=at(days=2),
        scheduled_end=at(days=2, hours=1),
        guests=[
            services.GuestData(leader=county.director),
            services.GuestData(name="陈立华", post="基础教育科科长"),
        ],
    )
    assert edited.topic == "招生政策解读（调整时间）"
    assert [g.name for g in edited.guests.all()] == ["林晓明", "陈立华"]
    assert edited.version > interview.version
    edited = services.interview_start(actor=county.officer_a, interview=edited)
    with pytest.raises(ValidationError):
        services.interview_edit(
            actor=county.officer_a,
            interview=edited,
            topic="改不了",
            host="主持人小周",
            scheduled_start=at(days=2),
            scheduled_end=at(days=2, hours=1),
        )


def test_only_drafts_can_be_deleted(county):
    interview = draft(county)
    services.interview_delete(actor=county.officer_a, interview=interview)
    assert not Interview.objects.exists()
    interview = announced(county)
    with pytest.raises(ValidationError):
        services.interview_delete(actor=county.officer_a, interview=interview)


# --- questions ------------------------------------------------------------------------------


def test_questions_are_taken_before_and_during_the_event_only(county):
    interview = draft(county)
    with pytest.raises(ValidationError):
        ask(interview)
    interview = services.interview_announce(actor=county.officer_a, interview=interview)
    before = ask(interview)
    assert before.status == QuestionStatus.PENDING and not before.asked_live
    interview = services.interview_start(actor=county.officer_a, interview=interview)
    during = ask(interview, "转学手续怎么办理？")
    assert during.asked_live
    interview = services.interview_end(actor=county.officer_a, interview=interview)
    with pytest.raises(ValidationError, match="不接受提问"):
        ask(interview)
    assert interview.questions.count() == 2


def test_a_question_is_checked(county):
    interview = announced(county)
    with pytest.raises(ValidationError) as caught:
        ask(interview, "好", nickname="张三13812345678", contact="不是电话")
    assert set(caught.value.message_dict) == {"text", "nickname", "contact"}
    with pytest.raises(ValidationError):
        ask(interview, "问" * 501)
    with pytest.raises(ValidationError, match="昵称"):
        ask(interview, nickname="11010519491231002X")
    ok = ask(interview, nickname="  热心 市民 ", contact="reader@example.com")
    assert ok.nickname == "热心 市民" and ok.contact == "reader@example.com"
    assert interview.questions.count() == 1


def test_moderation_by_role_and_agency(county):
    interview = live(county)
    question = ask(interview)
    for actor in (
        county.leader_a,
        county.handler_a,
        county.admin_a,
        county.office,
        county.officer_b,
    ):
        with pytest.raises(PermissionDenied):
            services.question_approve(actor=actor, question=question)
    assert services.question_approve(actor=county.officer_a, question=question).status == "approved"
    other = ask(interview, "学位紧张的学校怎么办？")
    rejected = services.question_reject(actor=county.reviewer_a, question=other, reason="重复")
    assert rejected.status == QuestionStatus.REJECTED and rejected.reject_reason == "重复"
    with pytest.raises(ValidationError):
        services.question_approve(actor=county.reviewer_a, question=rejected)


def test_questions_can_be_moderated_after_the_end_but_not_once_archived(county):
    interview = live(county)
    question = ask(interview)
    interview = services.interview_end(actor=county.officer_a, interview=interview)
    services.question_reject(actor=county.reviewer_a, question=question)
    interview = services.interview_archive(actor=county.officer_a, interview=interview)
    with pytest.raises(ValidationError):
        services.question_approve(actor=county.reviewer_a, question=question)


def test_answers_live_and_afterwards(county):
    interview = announced(county)
    early = approved(county, interview, "报名需要哪些材料？")
    guest = interview.guests.get()
    with pytest.raises(ValidationError):  # not before the event
        services.question_answer(actor=county.leader_a, question=early, guest=guest, text="……")
    interview = services.interview_start(actor=county.officer_a, interview=interview)
    during = services.question_answer(
        actor=county.leader_a, question=early, guest=guest, text="户口簿和房产证明。"
    )
    assert during.phase == AnswerPhase.LIVE and during.entered_by == county.leader_a
    late_question = approved(county, interview, "民办学校摇号怎么安排？")
    interview = services.interview_end(actor=county.officer_a, interview=interview)
    after = services.question_answer(
        actor=county.officer_a, question=late_question, guest=guest, text="另行公告。"
    )
    assert after.phase == AnswerPhase.AFTERWARDS and after.entered_by == county.officer_a
    with pytest.raises(ValidationError, match="已经答复"):
        services.question_answer(actor=county.leader_a, question=early, guest=guest, text="再答")


def test_who_may_answer_and_what(county):
    interview = live(county)
    pending = ask(interview)
    guest = interview.guests.get()
    with pytest.raises(ValidationError):  # not approved
        services.question_answer(actor=county.leader_a, question=pending, guest=guest, text="答")
    question = services.question_approve(actor=county.reviewer_a, question=pending)
    for actor in (county.reviewer_a, county.admin_a, county.office, county.handler_a):
        with pytest.raises(PermissionDenied):
            services.question_answer(actor=actor, question=question, guest=guest, text="答")
    other = live(county, topic="另一场访谈")
    with pytest.raises(ValidationError):  # a guest of another interview
        services.question_answer(
            actor=county.leader_a, question=question, guest=other.guests.get(), text="答"
        )
    with pytest.raises(ValidationError):
        services.question_answer(actor=county.leader_a, question=question, guest=guest, text=" ")


def test_a_corrected_answer_keeps_its_place_and_phase(county):
    interview = live(county)
    answer = answered(county, interview)
    seq = answer.seq
    corrected = services.answer_correct(
        actor=county.leader_a, answer=answer, text="六月十五日开始。"
    )
    corrected.question.refresh_from_db()
    assert corrected.text == "六月十五日开始。" and corrected.corrected_at
    assert corrected.seq == seq and corrected.question.seq > seq
    assert corrected.phase == AnswerPhase.LIVE


def test_host_messages_before_and_during_the_event(county):
    interview = announced(county)
    services.host_message_post(
        actor=county.officer_a, interview=interview, text="访谈明天上午开始。"
    )
    interview = services.interview_start(actor=county.officer_a, interview=interview)
    services.host_message_post(actor=county.admin_a, interview=interview, text="欢迎各位网友。")
    interview = services.interview_end(actor=county.officer_a, interview=interview)
    with pytest.raises(ValidationError):
        services.host_message_post(actor=county.officer_a, interview=interview, text="太迟了。")
    assert interview.messages.count() == 2


def test_archiving_waits_for_moderation_and_answers(county):
    interview = live(county)
    pending = ask(interview, "学区房怎么认定？")
    open_question = approved(county, interview, "班额有多大？")
    interview = services.interview_end(actor=county.officer_a, interview=interview)
    with pytest.raises(ValidationError, match="审核"):
        services.interview_archive(actor=county.officer_a, interview=interview)
    services.question_reject(actor=county.reviewer_a, question=pending)
    with pytest.raises(ValidationError, match="答复"):
        services.interview_archive(actor=county.officer_a, interview=interview)
    services.question_answer(
        actor=county.leader_a,
        question=open_question,
        guest=interview.guests.get(),
        text="四十五人。",
    )
    interview = services.interview_archive(actor=county.officer_a, interview=interview)
    assert "班额有多大？" in interview.transcript_html and "四十五人。" in interview.transcript_text
    assert "学区房怎么认定" not in interview.transcript_html + interview.transcript_text


def test_the_archived_transcript_does_not_change(county):
    interview = live(county)
    answered(county, interview)
    interview = services.interview_end(actor=county.officer_a, interview=interview)
    interview = services.interview_archive(actor=county.officer_a, interview=interview)
    html = interview.transcript_html
    answer = interview.questions.get().answer
    with pytest.raises(ValidationError):
        services.answer_correct(actor=county.leader_a, answer=answer, text="改一下")
    interview.guests.update(name="改名")  # even a change behind the services' back
    interview.refresh_from_db()
    assert interview.transcript_html == html


def test_contacts_are_revealed_to_moderators_only_and_audited(county):
    interview = live(county)
    question = ask(interview, contact="13900001111")
    for actor in (county.leader_a, county.office, county.officer_b):
        with pytest.raises(PermissionDenied):
            services.question_contact_reveal(actor=actor, question=question)
    assert (
        services.question_contact_reveal(actor=county.reviewer_a, question=question)
        == "13900001111"
    )
    event = Event.objects.get(action="interview.contact_view")
    assert event.actor == county.reviewer_a and "13900001111" not in str(event.data)
    submitted = Event.objects.get(action="interview.question_submit")
    assert "13900001111" not in str(submitted.data)


def test_every_change_raises_the_version(county):
    interview = draft(county)
    versions = [Interview.objects.get(pk=interview.pk).version]

    def step(fn):
        fn()
        versions.append(Interview.objects.get(pk=interview.pk).version)

    step(lambda: services.interview_announce(actor=county.officer_a, interview=interview))
    question = ask(interview)
    versions.append(Interview.objects.get(pk=interview.pk).version)
    step(lambda: services.question_approve(actor=county.reviewer_a, question=question))
    step(lambda: services.interview_start(actor=county.officer_a, interview=interview))
    step(
        lambda: services.question_answer(
            actor=county.leader_a, question=question, guest=interview.guests.get(), text="答复。"
        )
    )
    step(lambda: services.host_message_post(actor=county.officer_a, interview=interview, text="好"))
    assert versions == sorted(set(versions)) and len(versions) == 7
    question.refresh_from_db()
    assert question.seq == question.answer.seq


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_picture_is_a_png_or_jpeg_and_served_publicly(county, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as caught:
        draft(county, image=SimpleUploadedFile("poster.pdf", b"%PDF-1.4 test", "application/pdf"))
    assert "image" in caught.value.message_dict
    with pytest.raises(ValidationError):  # the name says PNG, the content does not
        draft(county, image=SimpleUploadedFile("poster.png", b"GIF89a" + b"\x00" * 20, "image/png"))
    assert not Interview.objects.exists()
    interview = draft(county, image=SimpleUploadedFile("poster.png", PNG, "image/png"))
    assert interview.image.name.endswith(".png")
    url = f"/interaction/interviews/{interview.pk}/picture/"
    assert client.get(url).status_code == 404  # a draft's picture is not public
    services.interview_announce(actor=county.officer_a, interview=interview)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
