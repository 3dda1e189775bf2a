"""Helpers of the statistics, targets and assessment tests: items published through the real
catalog workflow on a chosen day, and applications in the state a reply leaves them."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.catalog.models import Category
from gongkai.catalog.services import catalog_create_from_template
from gongkai.catalog.services.items import item_approve, item_create, item_submit
from tests.applications.conftest import registered_application
from tests.factories import staff

D = dt.date.fromisoformat
_titles = itertools.count(1)


class Publisher:
    """Publishes items of one agency as its 信息员 and 审核员 would, on a chosen day."""

    def __init__(self, agency):
        self.agency = agency
        catalog_create_from_template(actor=None, agency=agency)
        self.officer = staff(Role.OFFICER, agency)
        self.reviewer = staff(Role.REVIEWER, agency)

    def category(self, code: str) -> Category:
        return Category.objects.get(agency=self.agency, code=code)

    def item(
        self,
        code: str,
        day: str,
        *,
        formed: str | None = None,
        attribute: str = "public",
        **fields,
    ):
        """An item of category ``code`` published on ``day``; ``formed`` is the date it was
        formed (20 working days from it decide on time or late)."""
        item = item_create(
            actor=self.officer,
            agency=self.agency,
            category=self.category(code),
            title=fields.pop("title", f"测试信息{next(_titles)}"),
            body_html="<p>正文内容。</p>",
            formed_on=D(formed) if formed else None,
            disclosure_attribute=attribute,
            **fields,
        )
        item_submit(actor=self.officer, item=item)
        now = timezone.make_aware(dt.datetime.combine(D(day), dt.time(10, 0)))
        return item_approve(actor=self.reviewer, item=item, now=now)


def replied_case(
    agency,
    received: str,
    replied: str | None = None,
    *,
    outcome: str = "granted",
    kind: str = "natural_person",
    **fields,
):
    """A case received on ``received`` (its due date computed by the clock); with ``replied``
    it is in the state a reply leaves it: replied, with ``outcome`` and the reply date."""
    from gongkai.applications.models import Application, Status

    app = registered_application(agency, received_on=received, applicant_kind=kind, **fields)
    if replied:
        Application.objects.filter(pk=app.pk).update(
            status=Status.REPLIED, outcome=outcome, replied_on=D(replied), decided_on=D(replied)
        )
        app.refresh_from_db()
    return app
