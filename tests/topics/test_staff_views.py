"""The staff screens of topic requests: the queue, moderation, routing, answers and the
audited look at the proposer's contact details."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.audit.models import Event
from gongkai.topics.models import TopicRequest, TopicStatus

from .conftest import PROPOSER, submit_topic

pytestmark = pytest.mark.django_db


def _act(client, user, topic, action, data):
    client.force_login(user)
    return client.post(reverse("topics_staff:action", args=[topic.pk, action]), data)


def test_a_reviewer_opens_the_pending_queue_and_approves(client, county):
    topic = submit_topic(county.a)
    client.force_login(county.reviewer_a)
    html = client.get(reverse("topics_staff:list")).content.decode()
    assert topic.title in html
    page = client.get(reverse("topics_staff:detail", args=[topic.pk])).content.decode()
    assert 'id="approve-form"' in page and 'id="answer-form"' not in page
    assert PROPOSER["mobile"] not in page and "139****1234" in page
    response = _act(
        client,
        county.reviewer_a,
        topic,
        "approve",
        {
            "approve-title": topic.title,
            "approve-description": "联系我13957001234",
            "approve-reason": "",
        },
    )
    assert response.status_code == 400 and "13957001234" in response.content.decode()
    topic.refresh_from_db()
    assert topic.status == TopicStatus.PENDING
    response = _act(
        client,
        county.reviewer_a,
        topic,
        "approve",
        {
            "approve-title": topic.title,
            "approve-description": topic.description,
            "approve-reason": "",
        },
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.status == TopicStatus.APPROVED and topic.reason == ""


def test_answer_through_the_screen_with_an_index_number(client, county):
    from gongkai.topics.services import topic_approve
    from tests.factories import published_item

    topic = topic_approve(actor=county.reviewer_a, topic=submit_topic(county.a))
    item = published_item(county.a, title="农村公路养护资金安排")
    response = _act(
        client,
        county.officer_a,
        topic,
        "answer",
        {"answer-kind": "published", "answer-index_number": "nope"},
    )
    assert response.status_code == 400
    response = _act(
        client,
        county.officer_a,
        topic,
        "answer",
        {"answer-kind": "published", "answer-index_number": item.index_number},
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.item == item
    # The other agency's officer does not even see it.
    client.force_login(county.officer_b)
    assert client.get(reverse("topics_staff:detail", args=[topic.pk])).status_code == 404


def test_the_office_routes_a_topic_without_agency(client, county):
    topic = submit_topic(None)
    client.force_login(county.office)
    html = client.get(reverse("topics_staff:list"), {"status": ""}).content.decode()
    assert topic.title in html
    page = client.get(reverse("topics_staff:detail", args=[topic.pk])).content.decode()
    assert 'id="route-form"' in page
    response = _act(client, county.office, topic, "route", {"route-agency": county.b.pk})
    assert response.status_code == 302
    assert TopicRequest.objects.get().agency == county.b
    assert (
        _act(client, county.reviewer_gov, topic, "route", {"route-agency": county.a.pk}).status_code
        == 404
    )


def test_the_contact_details_are_shown_once_and_the_look_is_audited(client, county):
    topic = submit_topic(county.a)
    client.force_login(county.officer_a)
    html = client.post(reverse("topics_staff:contact", args=[topic.pk])).content.decode()
    assert PROPOSER["mobile"] in html and PROPOSER["name"] in html
    assert Event.objects.filter(action="topic.contact_view", actor=county.officer_a).count() == 1
    client.force_login(county.handler_a)  # no topic role
    assert client.post(reverse("topics_staff:contact", args=[topic.pk])).status_code == 404
