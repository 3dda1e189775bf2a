"""The admin screens for agencies: scoped by the permission rule, saves go through services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.agencies.models import Agency, AgencyKind, Leader
from gongkai.audit.models import Event
from tests.factories import AgencyFactory, LeaderFactory, staff

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:agencies_agency_changelist")
ADD = reverse("admin:agencies_agency_add")


def change_url(agency: Agency) -> str:
    return reverse("admin:agencies_agency_change", args=[agency.pk])


def form_data(agency: Agency, **overrides) -> dict:
    """The agency change form as the browser would post it, with empty inlines."""
    data = {
        "name": agency.name,
        "short_name": agency.short_name,
        "credit_code": agency.credit_code,
        "kind": agency.kind,
        "parent": agency.parent_id or "",
        "functions": agency.functions,
        "address": agency.address,
        "postcode": agency.postcode,
        "office_hours": agency.office_hours,
        "phone": agency.phone,
        "fax": agency.fax,
        "email": agency.email,
        "website": agency.website,
        "sort_order": agency.sort_order,
        "is_active": "on" if agency.is_active else "",
    }
    for prefix in ("leaders", "departments"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_agency_admin_sees_only_its_own_agency(client, county, bureau, other_bureau):
    client.force_login(staff(Role.AGENCY_ADMIN, bureau))
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    shown = set(response.context["cl"].queryset)
    assert shown == {bureau}


def test_agency_admin_cannot_open_another_agency(client, county, bureau, other_bureau):
    client.force_login(staff(Role.AGENCY_ADMIN, bureau))
    assert client.get(change_url(bureau)).status_code == 200
    for other in (other_bureau, county):
        response = client.get(change_url(other))
        # Out-of-scope rows are not in the admin's queryset: 404, exactly as for a missing row.
        assert response.status_code == 404
        response = client.post(change_url(other), form_data(other, phone="0579-89999999"))
        assert response.status_code == 404
        other.refresh_from_db()
        assert other.phone != "0579-89999999"


def test_disclosure_office_sees_the_agencies_below(client, county, bureau, other_bureau):
    client.force_login(staff(Role.DISCLOSURE_OFFICE, county))
    response = client.get(CHANGELIST)
    assert set(response.context["cl"].queryset) == {county, bureau, other_bureau}


def test_saving_in_the_admin_goes_through_the_service(client, bureau):
    admin = staff(Role.AGENCY_ADMIN, bureau)
    client.force_login(admin)
    response = client.post(change_url(bureau), form_data(bureau, phone="0579-81234567"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    bureau.refresh_from_db()
    assert bureau.phone == "0579-81234567"
    event = Event.objects.get(action="agency.update")
    assert event.actor == admin
    assert event.data["changes"] == {"phone": ["0579-80000000", "0579-81234567"]}


def test_inline_leaders_are_saved_through_the_service(client, bureau):
    admin = staff(Role.AGENCY_ADMIN, bureau)
    leader = LeaderFactory(agency=bureau, name="旧领导", title="局长")
    client.force_login(admin)
    data = form_data(bureau)
    data.update(
        {
            "leaders-TOTAL_FORMS": "2",
            "leaders-INITIAL_FORMS": "1",
            "leaders-0-id": leader.pk,
            "leaders-0-agency": bureau.pk,
            "leaders-0-name": "旧领导",
            "leaders-0-title": "局长",
            "leaders-0-duties": "主持全面工作。",
            "leaders-0-sort_order": "1",
            "leaders-1-agency": bureau.pk,
            "leaders-1-name": "新领导",
            "leaders-1-title": "副局长",
            "leaders-1-duties": "分管办公室。",
            "leaders-1-sort_order": "2",
        }
    )
    response = client.post(change_url(bureau), data)
    assert response.status_code == 302
    assert set(Leader.objects.values_list("name", "title")) == {
        ("旧领导", "局长"),
        ("新领导", "副局长"),
    }
    actions = sorted(Event.objects.values_list("action", flat=True))
    assert actions == ["leader.create", "leader.update"]


def test_admin_refuses_a_parent_cycle(client, county, bureau):
    client.force_login(staff(Role.SYSTEM_ADMIN))
    response = client.post(change_url(county), form_data(county, parent=bureau.pk))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["parent"] == ["机关不能设为自身或其下级机关的下级。"]
    county.refresh_from_db()
    assert county.parent is None
    assert not Event.objects.exists()


def test_admin_shows_the_expected_check_character(client, bureau):
    client.force_login(staff(Role.AGENCY_ADMIN, bureau))
    wrong = bureau.credit_code[:17] + ("0" if bureau.credit_code[17] != "0" else "1")
    response = client.post(change_url(bureau), form_data(bureau, credit_code=wrong))
    assert response.status_code == 200
    message = response.context["adminform"].form.errors["credit_code"][0]
    assert f"最后一位应为“{bureau.credit_code[17]}”" in message


def test_agency_admin_cannot_create_a_top_level_agency(client, bureau):
    client.force_login(staff(Role.AGENCY_ADMIN, bureau))
    new = AgencyFactory.build(name="自建顶级机关", kind=AgencyKind.GOVERNMENT)
    response = client.post(ADD, form_data(new, parent=""))
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert not Agency.objects.filter(name="自建顶级机关").exists()


def test_agency_admin_creates_an_institution_below_its_agency(client, bureau):
    client.force_login(staff(Role.AGENCY_ADMIN, bureau))
    new = AgencyFactory.build(name="下属中心", kind=AgencyKind.INSTITUTION)
    response = client.post(ADD, form_data(new, parent=bureau.pk))
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = Agency.objects.get(name="下属中心")
    assert created.parent == bureau
    assert Event.objects.get(action="agency.create").agency == created


def test_system_admin_creates_the_first_agency(client):
    client.force_login(staff(Role.SYSTEM_ADMIN))
    assert client.get(ADD).status_code == 200
    new = AgencyFactory.build(name="样例县人民政府", kind=AgencyKind.GOVERNMENT)
    response = client.post(ADD, form_data(new, parent=""))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Agency.objects.get().name == "样例县人民政府"


def test_leader_screens_are_scoped(client, bureau, other_bureau):
    mine = LeaderFactory(agency=bureau)
    theirs = LeaderFactory(agency=other_bureau)
    client.force_login(staff(Role.AGENCY_ADMIN, bureau))
    response = client.get(reverse("admin:agencies_leader_changelist"))
    assert set(response.context["cl"].queryset) == {mine}
    url = reverse("admin:agencies_leader_change", args=[theirs.pk])
    assert client.get(url).status_code == 404
    response = client.post(reverse("admin:agencies_leader_delete", args=[mine.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Leader.objects.filter(pk=mine.pk).exists()
    assert Event.objects.get(action="leader.delete").agency == bureau
