"""Logging in (with lockout after repeated failures), logging out, changing one's password."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts.models import Role
from gongkai.audit.models import Event
from tests.factories import PASSWORD, staff

LOGIN = reverse("accounts:login")


def post_login(client, username, password, **extra):
    return client.post(
        LOGIN, {"username": username, "password": password, **extra}, REMOTE_ADDR="10.0.0.7"
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_login_page_is_chinese(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "工作人员登录" in response.content.decode()


def test_login_succeeds_and_is_audited(client, county):
    person = staff(Role.OFFICER, county.a)
    response = post_login(client, person.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    assert logged_in(client)
    event = Event.objects.get(action="auth.login")
    assert (event.actor, event.agency, event.ip_address) == (person, county.a, "10.0.0.7")


def test_login_follows_a_local_next_only(client, county):
    person = staff(Role.OFFICER, county.a)
    response = post_login(client, person.username, PASSWORD, next="https://evil.example/")
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    client.logout()
    response = post_login(client, person.username, PASSWORD, next="/accounts/password/")
    assert response["Location"] == "/accounts/password/"


def test_wrong_password_keeps_the_user_name_and_explains_in_chinese(client, county):
    person = staff(Role.OFFICER, county.a)
    response = post_login(client, person.username, "wrong-password")
    assert response.status_code == 200
    body = response.content.decode()
    assert "用户名或密码错误" in body
    assert f'value="{person.username}"' in body
    assert not logged_in(client)
    assert not Event.objects.filter(action="auth.login").exists()


def test_repeated_failures_lock_the_account_with_a_chinese_page(client, county):
    person = staff(Role.OFFICER, county.a)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post_login(client, person.username, "wrong-password").status_code == 200
    response = post_login(client, person.username, "wrong-password")
    assert response.status_code == 429
    body = response.content.decode()
    assert "登录已锁定" in body
    assert "30 分钟" in body  # AXES_COOLOFF_TIME is half an hour
    assert "机关管理员" in body
    # The right password does not help while the lock lasts.
    response = post_login(client, person.username, PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)
    # Another person at the same address is not locked out.
    other = staff(Role.OFFICER, county.a)
    assert post_login(client, other.username, PASSWORD).status_code == 302


def test_a_person_with_a_device_needs_the_code(client, county):
    person = staff(Role.OFFICER, county.a)
    device = TOTPDevice.objects.create(user=person, name="default", confirmed=True)
    response = post_login(client, person.username, PASSWORD)
    assert response.status_code == 200
    assert "6 位验证码" in response.content.decode()
    assert not logged_in(client)
    response = post_login(client, person.username, PASSWORD, otp_token="000000")
    assert response.status_code == 200 and not logged_in(client)
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    response = post_login(client, person.username, PASSWORD, otp_token=code_for(device))
    assert response.status_code == 302
    assert logged_in(client)
    assert Event.objects.get(action="auth.login").data == {"second_factor": True}


def test_wrong_codes_count_towards_the_lockout(client, county, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    person = staff(Role.OFFICER, county.a)
    device = TOTPDevice.objects.create(user=person, name="default", confirmed=True)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = post_login(client, person.username, PASSWORD, otp_token=wrong)
    assert response.status_code == 429


def test_logout_needs_a_post_and_is_audited(client, county):
    person = staff(Role.OFFICER, county.a)
    client.force_login(person)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 200 and logged_in(client)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not logged_in(client)
    event = Event.objects.get(action="auth.logout")
    assert (event.actor, event.agency) == (person, county.a)


def test_password_change(client, county):
    person = staff(Role.OFFICER, county.a)
    client.force_login(person)
    url = reverse("accounts:password_change")
    response = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": "abc", "new_password2": "abc"},
    )
    assert response.status_code == 200
    assert "密码太短" in response.content.decode()
    response = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Qingshui-River-2026",
            "new_password2": "Qingshui-River-2026",
        },
    )
    assert response.status_code == 302
    assert logged_in(client)  # the session survives its own password change
    person.refresh_from_db()
    assert person.check_password("Qingshui-River-2026")
    assert Event.objects.filter(action="auth.password_change", actor=person).count() == 1


@pytest.mark.parametrize("url_name", ["accounts:password_change", "accounts:staff_list"])
def test_pages_need_a_login(client, db, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
