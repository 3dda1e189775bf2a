"""The staff screens: list, create and edit, state buttons, host messages, the moderation
queue and the answer console with their live queue, the audited contact page."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from gongkai.audit.models import Event
from gongkai.interviews import services
from gongkai.interviews.models import AnswerPhase, Interview, QuestionStatus, Status
from tests.interviews.helpers import announced, approved, ask, draft, live

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"interviews_staff:{name}", args=args)


def test_the_list_is_scoped_to_the_agencies_one_may_see(client, county):
    mine = draft(county, topic="本局的访谈")
    services.interview_create(
        actor=county.officer_b,
        agency=county.b,
        topic="别的局的访谈",
        host="主持人",
        scheduled_start=mine.scheduled_start,
        scheduled_end=mine.scheduled_end,
    )
    client.force_login(county.officer_a)
    html = client.get(url("index")).content.decode()
    assert "本局的访谈" in html and "别的局的访谈" not in html
    client.force_login(county.office)  # the 公开办 supervises both bureaus
    html = client.get(url("index")).content.decode()
    assert "本局的访谈" in html and "别的局的访谈" in html and "新建访谈" not in html
    client.force_login(county.handler_a)
    assert client.get(url("index")).status_code == 403
    client.force_login(county.officer_b)
    assert client.get(url("detail", mine.pk)).status_code == 404


def test_creating_an_interview_with_guests(client, county):
    client.force_login(county.officer_a)
    assert client.get(url("create")).status_code == 200
    data = {
        "topic": "学前教育普惠政策",
        "summary": "介绍普惠性幼儿园建设。",
        "host": "主持人小林",
        "scheduled_start": "2026-12-21T09:30",
        "scheduled_end": "2026-12-21T11:00",
        "guests-TOTAL_FORMS": "3",
        "guests-INITIAL_FORMS": "0",
        "guests-0-leader": str(county.director.pk),
        "guests-1-name": "陈立华",
        "guests-1-post": "学前教育科科长",
    }
    response = client.post(url("create"), data)
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.status == Status.DRAFT and interview.agency == county.a
    assert [(g.name, g.post) for g in interview.guests.all()] == [
        ("林晓明", "局长"),
        ("陈立华", "学前教育科科长"),
    ]


def test_a_refused_form_keeps_what_was_typed(client, county):
    client.force_login(county.officer_a)
    data = {
        "topic": "保留我输入的主题",
        "host": "",
        "scheduled_start": "2026-12-21T11:00",
        "scheduled_end": "2026-12-21T09:00",
        "guests-TOTAL_FORMS": "1",
        "guests-INITIAL_FORMS": "0",
        "guests-0-name": "只写了姓名",
    }
    response = client.post(url("create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "保留我输入的主题" in html and "只写了姓名" in html
    assert "请填写主持人姓名" in html
    assert not Interview.objects.exists()


def test_editing_an_announced_interview(client, county):
    interview = announced(county)
    client.force_login(county.admin_a)
    assert client.get(url("edit", interview.pk)).status_code == 200
    start = interview.scheduled_start.astimezone(interview.scheduled_start.tzinfo)
    data = {
        "topic": "新的主题",
        "host": "主持人小周",
        "scheduled_start": start.strftime("%Y-%m-%dT%H:%M"),
        "scheduled_end": "2030-01-01T10:00",
        "guests-TOTAL_FORMS": "1",
        "guests-INITIAL_FORMS": "1",
        "guests-0-leader": str(county.director.pk),
    }
    assert client.post(url("edit", interview.pk), data).status_code == 302
    assert Interview.objects.get(pk=interview.pk).topic == "新的主题"
    client.force_login(county.reviewer_a)
    assert client.get(url("edit", interview.pk)).status_code == 403


def test_the_state_buttons(client, county):
    interview = draft(county)
    client.force_login(county.officer_a)
    html = client.get(url("detail", interview.pk)).content.decode()
    assert "发布预告" in html and "删除草稿" in html
    for step, status in (("announce", "announced"), ("start", "live")):
        response = client.post(url("step", interview.pk, step))
        assert response.status_code == 302, response.content.decode()
        assert Interview.objects.get(pk=interview.pk).status == status
    question = approved(county, Interview.objects.get(pk=interview.pk))
    assert client.post(url("step", interview.pk, "end")).status_code == 302
    response = client.post(url("step", interview.pk, "archive"))
    assert response.status_code == 400 and "尚未答复" in response.content.decode()
    services.question_answer(
        actor=county.leader_a, question=question, guest=interview.guests.get(), text="会后答复。"
    )
    assert client.post(url("step", interview.pk, "archive")).status_code == 302
    assert Interview.objects.get(pk=interview.pk).status == Status.ARCHIVED
    assert client.post(url("step", interview.pk, "nonsense")).status_code == 404
    client.force_login(county.reviewer_a)
    other = draft(county, topic="审核员不能发布")
    assert client.post(url("step", other.pk, "announce")).status_code == 403


def test_deleting_a_draft(client, county):
    interview = draft(county)
    client.force_login(county.officer_a)
    assert client.post(url("step", interview.pk, "delete")).status_code == 302
    assert not Interview.objects.exists()


def test_host_messages(client, county):
    interview = live(county)
    client.force_login(county.officer_a)
    response = client.post(url("message", interview.pk), {"text": "欢迎各位网友！"})
    assert response.status_code == 302
    assert interview.messages.get().text == "欢迎各位网友！"
    services.interview_end(actor=county.officer_a, interview=interview)
    response = client.post(url("message", interview.pk), {"text": "结束后还想说一句。"})
    assert response.status_code == 400 and "结束后还想说一句。" in response.content.decode()


def test_the_moderation_queue(client, county):
    interview = live(county)
    question = ask(interview, "我的手机是13812345678，请联系我。", contact="13812345678")
    other = ask(interview, "无关内容无关内容。")
    client.force_login(county.reviewer_a)
    html = client.get(url("moderate", interview.pk)).content.decode()
    assert "我的手机是13812345678" in html
    assert "手机号码" in html and "138****5678" in html  # the privacy check warns the moderator
    assert "留有联系方式" in html and "查看联系方式" in html
    assert client.post(url("approve", interview.pk, question.pk)).status_code == 302
    assert client.post(url("reject", interview.pk, other.pk), {"reason": "无关"}).status_code == 302
    other.refresh_from_db()
    assert other.status == QuestionStatus.REJECTED and other.reject_reason == "无关"
    response = client.post(url("approve", interview.pk, other.pk))
    assert response.status_code == 400 and "该提问已经是" in response.content.decode()
    client.force_login(county.leader_a)
    assert client.post(url("approve", interview.pk, question.pk)).status_code == 403


def test_the_contact_page_is_audited_and_for_moderators(client, county):
    interview = live(county)
    question = ask(interview, contact="reader@example.com")
    client.force_login(county.leader_a)
    assert client.post(url("contact", interview.pk, question.pk)).status_code == 403
    client.force_login(county.officer_a)
    response = client.post(url("contact", interview.pk, question.pk))
    assert response.status_code == 200 and "reader@example.com" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert (
        Event.objects.filter(action="interview.contact_view", actor=county.officer_a).count() == 1
    )


def test_the_answer_console(client, county):
    interview = live(county)
    question = approved(county, interview, "学位够不够？")
    guest = interview.guests.get()
    client.force_login(county.leader_a)
    html = client.get(url("answers", interview.pk)).content.decode()
    assert "学位够不够？" in html and f'id="id_q{question.pk}_text"' in html
    response = client.post(
        url("answer", interview.pk, question.pk), {"guest": guest.pk, "text": " "}
    )
    assert response.status_code == 400
    response = client.post(
        url("answer", interview.pk, question.pk),
        {"guest": guest.pk, "text": "今年新增学位一千个。"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (
        question.answer.phase == AnswerPhase.LIVE and question.answer.entered_by == county.leader_a
    )
    response = client.post(
        url("correct", interview.pk, question.pk), {"text": "今年新增学位一千二百个。"}
    )
    assert response.status_code == 302
    question.answer.refresh_from_db()
    assert question.answer.text == "今年新增学位一千二百个。"
    client.force_login(county.reviewer_a)
    second = approved(county, interview, "第二个问题？")
    response = client.post(
        url("answer", interview.pk, second.pk), {"guest": guest.pk, "text": "答"}
    )
    assert response.status_code == 403


def test_the_queue_gives_rows_only_when_something_changed(client, county):
    interview = live(county)
    pending = ask(interview, "刚刚提交的提问？", contact="13700007777")
    waiting = approved(county, interview, "已经通过的提问？")
    client.force_login(county.officer_a)
    version = Interview.objects.get(pk=interview.pk).version
    data = json.loads(client.get(url("queue", interview.pk), {"since": version}).content)
    assert data == {"v": version, "status": "live"}
    data = json.loads(client.get(url("queue", interview.pk), {"since": version - 1}).content)
    assert [r["key"] for r in data["lists"]["pending"]] == [f"q-{pending.pk}"]
    assert [r["key"] for r in data["lists"]["waiting"]] == [f"q-{waiting.pk}"]
    assert data["lists"]["answered"] == []
    assert "13700007777" not in json.dumps(data, ensure_ascii=False)
    assert data["figures"]["pending"] == 1
    assert 'name="csrfmiddlewaretoken"' in data["lists"]["pending"][0]["html"]
    client.force_login(county.officer_b)
    assert client.get(url("queue", interview.pk)).status_code == 404


def test_a_live_interview_cannot_be_edited(client, county):
    interview = live(county)
    client.force_login(county.officer_a)
    response = client.get(url("edit", interview.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("detail", interview.pk)
    assert "已不能修改" in response.content.decode()
