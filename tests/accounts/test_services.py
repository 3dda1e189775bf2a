"""Staff accounts and roles change only through the services, within the permission rule."""

from __future__ import annotations

import pytest
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from gongkai.accounts import services
from gongkai.accounts.models import Role, RoleAssignment, User
from gongkai.accounts.permissions import can
from gongkai.audit.models import Event
from tests.factories import AgencyFactory, staff

GOOD_PASSWORD = "Qingshui-River-2026"


def create(actor, agency, username="newcomer", roles=(Role.OFFICER,), **extra):
    return services.user_create(
        actor=actor,
        agency=agency,
        username=username,
        full_name=extra.pop("full_name", "李新"),
        phone="",
        email="",
        password=extra.pop("password", GOOD_PASSWORD),
        roles=list(roles),
    )


def test_agency_admin_creates_staff_for_own_agency(county):
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    user = create(admin_a, county.a, roles=[Role.OFFICER, Role.REVIEWER])
    assert set(user.roles.values_list("agency", "role")) == {
        (county.a.pk, Role.OFFICER),
        (county.a.pk, Role.REVIEWER),
    }
    assert user.check_password(GOOD_PASSWORD)
    event = Event.objects.get(action="staff.create")
    assert (event.actor, event.agency, event.object_id) == (admin_a, county.a, str(user.pk))
    assert event.data["roles"] == [Role.OFFICER, Role.REVIEWER]


def test_agency_admin_cannot_create_staff_elsewhere(county):
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    for other in (county.b, county.gov):
        with pytest.raises(PermissionDenied):
            create(admin_a, other)
    assert not User.objects.filter(username="newcomer").exists()
    assert not Event.objects.exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.AGENCY_ADMIN])
def test_agency_admin_cannot_grant_roles_in_another_agency(county, role):
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    person = staff(Role.OFFICER, county.a)
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=admin_a, user=person, agency=county.b, role=role)
    assert not RoleAssignment.objects.filter(user=person, agency=county.b).exists()


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.DISCLOSURE_OFFICE])
def test_agency_admin_cannot_grant_supervisory_roles(county, role):
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    person = staff(Role.OFFICER, county.a)
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=admin_a, user=person, agency=county.a, role=role)
    with pytest.raises(PermissionDenied):
        create(admin_a, county.a, username="boss", roles=[role])
    assert not RoleAssignment.objects.filter(role=role).exists()


def test_disclosure_office_cannot_manage_staff(county):
    office = staff(Role.DISCLOSURE_OFFICE, county.gov)
    person = staff(Role.OFFICER, county.a)
    with pytest.raises(PermissionDenied):
        create(office, county.a)
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=office, user=person, agency=county.a, role=Role.REVIEWER)


def test_system_admin_grants_and_revokes_anything(county):
    system = staff(Role.SYSTEM_ADMIN)
    person = staff(Role.OFFICER, county.a)
    assert not can(person, "audit.view", agency=county.b)  # fills the role cache
    services.role_grant(actor=system, user=person, agency=county.gov, role=Role.DISCLOSURE_OFFICE)
    assert can(person, "audit.view", agency=county.b)  # the cache was forgotten
    services.role_grant(actor=system, user=person, agency=None, role=Role.SYSTEM_ADMIN)
    assert can(person, "workdays.change")
    assert services.role_revoke(actor=system, user=person, agency=None, role=Role.SYSTEM_ADMIN)
    assert not can(person, "workdays.change")
    actions = list(Event.objects.order_by("pk").values_list("action", "agency"))
    assert actions == [
        ("role.grant", county.gov.pk),
        ("role.grant", None),
        ("role.revoke", None),
    ]


def test_granting_twice_changes_nothing(county):
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    person = staff(Role.OFFICER, county.a)
    services.role_grant(actor=admin_a, user=person, agency=county.a, role=Role.OFFICER)
    assert RoleAssignment.objects.filter(user=person).count() == 1
    assert not Event.objects.exists()


def test_agency_admin_cannot_take_over_an_account_of_another_agency(county):
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    shared = staff(Role.OFFICER, county.a)
    RoleAssignment.objects.create(user=shared, agency=county.b, role=Role.OFFICER)
    system = staff(Role.SYSTEM_ADMIN)
    RoleAssignment.objects.create(user=system, agency=county.a, role=Role.OFFICER)
    for target in (shared, system):
        with pytest.raises(PermissionDenied):
            services.password_set(actor=admin_a, user=target, password=GOOD_PASSWORD)
        with pytest.raises(PermissionDenied):
            services.user_deactivate(actor=admin_a, user=target)
    # The role for the admin's own agency may still be taken away.
    assert services.role_revoke(actor=admin_a, user=shared, agency=county.a, role=Role.OFFICER)


def test_deactivated_staff_are_kept_and_cannot_log_in(county):
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    person = create(admin_a, county.a)
    services.user_deactivate(actor=admin_a, user=person)
    person.refresh_from_db()
    assert not person.is_active
    assert ModelBackend().authenticate(None, username="newcomer", password=GOOD_PASSWORD) is None
    assert Event.objects.filter(action="staff.deactivate", agency=county.a).count() == 1
    with pytest.raises(ValidationError):
        services.user_deactivate(actor=admin_a, user=admin_a)


def test_user_update_records_the_changes(county):
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    person = create(admin_a, county.a)
    services.user_update(actor=admin_a, user=person, full_name="李新华", phone="123", email="")
    event = Event.objects.get(action="staff.update")
    assert event.data["changes"] == {"full_name": ["李新", "李新华"], "phone": ["", "123"]}


def test_password_set_applies_the_rules_in_chinese(county):
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    person = create(admin_a, county.a)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.password_set(actor=admin_a, user=person, password="short")
    assert "密码太短" in " ".join(exc.value.messages)
    services.password_set(actor=person, user=person, password="Another-Long-2026")
    services.password_set(actor=admin_a, user=person, password="Third-Long-pass-2026")
    assert list(Event.objects.filter(object_id=str(person.pk)).values_list("action", flat=True))[
        :2
    ] == ["staff.password_reset", "auth.password_change"]


def test_user_create_refuses_a_weak_password_and_a_taken_name(county):
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    with pytest.raises(ValidationError) as exc:
        create(admin_a, county.a, password="abcdefghijk")
    assert "password" in exc.value.error_dict
    create(admin_a, county.a, username="taken")
    with pytest.raises(ValidationError) as exc:
        create(admin_a, county.a, username="TAKEN")
    assert "username" in exc.value.error_dict


def test_a_failing_transaction_leaves_no_role_and_no_event(county):
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    person = staff(Role.OFFICER, county.a)
    with pytest.raises(IntegrityError), transaction.atomic():
        services.role_grant(actor=admin_a, user=person, agency=county.a, role=Role.REVIEWER)
        AgencyFactory(credit_code=county.a.credit_code)  # the caller's next step fails
    assert not RoleAssignment.objects.filter(user=person, role=Role.REVIEWER).exists()
    assert not Event.objects.exists()
