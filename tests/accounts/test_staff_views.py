"""Staff management screens for 机关管理员 and 系统管理员, and the accounts admin."""

from __future__ import annotations

from django.urls import reverse

from gongkai.accounts.models import Role, RoleAssignment, User
from gongkai.audit.models import Event
from tests.factories import staff

GOOD_PASSWORD = "Qingshui-River-2026"


def test_list_shows_only_staff_of_agencies_in_scope(client, county):
    admin_a = staff(Role.AGENCY_ADMIN, county.a, full_name="甲局管理员")
    staff(Role.OFFICER, county.a, full_name="甲局信息员")
    staff(Role.OFFICER, county.b, full_name="乙局信息员")
    client.force_login(admin_a)
    body = client.get(reverse("accounts:staff_list")).content.decode()
    assert "甲局信息员" in body and "甲局管理员" in body
    assert "乙局信息员" not in body

    office = staff(Role.DISCLOSURE_OFFICE, county.gov)
    client.force_login(office)
    body = client.get(reverse("accounts:staff_list")).content.decode()
    assert "甲局信息员" in body and "乙局信息员" in body
    body = client.get(reverse("accounts:staff_list"), {"agency": county.b.pk}).content.decode()
    assert "甲局信息员" not in body and "乙局信息员" in body


def test_officers_have_no_staff_screen(client, county):
    client.force_login(staff(Role.OFFICER, county.a))
    assert client.get(reverse("accounts:staff_list")).status_code == 403
    assert client.get(reverse("accounts:staff_create")).status_code == 403


def test_create_keeps_the_input_on_error_and_explains_in_chinese(client, county):
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    client.force_login(admin_a)
    data = {
        "agency": county.a.pk,
        "username": "wangfang",
        "full_name": "王芳",
        "phone": "0579-1234567",
        "email": "",
        "roles": [Role.OFFICER],
        "new_password1": "short",
        "new_password2": "short",
    }
    response = client.post(reverse("accounts:staff_create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "密码太短" in body
    assert 'value="wangfang"' in body and 'value="王芳"' in body
    assert not User.objects.filter(username="wangfang").exists()

    data.update(new_password1=GOOD_PASSWORD, new_password2=GOOD_PASSWORD)
    response = client.post(reverse("accounts:staff_create"), data, REMOTE_ADDR="10.9.8.7")
    user = User.objects.get(username="wangfang")
    assert response["Location"] == reverse("accounts:staff_detail", args=[user.pk])
    event = Event.objects.get(action="staff.create")
    assert (event.actor, event.agency, event.ip_address) == (admin_a, county.a, "10.9.8.7")


def test_create_offers_only_own_agency_and_grantable_roles(client, county):
    client.force_login(staff(Role.AGENCY_ADMIN, county.a))
    form = client.get(reverse("accounts:staff_create")).context["form"]
    assert list(form.fields["agency"].queryset) == [county.a]
    roles = {value for value, _label in form.fields["roles"].choices}
    assert Role.DISCLOSURE_OFFICE not in roles and Role.SYSTEM_ADMIN not in roles
    response = client.post(
        reverse("accounts:staff_create"),
        {
            "agency": county.b.pk,
            "username": "intruder",
            "full_name": "某人",
            "roles": [Role.OFFICER],
            "new_password1": GOOD_PASSWORD,
            "new_password2": GOOD_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="intruder").exists()


def test_other_agencies_staff_pages_are_not_found(client, county):
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    other = staff(Role.OFFICER, county.b)
    client.force_login(admin_a)
    assert client.get(reverse("accounts:staff_detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("accounts:staff_deactivate", args=[other.pk])).status_code == 404
    assert client.post(reverse("accounts:staff_password", args=[other.pk])).status_code == 404


def test_manage_roles_deactivate_and_reset_password(client, county):
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    person = staff(Role.OFFICER, county.a)
    client.force_login(admin_a)
    detail = reverse("accounts:staff_detail", args=[person.pk])
    assert client.get(detail).status_code == 200

    response = client.post(
        reverse("accounts:role_grant", args=[person.pk]),
        {"role": Role.REVIEWER, "agency": county.a.pk},
    )
    assert response["Location"] == detail
    assert RoleAssignment.objects.filter(user=person, role=Role.REVIEWER).exists()

    response = client.post(
        reverse("accounts:role_grant", args=[person.pk]),
        {"role": Role.REVIEWER, "agency": county.b.pk},
    )
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=person, agency=county.b).exists()

    officer_role = RoleAssignment.objects.get(user=person, role=Role.OFFICER)
    client.post(reverse("accounts:role_revoke", args=[person.pk, officer_role.pk]))
    assert not RoleAssignment.objects.filter(pk=officer_role.pk).exists()

    client.post(
        reverse("accounts:staff_password", args=[person.pk]),
        {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
    )
    person.refresh_from_db()
    assert person.check_password(GOOD_PASSWORD)

    client.post(reverse("accounts:staff_deactivate", args=[person.pk]))
    person.refresh_from_db()
    assert not person.is_active

    actions = list(
        Event.objects.filter(object_id=str(person.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["role.grant", "role.revoke", "staff.password_reset", "staff.deactivate"]


def test_accounts_admin_is_for_system_administrators(client, county):
    client.force_login(staff(Role.AGENCY_ADMIN, county.a))
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get("/admin/accounts/roleassignment/").status_code == 403
    system = staff(Role.SYSTEM_ADMIN)
    client.force_login(system)
    assert client.get("/admin/accounts/user/").status_code == 200
    person = staff(Role.OFFICER, county.a)
    response = client.get(f"/admin/accounts/user/{person.pk}/change/")
    assert response.status_code == 200
    assert client.get(f"/admin/accounts/user/{person.pk}/delete/").status_code == 403
