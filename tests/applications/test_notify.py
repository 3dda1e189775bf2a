"""E-mail leaves only after the transaction commits, and never inside ``suppressed()``."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from gongkai.applications import notify

pytestmark = pytest.mark.django_db


def test_mail_waits_for_the_commit_and_a_rollback_sends_nothing(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with (
        pytest.raises(RuntimeError),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        notify.send_after_commit(to=["a@example.com"], subject="回执", body="正文")
        raise RuntimeError("the change failed")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify.send_after_commit(to=["a@example.com"], subject="回执", body="正文")
        assert mail.outbox == []  # not before the commit
    assert [m.subject for m in mail.outbox] == ["回执"]


def test_suppressed_sends_nothing(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with (
        django_capture_on_commit_callbacks(execute=True),
        notify.suppressed(),
        transaction.atomic(),
    ):
        notify.send_after_commit(to=["a@example.com"], subject="回执", body="正文")
    assert mail.outbox == []
