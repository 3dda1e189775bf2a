"""Handling an application after registration: assignment, 补正, consultation, extension, fee,
decision, archive and remedies (Regulation Arts. 30–45; RULES.md §1.4, §1.5, §1.8).

Every function here takes keyword-only arguments and an ``actor``; it re-checks the actor's
permission with ``accounts.permissions.can`` (PermissionDenied), locks the application row,
refuses an illegal state with ``WorkflowError`` (a translated sentence), writes a ``Step`` of
the timeline and the audit event ``application.<verb>`` in the same transaction, and calls
``refresh_clock`` whenever a dated event that the clock reads has changed. E-mails go out only
after the transaction commits (``notify.send_after_commit``). ``today``/``now`` default to
``timezone.localdate()``/``timezone.now()`` and are parameters so that tests and jobs can
pass them.

Who may do what: a 办理人 (``application.handle``) of the case's agency does the handling; a
领导 (``application.approve``) approves or refuses an extension; assignment needs
``application.register``. 公开办 and 信息员 only look.

Letters (告知书) are not written here: the letters module drafts and issues them from the
state recorded here (the correction notice, the extension notice, the fee notice, the reply).

The steps live in one module per concern; this package re-exports them, so
``workflow.correction_send(...)`` and ``from ...services.workflow import remedy_add`` work as
they always have:

- ``_common``: row locks, permission and state checks, ``WorkflowError``, dates, the ``Step``;
- ``assignment``: ``application_assign``, ``application_reassign``;
- ``corrections``: 补正 — ``correction_send``, ``correction_supplement``, ``correction_lapse``;
- ``consultations``: ``consultation_send``, ``consultation_party_received``,
  ``consultation_record_reply``, ``consultation_deem_consent``;
- ``extensions``: ``extension_request``, ``extension_approve``, ``extension_refuse``;
- ``fees``: ``fee_notice_send``, ``fee_notice_received``, ``fee_paid``, ``fee_lapse``,
  ``earlier_items_this_month``;
- ``decisions``: ``application_decide``, ``application_transfer``;
- ``archive``: ``application_archive``;
- ``remedies``: ``remedy_add``, ``remedy_update``;
- ``identity``: ``application_reveal_id``.
"""

from __future__ import annotations

from gongkai.applications.services.workflow._common import (
    ACTIVE,
    WorkflowError,
)
from gongkai.applications.services.workflow.archive import application_archive
from gongkai.applications.services.workflow.assignment import (
    application_assign,
    application_reassign,
)
from gongkai.applications.services.workflow.consultations import (
    consultation_deem_consent,
    consultation_party_received,
    consultation_record_reply,
    consultation_send,
)
from gongkai.applications.services.workflow.corrections import (
    correction_lapse,
    correction_send,
    correction_supplement,
)
from gongkai.applications.services.workflow.decisions import (
    application_decide,
    application_transfer,
)
from gongkai.applications.services.workflow.extensions import (
    extension_approve,
    extension_refuse,
    extension_request,
)
from gongkai.applications.services.workflow.fees import (
    earlier_items_this_month,
    fee_lapse,
    fee_notice_received,
    fee_notice_send,
    fee_paid,
)
from gongkai.applications.services.workflow.identity import application_reveal_id
from gongkai.applications.services.workflow.remedies import (
    REMEDY_FIELDS,
    remedy_add,
    remedy_update,
)

__all__ = [
    "ACTIVE",
    "REMEDY_FIELDS",
    "WorkflowError",
    "application_archive",
    "application_assign",
    "application_decide",
    "application_reassign",
    "application_reveal_id",
    "application_transfer",
    "consultation_deem_consent",
    "consultation_party_received",
    "consultation_record_reply",
    "consultation_send",
    "correction_lapse",
    "correction_send",
    "correction_supplement",
    "earlier_items_this_month",
    "extension_approve",
    "extension_refuse",
    "extension_request",
    "fee_lapse",
    "fee_notice_received",
    "fee_notice_send",
    "fee_paid",
    "remedy_add",
    "remedy_update",
]
