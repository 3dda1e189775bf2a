"""The one permission rule, across agencies and roles."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import (
    ALL_ACTIONS,
    ROLE_ACTIONS,
    SITE_ACTIONS,
    UnknownAction,
    agencies_where,
    can,
)
from tests.factories import staff

AGENCY_ROLES = [role for role in Role.values if role != Role.SYSTEM_ADMIN]
AGENCY_ACTIONS = sorted(ALL_ACTIONS - SITE_ACTIONS)
TABLE = [(role, action) for role in AGENCY_ROLES for action in AGENCY_ACTIONS]


@pytest.mark.parametrize(("role", "action"), TABLE)
def test_role_acts_on_own_agency_only(county, role, action):
    person = staff(role, county.a)
    expected = action in ROLE_ACTIONS[role]
    assert can(person, action, agency=county.a) is expected
    # A sibling bureau is never in scope, not even for a 公开办 of a bureau.
    assert can(person, action, agency=county.b) is False
    assert can(person, action, agency=county.outside) is False


@pytest.mark.parametrize("action", sorted(ROLE_ACTIONS[Role.DISCLOSURE_OFFICE]))
def test_disclosure_office_supervises_the_agencies_below(county, action):
    office = staff(Role.DISCLOSURE_OFFICE, county.gov)
    assert can(office, action, agency=county.gov)
    assert can(office, action, agency=county.a)
    assert can(office, action, agency=county.b)
    assert not can(office, action, agency=county.outside)


@pytest.mark.parametrize(
    "action", ["item.publish", "item.draft", "item.review", "application.handle", "staff.manage"]
)
def test_disclosure_office_cannot_do_officer_or_reviewer_work(county, action):
    office = staff(Role.DISCLOSURE_OFFICE, county.gov)
    assert not can(office, action, agency=county.a)
    assert not can(office, action, agency=county.gov)


def test_can_takes_the_agency_from_the_object(county):
    officer = staff(Role.OFFICER, county.a)

    class Item:
        agency = county.a

    assert can(officer, "item.draft", obj=Item())
    assert not can(officer, "item.draft")  # no agency at all: only system administrators


@pytest.mark.parametrize("action", sorted(ALL_ACTIONS))
def test_system_admin_may_do_everything(county, action):
    admin = staff(Role.SYSTEM_ADMIN)
    assert can(admin, action, agency=county.a)
    assert can(admin, action, agency=county.outside)
    assert can(admin, action)


@pytest.mark.parametrize(
    ("role", "action"), [(r, a) for r in AGENCY_ROLES for a in sorted(SITE_ACTIONS)]
)
def test_only_system_admins_do_site_actions(county, role, action):
    person = staff(role, county.gov)
    assert not can(person, action)
    assert not can(person, action, agency=county.gov)
    assert not agencies_where(person, action).exists()


@pytest.mark.parametrize("role", Role.values)
def test_inactive_user_can_do_nothing(county, role):
    person = staff(role, county.a)
    person.is_active = False
    person.save()
    assert not can(person, "agency.view", agency=county.a)
    assert not can(person, "workdays.change")
    assert not agencies_where(person, "agency.view").exists()


def test_anonymous_can_do_nothing(county):
    anonymous = AnonymousUser()
    assert not can(anonymous, "agency.view", agency=county.a)
    assert not can(None, "agency.view", agency=county.a)
    assert not agencies_where(anonymous, "agency.view").exists()


def test_unknown_action_is_an_error(county):
    admin = staff(Role.SYSTEM_ADMIN)
    with pytest.raises(UnknownAction):
        can(admin, "item.teleport", agency=county.a)
    with pytest.raises(UnknownAction):
        agencies_where(admin, "item.teleport")


def test_agencies_where(county):
    office = staff(Role.DISCLOSURE_OFFICE, county.gov)
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    officer_b = staff(Role.OFFICER, county.b)
    system = staff(Role.SYSTEM_ADMIN)

    def ids(user, action):
        return set(agencies_where(user, action).values_list("pk", flat=True))

    assert ids(office, "audit.view") == {county.gov.pk, county.a.pk, county.b.pk}
    assert ids(office, "staff.manage") == set()
    assert ids(admin_a, "staff.manage") == {county.a.pk}
    assert ids(admin_a, "audit.view") == {county.a.pk}
    assert ids(officer_b, "item.draft") == {county.b.pk}
    assert ids(officer_b, "audit.view") == set()
    assert ids(system, "staff.manage") == {
        county.gov.pk,
        county.a.pk,
        county.b.pk,
        county.outside.pk,
    }
