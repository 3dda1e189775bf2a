"""Items in every state of the workflow, built through the catalog's services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.catalog.models import Category
from gongkai.catalog.services import catalog_create_from_template
from gongkai.catalog.services.items import (
    item_approve,
    item_create,
    item_return,
    item_submit,
    item_withdraw,
)
from tests.factories import AgencyFactory, published_item, staff


def at(day: dt.date) -> dt.datetime:
    """Noon (Beijing time) of ``day``: the moment to publish at for that 发布日期."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@pytest.fixture
def agency():
    return AgencyFactory(name="蓝湾县林业局", short_name="县林业局")


class Hidden:
    """Items the public must never see, one per reason, all with the word 森林防火 in the title."""

    def __init__(self, agency):
        catalog_create_from_template(actor=None, agency=agency)
        category = Category.objects.get(agency=agency, code="policy.normative")
        officer = staff(Role.OFFICER, agency)
        reviewer = staff(Role.REVIEWER, agency)
        self.officer, self.reviewer = officer, reviewer

        def draft(title):
            return item_create(
                actor=officer,
                agency=agency,
                category=category,
                title=title,
                body_html="<p>森林防火工作要求。</p>",
            )

        self.draft = draft("森林防火草稿")
        self.submitted = item_submit(actor=officer, item=draft("森林防火待审核"))
        self.returned = item_return(
            actor=reviewer,
            item=item_submit(actor=officer, item=draft("森林防火已退回")),
            comment="请补充依据。",
        )
        self.scheduled = item_approve(
            actor=reviewer,
            item=item_submit(actor=officer, item=draft("森林防火定时发布")),
            publish_at=timezone.now() + dt.timedelta(days=3),
        )
        self.withdrawn = item_withdraw(
            actor=reviewer, item=published_item(agency, title="森林防火已撤回"), reason="内容有误。"
        )
        self.internal = published_item(
            agency, title="森林防火内部公开", disclosure_attribute="internal"
        )

    def all(self):
        return [
            self.draft,
            self.submitted,
            self.returned,
            self.scheduled,
            self.withdrawn,
            self.internal,
        ]


@pytest.fixture
def hidden(agency):
    return Hidden(agency)
