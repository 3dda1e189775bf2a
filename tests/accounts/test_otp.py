"""TOTP second factor: setup, verification, forced use for 系统管理员 and 公开办, resets."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts.models import Role
from gongkai.audit.models import Event
from tests.factories import PASSWORD, staff

SETUP = reverse("accounts:otp_setup")
VERIFY = reverse("accounts:otp_verify")


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def login(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return response


@pytest.fixture
def require_2fa(settings):
    settings.GONGKAI_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code may be followed by a right one at once


@pytest.mark.parametrize("role", [Role.DISCLOSURE_OFFICE, Role.SYSTEM_ADMIN])
def test_supervisors_must_set_up_and_pass_the_second_factor(client, county, require_2fa, role):
    person = staff(role, county.gov)
    login(client, person)

    # Every staff page leads to the check, and the check (no device yet) to the setup.
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=/staff/"
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fstaff%2F"
    assert client.get("/staff/audit/").status_code == 302

    response = client.get(f"{SETUP}?next=/staff/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and "<script" not in body.split("<main")[1].split("</main>")[0]
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    assert "".join(response.context["secret"].split()) in body.replace(" ", "")

    response = client.post(SETUP, {"token": "000000" if code_for(device) != "000000" else "111111"})
    assert response.status_code == 200
    assert "验证码错误或已过期" in response.content.decode()
    assert client.get("/staff/audit/").status_code == 302

    response = client.post(SETUP, {"token": code_for(device), "next": "/staff/"})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/staff/audit/").status_code == 200
    assert client.get("/staff/").status_code == 200
    assert Event.objects.filter(action="auth.2fa_enable", actor=person).count() == 1


def test_a_new_session_passes_the_check_with_a_code(client, county, require_2fa):
    office = staff(Role.DISCLOSURE_OFFICE, county.gov)
    device = TOTPDevice.objects.create(user=office, name="default", confirmed=True)
    client.force_login(office)  # password only (e.g. a session older than the device)
    assert client.get("/staff/audit/")["Location"] == f"{VERIFY}?next=/staff/audit/"
    # Setting up another device is not a way around the check.
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    response = client.get(f"{VERIFY}?next=/staff/audit/")
    assert response.status_code == 200
    response = client.post(VERIFY, {"token": "12345", "next": "/staff/audit/"})
    assert response.status_code == 200  # not six digits
    response = client.post(VERIFY, {"token": code_for(device), "next": "/staff/audit/"})
    assert response["Location"] == "/staff/audit/"
    assert client.get("/staff/audit/").status_code == 200
    assert Event.objects.filter(action="auth.2fa_verify", actor=office).exists()


def test_an_officer_is_not_forced(client, county, require_2fa):
    officer = staff(Role.OFFICER, county.a)
    login(client, officer)
    assert client.get(reverse("accounts:password_change")).status_code == 200
    assert client.get("/staff/").status_code == 200


def test_without_the_setting_nobody_is_forced(client, county, settings):
    settings.GONGKAI_REQUIRE_2FA = False
    office = staff(Role.DISCLOSURE_OFFICE, county.gov)
    login(client, office)
    assert client.get("/staff/audit/").status_code == 200


def test_own_device_can_be_removed_from_a_verified_session(client, county):
    officer = staff(Role.OFFICER, county.a)
    device = TOTPDevice.objects.create(user=officer, name="default", confirmed=True)
    response = client.post(
        reverse("accounts:login"),
        {"username": officer.username, "password": PASSWORD, "otp_token": code_for(device)},
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:otp_manage")).status_code == 200
    response = client.post(reverse("accounts:otp_remove"))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert Event.objects.filter(action="auth.2fa_remove", actor=officer).count() == 1


def test_an_unverified_session_cannot_remove_the_device(client, county):
    officer = staff(Role.OFFICER, county.a)
    TOTPDevice.objects.create(user=officer, name="default", confirmed=True)
    client.force_login(officer)
    response = client.post(reverse("accounts:otp_remove"))
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=officer).exists()


def test_system_admin_resets_another_persons_device(client, county):
    system = staff(Role.SYSTEM_ADMIN)
    admin_a = staff(Role.AGENCY_ADMIN, county.a)
    officer = staff(Role.OFFICER, county.a)
    TOTPDevice.objects.create(user=officer, name="default", confirmed=True)
    url = reverse("accounts:staff_otp_reset", args=[officer.pk])

    client.force_login(admin_a)
    assert client.post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=officer).exists()

    client.force_login(system)
    assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    event = Event.objects.get(action="auth.2fa_reset")
    assert (event.actor, event.object_id, event.agency) == (system, str(officer.pk), county.a)
