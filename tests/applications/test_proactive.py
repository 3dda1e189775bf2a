"""Art. 44: information released on request becomes proactive through the catalog's review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.accounts.models import Role
from gongkai.applications.models import LetterKind, Status
from gongkai.applications.outcomes import Outcome
from gongkai.applications.services import letters, workflow
from gongkai.catalog.models import ItemStatus
from gongkai.catalog.services.items import (
    WorkflowError,
    item_approve,
    item_draft_from_application,
    item_submit,
)
from tests.applications.conftest import registered_application
from tests.factories import staff

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)


def replied(county, outcome=Outcome.GRANTED):
    application = registered_application(
        county.a, received_on="2026-03-02", applicant_name="钱多多"
    )
    workflow.application_assign(
        actor=county.handler_a, application=application, handler=county.handler_a
    )
    workflow.application_decide(
        actor=county.handler_a,
        application=application,
        outcome=outcome,
        provided="2025年度道路维修项目验收报告（第1至12页）。"
        if outcome in (Outcome.GRANTED, Outcome.PARTIAL)
        else "",
        reason="部分内容涉及第三方商业秘密，不予公开。" if outcome == Outcome.PARTIAL else None,
        decided_on=TODAY,
        today=TODAY,
    )
    letter = letters.letter_draft(
        actor=county.handler_a, application=application, kind=LetterKind.REPLY
    )
    letters.letter_issue(actor=county.handler_a, letter=letter)
    application.refresh_from_db()
    assert application.status == Status.REPLIED
    return application


def test_released_information_goes_through_the_normal_review(county):
    application = replied(county)
    item = item_draft_from_application(actor=county.handler_a, application=application)
    assert item.status == ItemStatus.DRAFT
    assert item.category.code == "on_request"
    assert item.title == application.info_title
    assert "钱多多" not in item.body_html + item.title + item.summary  # no applicant data
    application.refresh_from_db()
    assert application.proactive_item == item
    with pytest.raises(WorkflowError):
        item_draft_from_application(actor=county.handler_a, application=application)
    officer = county.officer_a
    reviewer = staff(Role.REVIEWER, county.a)
    item_submit(actor=officer, item=item)
    item = item_approve(actor=reviewer, item=item)
    assert item.status == ItemStatus.PUBLISHED and item.index_number


def test_only_released_information_and_only_its_handlers(county):
    refused = replied(county, outcome=Outcome.WITHHELD_INTERNAL)
    with pytest.raises(WorkflowError):
        item_draft_from_application(actor=county.handler_a, application=refused)
    granted = replied(county)
    with pytest.raises(PermissionDenied):
        item_draft_from_application(actor=county.handler_b, application=granted)
