"""The public shell: pages render in Chinese, English on request, errors in Chinese."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind
from tests.factories import AgencyFactory, staff

pytestmark = pytest.mark.django_db

NAV_ZH = ["政府信息公开", "依申请公开", "政民互动", "办事服务", "年度报告"]
NAV_EN = [
    "Information disclosure",
    "Disclosure on request",
    "Interaction",
    "Services",
    "Annual reports",
]


@pytest.fixture
def county():
    gov = AgencyFactory(name="示例县人民政府", kind=AgencyKind.GOVERNMENT)
    bureau = AgencyFactory(name="示例县财政局", parent=gov, phone="0570-1234567")
    return gov, bureau


@pytest.mark.parametrize(
    "name", ["home", "disclosure", "apply", "interaction", "services", "reports", "accessibility"]
)
def test_public_pages_render_in_chinese_with_navigation(client, county, name):
    response = client.get(reverse(f"portal:{name}"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-CN"' in html
    for label in NAV_ZH:
        assert label in html
    assert "示例县人民政府" in html  # the site name comes from the root agency
    assert "大字号" in html or "大字" in html
    assert "高对比度" in html


def test_apply_page_lists_where_to_apply(client, county):
    html = client.get(reverse("portal:apply")).content.decode()
    assert "示例县财政局" in html
    assert "0570-1234567" in html
    assert "20个工作日" in html


def test_english_via_query_parameter_is_remembered(client, county):
    response = client.get(reverse("portal:home") + "?lang=en")
    html = response.content.decode()
    assert '<html lang="en"' in html
    for label in NAV_EN:
        assert label in html
    assert response.cookies["gongkai_lang"].value == "en"
    # The next page stays in English without the parameter …
    html = client.get(reverse("portal:apply")).content.decode()
    assert "Disclosure on request" in html and "依申请公开" not in html
    # … until the reader switches back.
    html = client.get(reverse("portal:home") + "?lang=zh-hans").content.decode()
    assert "政府信息公开" in html


def test_display_preferences_render_on_the_server(client, county):
    client.cookies["gk_large"] = "1"
    client.cookies["gk_contrast"] = "1"
    html = client.get(reverse("portal:home")).content.decode()
    assert 'class="large-font high-contrast"' in html
    assert 'data-toggle="large-font" aria-pressed="true"' in html


def test_404_is_in_chinese(client, county):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html or "找不到" in html
    assert "返回首页" in html


@override_settings(DEBUG=False)
def test_500_is_in_chinese_and_needs_no_database(rf):
    from gongkai.portal.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "出现问题" in html or "出错" in html


def test_security_headers(client, county):
    response = client.get(reverse("portal:home"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_staff_home_needs_login_and_a_role(client, county):
    gov, bureau = county
    response = client.get(reverse("portal:staff_home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    officer = staff(Role.OFFICER, bureau)
    client.force_login(officer)
    html = client.get(reverse("portal:staff_home")).content.decode()
    assert "示例县财政局" in html
    assert "信息员" in html


def test_staff_home_warns_about_a_missing_calendar(client, county, monkeypatch):
    import datetime as dt

    from gongkai.portal import views

    gov, _bureau = county
    admin = staff(Role.SYSTEM_ADMIN)
    client.force_login(admin)
    monkeypatch.setattr(views.timezone, "localdate", lambda: dt.date(2026, 11, 2))
    html = client.get(reverse("portal:staff_home")).content.decode()
    assert "2027" in html  # chinese-calendar 1.11 has no 2027 data


def test_admin_index_opens_for_staff_with_a_role(client, county):
    gov, bureau = county
    user = staff(Role.AGENCY_ADMIN, bureau)
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200


def test_chinese_is_the_default_whatever_the_browser_prefers(client, county):
    html = client.get(
        reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert '<html lang="zh-CN"' in html
    assert "依申请公开" in html
