"""The public pages: only approved topics, never the proposer; the form with its protection;
the support button counted once per browser."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications import captcha
from gongkai.topics.models import AnswerKind, TopicRequest, TopicStatus
from gongkai.topics.services import topic_answer, topic_approve, topic_reject

from .conftest import PROPOSER, D, submit_topic

pytestmark = pytest.mark.django_db


def _no_personal_data(html: str) -> None:
    for value in PROPOSER.values():
        assert value not in html
    assert "钱小梅" not in html


@pytest.fixture
def topics(county):
    pending = submit_topic(county.a, title="待审核的点题")
    rejected = topic_reject(
        actor=county.reviewer_a, topic=submit_topic(county.a, title="未通过的点题"), reason="重复"
    )
    approved = topic_approve(
        actor=county.reviewer_a, topic=submit_topic(county.a, title="已通过的点题")
    )
    answered = topic_answer(
        actor=county.officer_b,
        topic=topic_approve(
            actor=county.reviewer_b, topic=submit_topic(county.b, title="已答复的点题")
        ),
        kind=AnswerKind.WILL_PUBLISH,
        promised_by=D("2026-01-10"),
        today=D("2026-01-05"),
    )
    return pending, rejected, approved, answered


def test_only_approved_topics_are_public_and_never_the_proposer(client, county, topics):
    pending, rejected, approved, answered = topics
    html = client.get(reverse("topics:list")).content.decode()
    assert "已通过的点题" in html and "已答复的点题" in html
    assert "待审核的点题" not in html and "未通过的点题" not in html
    _no_personal_data(html)
    for topic in (pending, rejected):
        assert client.get(reverse("topics:detail", args=[topic.pk])).status_code == 404
    html = client.get(reverse("topics:detail", args=[answered.pk])).content.decode()
    assert "已答复的点题" in html
    assert "2026年1月10日" in html  # the promised date, which has passed:
    assert "not published yet" in html or "尚未公开" in html
    _no_personal_data(html)


def test_public_filters(client, county, topics):
    _pending, _rejected, approved, answered = topics
    html = client.get(reverse("topics:list"), {"state": "awaiting"}).content.decode()
    assert "已通过的点题" in html and "已答复的点题" not in html
    html = client.get(reverse("topics:list"), {"state": "overdue"}).content.decode()
    assert "已答复的点题" in html and "已通过的点题" not in html
    html = client.get(reverse("topics:list"), {"agency": county.b.pk}).content.decode()
    assert "已答复的点题" in html and "已通过的点题" not in html


def test_sorted_by_support_or_newest(client, county, topics):
    _pending, _rejected, approved, answered = topics
    TopicRequest.objects.filter(pk=answered.pk).update(support_count=5)
    html = client.get(reverse("topics:list"), {"sort": "support"}).content.decode()
    assert html.index("已答复的点题") < html.index("已通过的点题")
    html = client.get(reverse("topics:list"), {"sort": "newest"}).content.decode()
    assert html.index("已答复的点题") < html.index("已通过的点题")  # submitted later
    TopicRequest.objects.filter(pk=approved.pk).update(support_count=9)
    html = client.get(reverse("topics:list"), {"sort": "support"}).content.decode()
    assert html.index("已通过的点题") < html.index("已答复的点题")


# --- the form -------------------------------------------------------------------------------


def _post(client, **fields):
    client.get(reverse("topics:new"))
    data = {
        "agency": "",
        "title": "县医院新院区建设进度",
        "description": "希望公开县医院新院区的建设进度和资金情况。",
        "reason": "",
        "name": "孙小红",
        "mobile": "13957005678",
        "email": "",
        "captcha": captcha.pending_answer(client.session, "topic"),
    }
    data.update(fields)
    return client.post(reverse("topics:new"), data)


def test_submit_through_the_form(client, county):
    response = _post(client, agency=str(county.b.pk))
    assert response.status_code == 200
    topic = TopicRequest.objects.get()
    assert topic.agency == county.b and topic.status == TopicStatus.PENDING
    assert topic.mobile == "13957005678"


def test_not_sure_through_the_form(client, county):
    _post(client, agency="unsure")
    topic = TopicRequest.objects.get()
    assert topic.agency == county.government and topic.agency_unsure


def test_errors_are_shown_next_to_the_field_and_nothing_typed_is_lost(client, county):
    response = _post(
        client, agency=str(county.a.pk), mobile="12345", description="我手机13957001234"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_mobile_error"' in html and 'id="id_description_error"' in html
    assert "县医院新院区建设进度" in html and "孙小红" in html
    assert not TopicRequest.objects.exists()


def test_wrong_captcha_is_refused(client, county):
    response = _post(client, agency=str(county.a.pk), captcha="x")
    assert 'id="id_captcha_error"' in response.content.decode()
    assert not TopicRequest.objects.exists()


def test_submissions_are_limited_per_client(client, county, settings):
    settings.GONGKAI_TOPIC_LIMIT_PER_IP = (2, 3600)
    for n in range(2):
        _post(client, agency=str(county.a.pk), mobile=f"1395700000{n}")
    response = _post(client, agency=str(county.a.pk), mobile="13957000009")
    assert response.status_code == 429
    assert TopicRequest.objects.count() == 2


def test_submissions_are_limited_per_mobile(client, county, settings):
    settings.GONGKAI_TOPIC_LIMIT_PER_CONTACT = (1, 86400)
    _post(client, agency=str(county.a.pk))
    response = _post(Client(), agency=str(county.a.pk))
    assert response.status_code == 429


# --- supporting -----------------------------------------------------------------------------


def test_support_is_counted_once_per_browser(county, topics):
    _pending, _rejected, approved, _answered = topics
    url = reverse("topics:support", args=[approved.pk])
    first = Client()
    first.post(url)
    first.post(url)
    approved.refresh_from_db()
    assert approved.support_count == 1
    cookie = first.cookies["gk_topic_supporter"]
    assert cookie["httponly"]
    html = first.get(reverse("topics:detail", args=[approved.pk])).content.decode()
    assert 'id="supported"' in html and 'id="support-button"' not in html
    Client().post(url)
    approved.refresh_from_db()
    assert approved.support_count == 2
    # A forged cookie is not a token: the browser gets a new one (and the rate limit holds).
    forged = Client()
    forged.cookies["gk_topic_supporter"] = "made-up"
    forged.post(url)
    approved.refresh_from_db()
    assert approved.support_count == 3
    assert forged.cookies["gk_topic_supporter"].value != "made-up"


def test_supports_are_limited_per_client(county, topics, settings):
    settings.GONGKAI_TOPIC_SUPPORT_LIMIT_PER_IP = (2, 3600)
    _pending, _rejected, approved, _answered = topics
    url = reverse("topics:support", args=[approved.pk])
    for _ in range(3):
        Client().post(url)
    approved.refresh_from_db()
    assert approved.support_count == 2


def test_pending_topics_take_no_supports(client, county, topics):
    pending = topics[0]
    assert client.post(reverse("topics:support", args=[pending.pk])).status_code == 404
    pending.refresh_from_db()
    assert pending.support_count == 0


def test_search_finds_public_topics_by_their_text_never_by_the_proposer(client, county):
    approved = topic_approve(actor=county.reviewer_a, topic=submit_topic(county.a))
    submit_topic(
        county.b, title="卫生院设备配置清单", description="希望公开卫生院设备。"
    )  # pending
    html = client.get(reverse("topics:list"), {"q": "养护资金"}).content.decode()
    assert approved.title in html
    html = client.get(reverse("topics:list"), {"q": "卫生院设备"}).content.decode()
    assert "卫生院设备配置清单" not in html
    html = client.get(reverse("topics:list"), {"q": PROPOSER["name"]}).content.decode()
    assert approved.title not in html
    from gongkai.search.selectors import search

    assert not search(PROPOSER["mobile"], kind="topic").results
    assert not search(PROPOSER["name"]).results
