"""Catalog admin: the template for system administrators only, categories scoped by agency,
items read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.audit.models import Event
from gongkai.catalog.models import Category, CategoryTemplate
from gongkai.catalog.services import catalog_create_from_template
from tests.factories import AgencyFactory, published_item, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_agencies():
    a, b = AgencyFactory(name="甲局"), AgencyFactory(name="乙局")
    for agency in (a, b):
        catalog_create_from_template(actor=None, agency=agency)
    return a, b


def test_template_is_for_system_administrators_only(client, two_agencies):
    a, _b = two_agencies
    node = CategoryTemplate.objects.get(code="news.work")
    client.force_login(staff(Role.AGENCY_ADMIN, a))
    assert client.get(reverse("admin:catalog_categorytemplate_changelist")).status_code == 403
    client.force_login(staff(Role.SYSTEM_ADMIN))
    response = client.get(reverse("admin:catalog_categorytemplate_changelist"))
    assert response.status_code == 200 and "工作动态" in response.content.decode()
    assert (
        client.get(reverse("admin:catalog_categorytemplate_change", args=[node.pk])).status_code
        == 200
    )


def test_categories_are_scoped_and_saved_through_the_service(client, two_agencies):
    a, b = two_agencies
    admin_a = staff(Role.AGENCY_ADMIN, a)
    client.force_login(admin_a)
    response = client.get(reverse("admin:catalog_category_changelist"), {"q": "工作动态"})
    assert response.status_code == 200
    shown = {c.agency_id for c in response.context["cl"].result_list}
    assert shown == {a.pk}
    other = Category.objects.get(agency=b, code="news.work")
    assert client.get(reverse("admin:catalog_category_change", args=[other.pk])).status_code in (
        302,
        404,
    )
    mine = Category.objects.get(agency=a, code="news.work")
    response = client.post(
        reverse("admin:catalog_category_change", args=[mine.pk]),
        {
            "parent": mine.parent_id,
            "name": "本局动态",
            "update_period_days": 14,
            "sort_order": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mine.refresh_from_db()
    assert mine.name == "本局动态"
    assert Event.objects.filter(action="category.save", actor=admin_a).exists()


def test_items_are_read_only_in_the_admin(client, two_agencies):
    a, _b = two_agencies
    item = published_item(a, title="管理后台只读")
    client.force_login(staff(Role.REVIEWER, a))
    response = client.get(reverse("admin:catalog_item_changelist"))
    assert response.status_code == 200 and "管理后台只读" in response.content.decode()
    assert client.get(reverse("admin:catalog_item_add")).status_code == 403
    response = client.post(reverse("admin:catalog_item_change", args=[item.pk]), {"title": "改了"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.title == "管理后台只读"
