"""The demo county's letters: a year of them in every state, built once, through the services."""

from __future__ import annotations

import pytest

from gongkai.core.demo.county import build_county
from gongkai.interaction.demo import build_interaction
from gongkai.interaction.models import (
    Mailbox,
    MailboxKind,
    Message,
    MessageKind,
    MessageStatus,
    PublicationStatus,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import connection, transaction

        with transaction.atomic():
            build_county()
            result = build_interaction()
            yield result
            transaction.set_rollback(True)
        del connection


def test_the_demo_has_letters_in_every_state(demo):
    assert demo.created and demo.letters >= 100
    states = set(Message.objects.values_list("status", flat=True))
    assert states == set(MessageStatus.values)
    assert Message.objects.filter(publication=PublicationStatus.PUBLISHED).exists()
    assert Message.objects.filter(reopened_on__isnull=False).exists()
    assert Message.objects.filter(replied_on_time=False).exists()
    assert Message.objects.filter(transfers__isnull=False).exists()
    assert Message.objects.filter(extensions__approved=True).exists()
    assert set(Message.objects.values_list("kind", flat=True)) == set(MessageKind.values)
    assert not Message.objects.filter(
        kind=MessageKind.REPORT, publication=PublicationStatus.PUBLISHED
    ).exists()
    assert Mailbox.objects.filter(kind=MailboxKind.LEADER, name="县长信箱").exists()


def test_a_second_run_builds_nothing(demo):
    count = Message.objects.count()
    assert build_interaction().created is False
    assert Message.objects.count() == count
