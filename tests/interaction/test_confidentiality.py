"""举报 (reports): never published, never in search, the writer's identity hidden from every
staff member but the assigned handler and the agency's 领导, and every reveal audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.audit.models import Event
from gongkai.interaction.models import Message
from gongkai.interaction.permissions import can_see_identity
from gongkai.interaction.services import identity, publication
from gongkai.interaction.services.handling import message_rate
from tests.interaction.conftest import LETTER, assigned, replied

pytestmark = pytest.mark.django_db

REPORT = {
    "kind": "report",
    "title": "举报某工地夜间违规施工",
    "writer_name": "赵六",
    "writer_mobile": "13511112222",
}


def test_a_report_never_carries_publication_consent(county):
    message = assigned(county.a, **REPORT)
    assert message.publish_consent is False  # even though the form said "on"


def test_only_the_assigned_handler_and_the_agencys_leader_may_see_the_reporter(county):
    message = assigned(county.a, **REPORT)
    assert can_see_identity(county.a.handler, message)
    assert can_see_identity(county.a.leader, message)
    for user in (
        county.a.handler2,
        county.a.reviewer,
        county.a.admin,
        county.a.officer,
        county.office,
        county.b.leader,
    ):
        assert not can_see_identity(user, message)
        with pytest.raises(PermissionDenied):
            identity.message_reveal_identity(actor=user, message=message, reason="想看看")


def test_every_reveal_is_audited_with_its_reason(county):
    message = assigned(county.a, **REPORT)
    with pytest.raises(ValidationError):
        identity.message_reveal_identity(actor=county.a.leader, message=message, reason="")
    shown = identity.message_reveal_identity(
        actor=county.a.leader, message=message, reason="需要回访举报人"
    )
    identity.message_reveal_identity(actor=county.a.handler, message=message, reason="核实情况")
    assert shown["writer_name"] == "赵六"
    events = Event.objects.filter(action="message.reveal_identity").order_by("pk")
    assert [e.actor for e in events] == [county.a.leader, county.a.handler]
    assert events[0].data["reason"] == "需要回访举报人"
    assert "赵六" not in str(events[0].data)


def test_staff_pages_do_not_show_the_reporter_without_a_reveal(client, county):
    message = assigned(county.a, **REPORT)
    for user in (county.a.handler2, county.a.reviewer, county.a.handler, county.a.leader):
        client.force_login(user)
        html = client.get(
            reverse("interaction_staff:detail", args=[message.number])
        ).content.decode()
        assert "赵六" not in html and "13511112222" not in html
    client.force_login(county.a.leader)
    response = client.post(
        reverse("interaction_staff:reveal", args=[message.number]), {"reveal-reason": "回访"}
    )
    assert "赵六" in response.content.decode()
    assert Event.objects.filter(action="message.reveal_identity", actor=county.a.leader).exists()
    client.force_login(county.a.reviewer)
    response = client.post(
        reverse("interaction_staff:reveal", args=[message.number]), {"reveal-reason": "回访"}
    )
    assert response.status_code == 403 and "赵六" not in response.content.decode()


def test_an_ordinary_letter_shows_its_writer_to_the_agencys_staff(client, county):
    message = assigned(county.a)
    client.force_login(county.a.reviewer)
    assert (
        LETTER["writer_name"]
        in client.get(reverse("interaction_staff:detail", args=[message.number])).content.decode()
    )
    client.force_login(county.b.handler)  # another agency: not even the letter
    assert client.get(reverse("interaction_staff:detail", args=[message.number])).status_code == 404


def test_a_report_is_never_published(county):
    message = replied(county.a, **REPORT)
    with pytest.raises(ValidationError):
        publication.message_publication_prepare(actor=county.a.handler, message=message)
    # Not even by writing the fields directly: the database refuses.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=message.pk).update(publication="published", publish_consent=True)


def test_a_report_is_not_in_the_search_index(county):
    from gongkai.search.models import SearchEntry

    message = replied(county.a, **REPORT)
    message_rate(message=message, rating="satisfied")
    everything = " ".join(
        f"{title} {body} {tokens}"
        for title, body, tokens in SearchEntry.objects.values_list("title", "body", "tokens")
    )
    assert "违规施工" not in everything and "赵六" not in everything
