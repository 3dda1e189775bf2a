"""The public pages: the list in period / ended, the detail with the period, its counting rule
and the days left, the result and "收到异议N件" only after the period, the objection form
(CAPTCHA, limits, anonymous allowed, nothing lost on an error) — and never an objection or
the name or phone of who sent it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import captcha
from gongkai.notices import services
from gongkai.notices.models import Kind, Objection
from gongkai.notices.views_public import OBJECTION_CAPTCHA
from tests.notices.conftest import (
    at,
    create,
    ended_with_result,
    in_period_today,
    publish,
)

pytestmark = pytest.mark.django_db

NAME, PHONE, SECRET = "欧阳明月", "13955556666", "反映其在任期间违规发放补贴"


def post_objection(client, n, *, solve=True, **overrides):
    client.get(n.get_absolute_url())
    answer = (captcha.pending_answer(client.session, OBJECTION_CAPTCHA) or "") if solve else "wrong"
    data = {"name": NAME, "phone": PHONE, "text": f"{SECRET}，请核实。", "captcha": answer}
    data.update(overrides)
    return client.post(reverse("notices:object", args=[n.pk]), data)


def assert_private(html: str) -> None:
    for secret in (NAME, PHONE, SECRET, "5556666"):
        assert secret not in html


def test_the_list_in_period_and_ended(client, county):
    running = in_period_today(county, title="正在公示的评优名单")
    ended = ended_with_result(county, title="已经结束的补助公示")
    draft = create(county, title="尚未发布的公示")
    today = timezone.localdate()
    ahead = create(
        county, title="明天开始的公示", kind=Kind.OTHER, starts_on=today + dt.timedelta(days=1)
    )
    publish(county, ahead, now=timezone.now())
    url = reverse("notices:list")
    html = client.get(url).content.decode()
    assert running.title in html and ended.title not in html
    assert draft.title not in html and ahead.title not in html  # not before its first day
    html = client.get(url, {"phase": "ended"}).content.decode()
    assert ended.title in html and running.title not in html
    assert "已公布结果" in html


def test_the_list_searches_and_filters(client, county):
    in_period_today(county, title="县教育系统先进个人评选公示", kind=Kind.AWARD)
    in_period_today(county, title="城东道路改造项目审批前公示", kind=Kind.PROJECT)
    url = reverse("notices:list")
    html = client.get(url, {"q": "道路改造"}).content.decode()
    assert "城东道路改造" in html and "先进个人" not in html
    html = client.get(url, {"kind": "award"}).content.decode()
    assert "先进个人" in html and "城东道路改造" not in html


def test_the_detail_in_its_period(client, county):
    n = in_period_today(county, title="拟表彰先进集体公示")
    html = client.get(n.get_absolute_url()).content.decode()
    assert "拟表彰先进集体公示" in html
    assert "按自然日计算" in html  # the counting rule is stated
    assert 'id="days-left"' in html and "含今日" in html
    assert "5天" in html  # two days gone of seven: today and four more
    assert 'id="result"' not in html and "收到异议" not in html
    assert reverse("notices:object", args=[n.pk]) in html  # the form
    assert reverse("notices:pdf", args=[n.pk]) in html


def test_working_days_left_on_the_page(client, county, calendar_now):
    today = timezone.localdate()
    n = create(county, kind=Kind.APPOINTMENT, starts_on=today)
    publish(county, n, now=timezone.now())
    html = client.get(n.get_absolute_url()).content.decode()
    assert "按工作日计算" in html and "（5个工作日）" in html
    assert "还剩5个工作日" in html  # the whole period: today is its first day or before it


def test_the_objection_count_is_not_shown_during_the_period(client, county):
    n = in_period_today(county)
    assert post_objection(client, n).status_code == 302
    html = client.get(n.get_absolute_url()).content.decode()
    assert "收到异议" not in html and "1件" not in html
    assert_private(html)


def test_after_the_period_the_result_and_the_count(client, county):
    n = ended_with_result(county, outcome="not_upheld", text="公示期间收到异议1件，经核实不属实。")
    html = client.get(n.get_absolute_url()).content.decode()
    assert 'id="result"' in html and "经核实不属实" in html
    assert "公示期间收到异议1件" in html
    assert 'id="days-left"' not in html
    assert reverse("notices:object", args=[n.pk]) not in html  # no form any more
    assert "不再受理异议" in html or "已结束" in html
    assert "反映该同志" not in html  # the objection itself


def test_a_period_over_without_result_says_so(client, county):
    today = timezone.localdate()
    n = create(county, kind=Kind.OTHER, starts_on=today - dt.timedelta(days=10))
    publish(county, n)
    html = client.get(n.get_absolute_url()).content.decode()
    assert 'id="result-pending"' in html and 'id="result"' not in html


def test_an_objection_is_received_privately(client, county):
    n = in_period_today(county)
    response = post_objection(client, n)
    assert response.status_code == 302
    o = Objection.objects.get()
    assert (o.name, o.phone) == (NAME, PHONE) and SECRET in o.text
    html = client.get(response.url).content.decode()
    assert "只有本机关阅看" in html or "不会公开" in html
    assert_private(html)
    assert_private(client.get(reverse("notices:list")).content.decode())


def test_an_anonymous_objection(client, county):
    n = in_period_today(county)
    assert post_objection(client, n, name="", phone="").status_code == 302
    assert Objection.objects.get().is_anonymous


def test_a_wrong_answer_or_bad_field_keeps_what_was_typed(client, county):
    n = in_period_today(county)
    html = post_objection(client, n, solve=False).content.decode()
    assert "验证答案错误" in html and SECRET in html  # typed text kept in the form
    html = post_objection(client, n, phone="123").content.decode()
    assert "手机号码" in html or "11位" in html
    assert SECRET in html and NAME in html
    assert Objection.objects.count() == 0


def test_objections_are_limited_per_address(client, county, settings):
    settings.GONGKAI_OBJECTION_LIMIT_PER_IP = (2, 3600)
    n = in_period_today(county)
    assert post_objection(client, n, phone="").status_code == 302
    assert post_objection(client, n, phone="").status_code == 302
    response = post_objection(client, n, phone="")
    assert response.status_code == 429 and "尝试次数过多" in response.content.decode()
    assert Objection.objects.count() == 2


def test_objections_are_limited_per_phone(client, county, settings):
    settings.GONGKAI_OBJECTION_LIMIT_PER_CONTACT = (1, 86400)
    n = in_period_today(county)
    assert post_objection(client, n).status_code == 302
    assert post_objection(client, n).status_code == 429
    assert post_objection(client, n, phone="").status_code == 302  # anonymous still can


def test_no_objection_form_after_the_period(client, county):
    n = ended_with_result(county)
    response = post_objection(client, n)
    assert response.status_code == 200 and Objection.objects.count() == 0
    assert "不再受理异议" in response.content.decode()


def test_drafts_and_other_states_are_not_public(client, county):
    n = create(county)
    assert client.get(reverse("notices:detail", args=[n.pk])).status_code == 404
    assert client.get(reverse("notices:pdf", args=[n.pk])).status_code == 404
    services.notice_submit(actor=county.officer_a, notice=n, now=at("2026-09-29"))
    assert client.get(reverse("notices:detail", args=[n.pk])).status_code == 404


def test_an_inactive_agency_hides_its_notices(client, county):
    n = in_period_today(county)
    county.a.is_active = False
    county.a.save()
    assert client.get(n.get_absolute_url()).status_code == 404


def test_the_print_version_is_an_a4_pdf(client, county, tmp_path):
    import subprocess

    n = ended_with_result(county, title="县财政局评优评先公示", text="公示期满无异议。")
    response = client.get(reverse("notices:pdf", args=[n.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "n.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "595.276 x 841.89" in info or "A4" in info
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    compact = "".join(text.split())
    assert "县财政局评优评先公示" in compact
    assert "公示期满无异议" in compact
    assert county.a.name in compact and "盖章" in compact
    assert n.contact_department in compact
