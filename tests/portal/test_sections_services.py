"""The 办事服务 section page leads to the service guides, the service hall and the notices, and
the workbench shows their cards to the staff who work with them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from tests.factories import AgencyFactory, staff

pytestmark = pytest.mark.django_db


def test_the_services_section_links_every_area(client):
    AgencyFactory()
    html = client.get(reverse("portal:services")).content.decode()
    for name in ("services:directory", "servicehall:index", "notices:list", "servicehall:rate"):
        assert f'href="{reverse(name)}"' in html
        assert client.get(reverse(name)).status_code == 200


def test_the_workbench_cards_follow_the_roles(client):
    agency = AgencyFactory()
    reviewer = staff(Role.REVIEWER, agency)
    client.force_login(reviewer)
    html = client.get(reverse("portal:staff_home")).content.decode()
    assert reverse("services_staff:list") in html and reverse("notices_staff:list") in html
    assert reverse("internal_staff:list") in html  # staff of the agency read its internal items
    admin = staff(Role.SYSTEM_ADMIN)
    client.force_login(admin)
    html = client.get(reverse("portal:staff_home")).content.decode()
    assert reverse("internal_staff:list") not in html  # staff of no agency
