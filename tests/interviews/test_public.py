"""The public pages: list, live page, question form, archive; drafts, unapproved questions and
contacts are never shown."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from gongkai.applications import captcha
from gongkai.interviews import services, viewers
from gongkai.interviews.figures import figures_for
from gongkai.interviews.models import Question, QuestionStatus, Viewer
from gongkai.interviews.views_public import ASK_CAPTCHA
from tests.interviews.helpers import announced, answered, approved, ask, draft, live

pytestmark = pytest.mark.django_db


def page(client, interview):
    response = client.get(reverse("interviews:detail", args=[interview.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_drafts_do_not_exist_publicly(client, county):
    interview = draft(county)
    for name in ("detail", "ask", "poll", "picture"):
        assert client.get(reverse(f"interviews:{name}", args=[interview.pk])).status_code == 404
    assert interview.topic not in client.get(reverse("interviews:index")).content.decode()


def test_the_list_shows_live_upcoming_and_past(client, county):
    now_live = live(county, topic="正在直播的访谈")
    coming = announced(county, topic="即将开始的访谈")
    over = live(county, topic="已经结束的访谈")
    services.interview_end(actor=county.officer_a, interview=over)
    draft(county, topic="还在准备的访谈")
    html = client.get(reverse("interviews:index")).content.decode()
    assert html.index(now_live.topic) < html.index(coming.topic) < html.index(over.topic)
    assert "还在准备的访谈" not in html
    html = client.get(
        reverse("interviews:index"), {"agency": county.b.credit_code}
    ).content.decode()
    assert now_live.topic not in html


def test_only_approved_questions_and_never_contacts_on_the_page(client, county):
    interview = live(county)
    ask(interview, "这条提问还没有审核。", contact="13911112222")
    rejected = ask(interview, "这条提问不予采纳。", contact="secret@example.com")
    services.question_reject(actor=county.reviewer_a, question=rejected)
    approved(county, interview, "这条提问审核通过了。", contact="13933334444")
    answered(county, interview, "这条提问已经答复了。", answer="这是嘉宾的答复。")
    html = page(client, interview)
    assert "这条提问审核通过了。" in html and "这条提问已经答复了。" in html
    assert "这是嘉宾的答复。" in html
    assert "还没有审核" not in html and "不予采纳。" not in html
    for contact in ("13911112222", "secret@example.com", "13933334444"):
        assert contact not in html
    # the stream holds the answered question, the waiting list the approved one
    stream = html.split('id="iv-stream"')[1].split("</ol>")[0]
    waiting = html.split('id="iv-waiting"')[1].split("</ol>")[0]
    assert "已经答复了" in stream and "审核通过了" in waiting


def test_the_live_page_polls_and_falls_back_to_a_refresh_without_javascript(client, county):
    interview = live(county)
    html = page(client, interview)
    assert '<noscript><meta http-equiv="refresh" content="30"></noscript>' in html
    assert (
        "刷新页面" in html and f'href="{reverse("interviews:detail", args=[interview.pk])}"' in html
    )
    assert "data-interview-live" in html and f'data-version="{interview.version}"' in html
    assert "interviews/live.js" in html
    services.interview_end(actor=county.officer_a, interview=interview)
    html = page(client, interview)
    assert 'http-equiv="refresh"' not in html  # only while live
    assert "data-interview-live" in html  # answers afterwards still come in


def test_the_archived_page_shows_the_stored_transcript(client, county):
    interview = live(county)
    answered(county, interview, "归档前的提问？", answer="归档前的答复。")
    services.interview_end(actor=county.officer_a, interview=interview)
    interview = services.interview_archive(actor=county.officer_a, interview=interview)
    Question.objects.filter(interview=interview).update(text="被人改过的提问")
    html = page(client, interview)
    assert "归档前的提问？" in html and "被人改过的提问" not in html
    assert "data-interview-live" not in html and "live.js" not in html
    assert "我要提问" not in html


def test_the_page_figures_are_counted_from_the_records(client, county):
    interview = live(county)
    ask(interview)
    approved(county, interview, "第二个问题是什么？")
    answered(county, interview)
    client.cookies[viewers.COOKIE] = "browser-one"
    page(client, interview)
    figures = figures_for(interview.pk)
    assert (figures.participants, figures.questions, figures.approved) == (1, 3, 2)
    assert (figures.answered_live, figures.answered_afterwards) == (1, 0)
    html = page(client, interview)
    assert '<dd data-figure="questions">3</dd>' in html
    assert '<dd data-figure="participants">1</dd>' in html
    assert '<dd data-figure="answered_live">1</dd>' in html


def test_participants_are_distinct_browsers_without_personal_data(client, county):
    interview = announced(county)
    url = reverse("interviews:detail", args=[interview.pk])
    first = client.get(url)  # no cookie yet: given one, not counted
    cookie = first.cookies[viewers.COOKIE].value
    assert Viewer.objects.count() == 0
    client.get(url)
    client.get(url)
    client.get(reverse("interviews:poll", args=[interview.pk]), {"since": 0, "hello": 1})
    assert Viewer.objects.count() == 1
    token = Viewer.objects.get().token
    assert cookie not in token and len(token) == 32
    other = live(county, topic="另一场")
    client.get(reverse("interviews:detail", args=[other.pk]))
    assert Viewer.objects.get(interview=other).token != token  # not linkable across interviews
    services.interview_end(actor=county.officer_a, interview=other)
    client.cookies[viewers.COOKIE] = "another-browser"
    client.get(reverse("interviews:detail", args=[other.pk]))
    assert Viewer.objects.filter(interview=other).count() == 1  # after the end: not counted


def _captcha(client) -> str:
    return captcha.pending_answer(
        SessionStore(session_key=client.session.session_key).load(), ASK_CAPTCHA
    )


def test_asking_a_question(client, county):
    interview = live(county)
    url = reverse("interviews:ask", args=[interview.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "text": "城区新学校什么时候招生？",
            "nickname": "一位家长",
            "contact": "13700001111",
            "captcha": _captcha(client),
        },
    )
    assert response.status_code == 302 and response.url == reverse(
        "interviews:detail", args=[interview.pk]
    )
    question = Question.objects.get()
    assert (question.text, question.nickname, question.contact) == (
        "城区新学校什么时候招生？",
        "一位家长",
        "13700001111",
    )
    assert question.status == QuestionStatus.PENDING and question.asked_live
    html = client.get(response.url).content.decode()
    assert "您的提问已收到" in html and "城区新学校什么时候招生？" not in html


def test_a_refused_question_keeps_what_was_typed(client, county):
    interview = live(county)
    url = reverse("interviews:ask", args=[interview.pk])
    client.get(url)
    response = client.post(
        url,
        {
            "text": "我想问问学校的事情。",
            "nickname": "张三13812345678",
            "contact": "",
            "captcha": "999",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "我想问问学校的事情。" in html and "张三13812345678" in html
    assert "个人信息" in html and "验证答案错误" in html
    assert not Question.objects.exists()


def test_questions_are_refused_when_closed_and_limited_per_client(client, county, settings):
    interview = live(county)
    url = reverse("interviews:ask", args=[interview.pk])
    settings.GONGKAI_INTERVIEW_ASK_LIMIT_PER_IP = (2, 600)
    for n in range(2):
        client.get(url)
        client.post(url, {"text": f"第{n + 1}个问题是这样的？", "captcha": _captcha(client)})
    client.get(url)
    response = client.post(url, {"text": "第三个问题是这样的？", "captcha": _captcha(client)})
    assert response.status_code == 429 and "第三个问题是这样的？" in response.content.decode()
    assert Question.objects.count() == 2
    services.interview_end(actor=county.officer_a, interview=interview)
    response = client.post(url, {"text": "结束后的提问可以吗？", "captcha": "1"})
    assert response.status_code == 409 and Question.objects.count() == 2
    assert "现在不接受提问" in client.get(url).content.decode()


def test_the_page_follows_every_new_version(client, county, django_assert_max_num_queries):
    interview = live(county)
    question = approved(county, interview, "页面会跟着更新吗？")
    assert "页面会跟着更新吗？" in page(client, interview)
    with django_assert_max_num_queries(5):  # the lists of this version come from the cache
        page(client, interview)
    services.question_answer(
        actor=county.leader_a, question=question, guest=interview.guests.get(), text="会的。"
    )
    html = page(client, interview)
    stream = html.split('id="iv-stream"')[1].split("</ol>")[0]
    assert "页面会跟着更新吗？" in stream and "会的。" in stream


def test_an_archived_page_sets_no_cookie_and_may_be_cached(client, county):
    interview = live(county)
    services.interview_end(actor=county.officer_a, interview=interview)
    services.interview_archive(actor=county.officer_a, interview=interview)
    response = client.get(reverse("interviews:detail", args=[interview.pk]))
    assert viewers.COOKIE not in response.cookies
    assert "public" in response["Cache-Control"]
