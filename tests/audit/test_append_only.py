"""Audit events are append-only: the ORM refuses changes and the database refuses UPDATE."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from gongkai.audit.models import AppendOnlyError, Event
from gongkai.audit.services import AuditOutsideTransaction, record_event


@pytest.fixture
def event(db):
    with transaction.atomic():
        return record_event(actor=None, action="test.something", data={"n": 1})


def test_raw_sql_update_is_refused_by_the_database(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET action = %s WHERE id = %s", ["forged", event.pk])
    event = Event.objects.get(pk=event.pk)
    assert event.action == "test.something"


def test_saving_an_existing_event_is_refused(event):
    event.action = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.save(update_fields=["action"])


def test_deleting_is_refused(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()
    assert Event.objects.filter(pk=event.pk).exists()


def test_queryset_update_is_refused(event):
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        Event.objects.bulk_update([event], ["action"])
    assert Event.objects.get(pk=event.pk).action == "test.something"


def test_record_event_outside_a_transaction_is_refused():
    # No database access at all: the check comes first (and pytest-django's test transaction
    # would otherwise hide the missing atomic block).
    assert not connection.in_atomic_block
    with pytest.raises(AuditOutsideTransaction):
        record_event(actor=None, action="test.something")
