"""E-mail to the public and to staff, sent only after the transaction that caused it commits.

Used by every case app (``applications``, ``interaction``, ``supervision`` …; the old name
``applications.notify`` re-exports these). ``suppressed()`` silences all of it, whichever
name the sender imported (the demo builds invented cases with invented addresses).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

log = logging.getLogger(__name__)

_suppressed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "gongkai_mail_suppressed", default=False
)


@contextlib.contextmanager
def suppressed() -> Iterator[None]:
    """No e-mail inside this block (the demo builds invented cases with invented addresses)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def send_after_commit(
    *,
    to: Iterable[str],
    subject: str,
    body: str,
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> None:
    """Queue one e-mail for when the current transaction commits (never for a rolled-back
    change). Failures are logged, not raised: the case itself is already saved."""
    recipients = [address for address in to if address]
    if not recipients or _suppressed.get():
        return
    files = list(attachments)

    def send() -> None:
        message = EmailMessage(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=recipients
        )
        for name, content, mimetype in files:
            message.attach(name, content, mimetype)
        try:
            message.send()
        except Exception:  # noqa: BLE001 - the mail server's problem must not undo the case
            log.exception("Could not send e-mail %r to %s", subject, recipients)

    transaction.on_commit(send)
