"""Publishing a letter and its reply: only with the writer's consent, only after a reviewer's
approval, and only the public copy with personal data removed."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.interaction.models import PublicationStatus
from gongkai.interaction.selectors import published_messages
from gongkai.interaction.services import publication
from gongkai.interaction.services.handling import message_rate, message_reopen
from tests.interaction.conftest import replied

pytestmark = pytest.mark.django_db

WITH_DATA = {
    "content": "我叫李四，电话13912345678，身份证110101199003077774，住幸福路8号，路灯坏了两个月。",
}


def test_the_public_copy_starts_masked_and_is_published_by_a_reviewer(county):
    message = replied(county.a, **WITH_DATA)
    message = publication.message_publication_prepare(actor=county.a.handler, message=message)
    assert "13912345678" not in message.public_content
    assert "110101199003077774" not in message.public_content
    assert message.publication == PublicationStatus.PROPOSED
    assert message not in published_messages()
    # The writer's own name is still in the copy: the reviewer must remove it (or clear it).
    findings = publication.public_findings(message)
    assert any("李四" in f.matched for f in findings)
    with pytest.raises(ValidationError):
        publication.message_publish(
            actor=county.a.reviewer, message=message, confirm_no_personal_data=True
        )
    message = publication.message_publication_prepare(
        actor=county.a.handler,
        message=message,
        public_title="小区门口路灯长期不亮",
        public_content="幸福路小区东门路灯坏了两个月，请尽快维修。",
        public_reply=message.public_reply,
    )
    with pytest.raises(ValidationError):  # the reviewer must confirm
        publication.message_publish(
            actor=county.a.reviewer, message=message, confirm_no_personal_data=False
        )
    message = publication.message_publish(
        actor=county.a.reviewer, message=message, confirm_no_personal_data=True
    )
    assert message.publication == PublicationStatus.PUBLISHED
    assert list(published_messages()) == [message]


def test_a_finding_the_reviewer_clears_may_stay(county):
    message = replied(county.a)
    message = publication.message_publication_prepare(
        actor=county.a.handler,
        message=message,
        public_title="路灯维修",
        public_content="请维修路灯，报修电话13900001111是物业的。",
        public_reply="已修复。",
    )
    findings = publication.public_findings(message)
    with pytest.raises(ValidationError):
        publication.message_publish(
            actor=county.a.reviewer, message=message, confirm_no_personal_data=True
        )
    publication.message_publish(
        actor=county.a.reviewer,
        message=message,
        confirm_no_personal_data=True,
        cleared=[f.fingerprint for f in findings],
    )


def test_without_the_writers_consent_nothing_is_published(county):
    message = replied(county.a, publish_consent="")
    with pytest.raises(ValidationError):
        publication.message_publication_prepare(actor=county.a.handler, message=message)


def test_publication_is_approved_by_a_reviewer_or_leader_of_the_agency_only(county):
    message = replied(county.a)
    message = publication.message_publication_prepare(
        actor=county.a.handler,
        message=message,
        public_title="路灯",
        public_content="路灯坏了。",
        public_reply="已修复。",
    )
    for user in (
        county.a.handler,
        county.a.admin,
        county.a.officer,
        county.b.reviewer,
        county.office,
    ):
        with pytest.raises(PermissionDenied):
            publication.message_publish(actor=user, message=message, confirm_no_personal_data=True)
    publication.message_publish(
        actor=county.a.leader, message=message, confirm_no_personal_data=True
    )


def test_withdrawn_and_reopened_letters_leave_the_public_list(county):
    message = replied(county.a)
    message = publication.message_publication_prepare(
        actor=county.a.handler,
        message=message,
        public_title="路灯",
        public_content="路灯坏了。",
        public_reply="已修复。",
    )
    message = publication.message_publish(
        actor=county.a.reviewer, message=message, confirm_no_personal_data=True
    )
    message_rate(message=message, rating="dissatisfied")
    message_reopen(actor=county.a.handler, message=message, reason="重新办理")
    message.refresh_from_db()
    assert message.publication == PublicationStatus.WITHDRAWN
    assert message not in published_messages()
