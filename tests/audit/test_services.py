"""An audit event commits or rolls back with the change it records."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from gongkai.accounts import services as account_services
from gongkai.accounts.models import Role
from gongkai.audit.context import client_ip
from gongkai.audit.models import Event
from gongkai.audit.services import record_event
from tests.factories import AgencyFactory, staff


def test_a_failing_change_leaves_no_event(county):
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    with pytest.raises(IntegrityError), transaction.atomic():
        record_event(actor=admin_a, action="agency.update", obj=county.a)
        AgencyFactory(credit_code=county.b.credit_code)  # violates the unique credit code
    assert not Event.objects.exists()


def test_a_failing_service_call_leaves_no_event(county):
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    with pytest.raises(IntegrityError), transaction.atomic():
        account_services.user_create(
            actor=admin_a,
            agency=county.a,
            username="newcomer",
            full_name="李新",
            password="Qingshui-River-2026",
            roles=[Role.OFFICER],
        )
        AgencyFactory(credit_code=county.b.credit_code)
    assert not Event.objects.exists()


def test_a_succeeding_change_leaves_exactly_one_event(county):
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    token = client_ip.set("192.0.2.10")
    try:
        user = account_services.user_create(
            actor=admin_a,
            agency=county.a,
            username="newcomer",
            full_name="李新",
            password="Qingshui-River-2026",
            roles=[Role.OFFICER],
        )
    finally:
        client_ip.reset(token)
    event = Event.objects.get()
    assert event.action == "staff.create"
    assert (event.actor, event.actor_name, event.agency) == (admin_a, admin_a.full_name, county.a)
    assert (event.object_type, event.object_id) == ("accounts.user", str(user.pk))
    assert event.ip_address == "192.0.2.10"


def test_the_actor_name_is_kept_as_it_was(county):
    admin_a = staff(Role.AGENCY_ADMIN, county.a, full_name="旧名字")
    with transaction.atomic():
        record_event(actor=admin_a, action="agency.update", obj=county.a)
    admin_a.full_name = "新名字"
    admin_a.save()
    assert Event.objects.get().actor_name == "旧名字"
