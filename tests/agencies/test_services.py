"""The write path for agencies, departments and leaders: permission, validation, audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from gongkai.accounts.models import Role
from gongkai.agencies import services
from gongkai.agencies.credit_code import generate_credit_code
from gongkai.agencies.models import Agency, AgencyKind, Department, Leader
from gongkai.audit.models import Event
from tests.factories import AgencyFactory, staff

pytestmark = pytest.mark.django_db


def new_code(serial: int) -> str:
    return generate_credit_code(division="339902", serial=serial)


# --- creating agencies ---------------------------------------------------------------------
def test_system_admin_creates_a_top_level_agency_with_an_event():
    admin = staff(Role.SYSTEM_ADMIN)
    agency = services.agency_create(
        actor=admin, name="样例县人民政府", credit_code=new_code(1), kind=AgencyKind.GOVERNMENT
    )
    event = Event.objects.get(action="agency.create")
    assert event.actor == admin
    assert event.agency == agency
    assert event.data["changes"]["name"] == [None, "样例县人民政府"]


def test_only_a_system_admin_creates_a_top_level_agency(county):
    office = staff(Role.DISCLOSURE_OFFICE, county)
    with pytest.raises(PermissionDenied):
        services.agency_create(
            actor=office, name="另一县", credit_code=new_code(2), kind="government"
        )
    assert not Agency.objects.filter(name="另一县").exists()


def test_disclosure_office_creates_a_bureau_under_its_county(county):
    office = staff(Role.DISCLOSURE_OFFICE, county)
    bureau = services.agency_create(
        actor=office, name="测试县民政局", credit_code=new_code(3), kind="department", parent=county
    )
    assert bureau.parent == county


def test_an_officer_cannot_create_agencies(county):
    officer = staff(Role.OFFICER, county)
    with pytest.raises(PermissionDenied):
        services.agency_create(
            actor=officer,
            name="测试县民政局",
            credit_code=new_code(4),
            kind="department",
            parent=county,
        )


def test_a_wrong_credit_code_is_refused_naming_the_expected_character(county):
    admin = staff(Role.SYSTEM_ADMIN)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.agency_create(
            actor=admin,
            name="错误局",
            credit_code="91350100M000100Y44",
            kind="department",
            parent=county,
        )
    assert "“3”" in exc.value.message_dict["credit_code"][0]
    assert not Agency.objects.filter(name="错误局").exists()
    assert not Event.objects.filter(action="agency.create").exists()


def test_credit_code_is_normalised(county):
    admin = staff(Role.SYSTEM_ADMIN)
    code = new_code(5)
    agency = services.agency_create(
        actor=admin,
        name="小写局",
        credit_code=f" {code.lower()} ",
        kind="department",
        parent=county,
    )
    assert agency.credit_code == code


def test_a_duplicate_credit_code_is_refused(county, bureau):
    admin = staff(Role.SYSTEM_ADMIN)
    with pytest.raises(ValidationError) as exc:
        services.agency_create(
            actor=admin,
            name="重复局",
            credit_code=bureau.credit_code,
            kind="department",
            parent=county,
        )
    assert "credit_code" in exc.value.message_dict


# --- updating agencies ---------------------------------------------------------------------
def test_staff_of_one_agency_cannot_update_another(bureau, other_bureau):
    admin = staff(Role.AGENCY_ADMIN, bureau)
    services.agency_update(actor=admin, agency=bureau, phone="0579-81111111")
    with pytest.raises(PermissionDenied):
        services.agency_update(actor=admin, agency=other_bureau, phone="0579-82222222")
    other_bureau.refresh_from_db()
    assert other_bureau.phone != "0579-82222222"


def test_an_agency_admin_cannot_update_the_county_above(county, bureau):
    admin = staff(Role.AGENCY_ADMIN, bureau)
    with pytest.raises(PermissionDenied):
        services.agency_update(actor=admin, agency=county, phone="0579-83333333")


def test_county_disclosure_office_updates_a_bureau_below_it(county, bureau):
    office = staff(Role.DISCLOSURE_OFFICE, county)
    services.agency_update(
        actor=office, agency=bureau, phone="0579-84444444", office_hours="工作日"
    )
    bureau.refresh_from_db()
    assert bureau.phone == "0579-84444444"
    event = Event.objects.get(action="agency.update")
    assert event.actor == office
    assert event.agency == bureau
    assert event.data["changes"]["phone"][1] == "0579-84444444"
    assert "office_hours" in event.data["changes"]
    assert "name" not in event.data["changes"]


def test_an_officer_cannot_update_its_own_agency(bureau):
    officer = staff(Role.OFFICER, bureau)
    with pytest.raises(PermissionDenied):
        services.agency_update(actor=officer, agency=bureau, phone="0579-85555555")


def test_an_update_without_changes_writes_no_event(bureau):
    office = staff(Role.AGENCY_ADMIN, bureau)
    services.agency_update(actor=office, agency=bureau, phone=bureau.phone)
    assert not Event.objects.exists()


def test_a_failing_update_changes_nothing_and_leaves_no_event(bureau):
    admin = staff(Role.AGENCY_ADMIN, bureau)
    with pytest.raises(ValidationError) as exc:
        services.agency_update(actor=admin, agency=bureau, postcode="12345", phone="0579-86666666")
    assert "postcode" in exc.value.message_dict
    assert not Event.objects.exists()
    assert bureau.phone != "0579-86666666"  # the caller's object is restored too
    bureau.refresh_from_db()
    assert bureau.phone != "0579-86666666"


def test_unknown_fields_are_a_programming_error(bureau):
    with pytest.raises(TypeError):
        services.agency_update(actor=None, system=True, agency=bureau, id=5)


# --- moving agencies -----------------------------------------------------------------------
def test_an_agency_cannot_move_under_its_own_descendant(county, bureau):
    institution = AgencyFactory(parent=bureau, kind=AgencyKind.INSTITUTION)
    admin = staff(Role.SYSTEM_ADMIN)
    for new_parent in (bureau, institution, county):
        with pytest.raises(ValidationError) as exc:
            services.agency_update(actor=admin, agency=county, parent=new_parent)
        assert "parent" in exc.value.message_dict
    county.refresh_from_db()
    assert county.parent is None
    assert not Event.objects.exists()


def test_an_agency_can_move_to_another_branch(county, bureau, other_bureau):
    admin = staff(Role.SYSTEM_ADMIN)
    institution = AgencyFactory(parent=bureau, kind=AgencyKind.INSTITUTION)
    services.agency_update(actor=admin, agency=institution, parent=other_bureau)
    institution.refresh_from_db()
    assert institution.parent == other_bureau
    event = Event.objects.get(action="agency.update")
    assert event.data["changes"]["parent_id"] == [bureau.pk, other_bureau.pk]


def test_moving_needs_the_right_on_the_new_parent(county, bureau, other_bureau):
    institution = AgencyFactory(parent=bureau, kind=AgencyKind.INSTITUTION)
    admin = staff(Role.AGENCY_ADMIN, institution)
    with pytest.raises(PermissionDenied):
        services.agency_update(actor=admin, agency=institution, parent=other_bureau)
    with pytest.raises(PermissionDenied):
        services.agency_update(actor=admin, agency=institution, parent=None)


# --- the system path -----------------------------------------------------------------------
def test_no_actor_needs_the_explicit_system_path(county):
    with pytest.raises(PermissionDenied):
        services.agency_update(actor=None, agency=county, phone="0579-87777777")
    services.agency_update(
        actor=None, system=True, source="import", agency=county, phone="0579-87777777"
    )
    event = Event.objects.get(action="agency.update")
    assert event.actor is None
    assert event.data["source"] == "import"


def test_system_path_refuses_an_actor(county):
    admin = staff(Role.SYSTEM_ADMIN)
    with pytest.raises(ValueError):
        services.agency_update(actor=admin, system=True, agency=county, phone="1")


# --- departments and leaders ---------------------------------------------------------------
def test_department_lifecycle_is_audited(bureau):
    admin = staff(Role.AGENCY_ADMIN, bureau)
    department = services.department_create(
        actor=admin, agency=bureau, name="办公室", duties="负责日常运转。", phone="0579-80000001"
    )
    services.department_update(actor=admin, department=department, phone="0579-80000002")
    services.department_delete(actor=admin, department=department)
    assert not Department.objects.exists()
    actions = list(Event.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["department.create", "department.update", "department.delete"]
    assert set(Event.objects.values_list("agency_id", flat=True)) == {bureau.pk}


def test_department_names_are_unique_per_agency(bureau):
    admin = staff(Role.AGENCY_ADMIN, bureau)
    services.department_create(actor=admin, agency=bureau, name="办公室")
    with pytest.raises(ValidationError):
        services.department_create(actor=admin, agency=bureau, name="办公室")
    assert Event.objects.count() == 1


def test_leaders_are_changed_only_by_their_agency(bureau, other_bureau):
    admin = staff(Role.AGENCY_ADMIN, bureau)
    leader = services.leader_create(
        actor=admin, agency=bureau, name="王某", title="局长", duties="主持全面工作。"
    )
    services.leader_update(actor=admin, leader=leader, duties="主持全面工作，分管办公室。")
    leader.refresh_from_db()
    assert leader.duties == "主持全面工作，分管办公室。"
    stranger = staff(Role.AGENCY_ADMIN, other_bureau)
    with pytest.raises(PermissionDenied):
        services.leader_update(actor=stranger, leader=leader, title="副局长")
    with pytest.raises(PermissionDenied):
        services.leader_delete(actor=stranger, leader=leader)
    services.leader_delete(actor=admin, leader=leader)
    assert not Leader.objects.exists()
    assert Event.objects.filter(action="leader.delete").get().data["deleted"]["name"] == "王某"


def test_a_leader_needs_a_title(bureau):
    admin = staff(Role.AGENCY_ADMIN, bureau)
    with pytest.raises(ValidationError):
        services.leader_create(actor=admin, agency=bureau, name="李某", title="")
    assert not Event.objects.exists()
