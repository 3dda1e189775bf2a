"""The staff screens: who sees what, the form with the period of the kind (errors kept by
field), review with the privacy findings, objections only for the agency administrator and
the leaders with every view of a sender audited, the result and closing, the PDF preview."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import Event
from gongkai.notices import services
from gongkai.notices.models import Notice, Objection, Status
from tests.notices.conftest import create, ended_with_result, in_period_today, object_online

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def form_data(county, **overrides) -> dict:
    data = {
        "agency": county.a.pk,
        "kind": "award",
        "title": "2026年度先进工作者拟表彰人选公示",
        "body_html": "经评审，拟表彰以下人员。\n王晓明  县财政局",
        "starts_on": timezone.localdate().isoformat(),
        "period_days": "",
        "ends_on": "",
        "end_reason": "",
        "contact_department": "办公室",
        "objection_phone": "0579-80000001",
        "objection_address": "",
        "accepts_online": "on",
    }
    data.update(overrides)
    return data


def test_the_list_shows_the_agency_s_notices_only(client, county):
    mine = create(county, title="财政局的公示")
    other = create(county, agency=county.b, actor=county.officer_b, title="教育局的公示")
    html = login(client, county.officer_a).get(reverse("notices_staff:list")).content.decode()
    assert mine.title in html and other.title not in html
    html = login(client, county.office).get(reverse("notices_staff:list")).content.decode()
    assert mine.title in html and other.title in html
    assert login(client, county.handler_a).get(reverse("notices_staff:list")).status_code == 403
    assert login(client, county.officer_b).get(mine.get_absolute_url()).status_code == 404
    staff_url = reverse("notices_staff:detail", args=[mine.pk])
    assert login(client, county.officer_b).get(staff_url).status_code == 404


def test_create_with_the_computed_period_and_errors_kept(client, county):
    login(client, county.officer_a)
    url = reverse("notices_staff:create")
    assert "拟任职前公示：5个工作日" in client.get(url).content.decode()
    response = client.post(url, form_data(county, period_days="3"))
    html = response.content.decode()
    assert response.status_code == 400 and "不少于7天" in html
    assert "2026年度先进工作者拟表彰人选公示" in html  # what was typed stays
    assert Notice.objects.count() == 0
    response = client.post(url, form_data(county))
    n = Notice.objects.get()
    assert response.status_code == 302 and n.ends_on == n.starts_on + dt.timedelta(days=6)
    assert n.body_html == "<p>经评审，拟表彰以下人员。</p><p>王晓明  县财政局</p>"
    # A later last day needs its reason, shown by the field.
    edit = reverse("notices_staff:edit", args=[n.pk])
    later = (n.ends_on + dt.timedelta(days=2)).isoformat()
    html = client.post(edit, form_data(county, ends_on=later)).content.decode()
    assert "请填写理由" in html
    client.post(edit, form_data(county, ends_on=later, end_reason="跨越节假日，延长两天。"))
    assert Notice.objects.get().end_reason == "跨越节假日，延长两天。"


def test_review_shows_findings_and_refuses_id_numbers(client, county):
    today = timezone.localdate()
    n = create(
        county,
        kind="other",
        starts_on=today,
        body_html="<p>联系人王晓明，手机13800001111，身份证330102199001011234。</p>",
    )
    services.notice_submit(actor=county.officer_a, notice=n)
    login(client, county.reviewer_a)
    html = client.get(reverse("notices_staff:detail", args=[n.pk])).content.decode()
    assert "330102********1234" in html and "138****1111" in html
    assert "13800001111" not in html.split('class="staff-body')[0]  # findings are masked
    response = client.post(
        reverse("notices_staff:publish", args=[n.pk]), {"confirm_findings": "on"}
    )
    assert response.status_code == 400 and "必须隐去" in response.content.decode()
    response = client.post(
        reverse("notices_staff:return", args=[n.pk]), {"note": "身份证号码须隐去。"}
    )
    assert response.status_code == 302 and Notice.objects.get().status == Status.DRAFT
    # An officer sees the note on the form.
    html = (
        login(client, county.officer_a)
        .get(reverse("notices_staff:edit", args=[n.pk]))
        .content.decode()
    )
    assert "身份证号码须隐去。" in html


def test_objections_are_for_the_admin_and_leaders_only(client, county):
    n = in_period_today(county)
    o = object_online(n, name="欧阳明月", phone="13955556666", now=timezone.now())
    objections = reverse("notices_staff:objections", args=[n.pk])
    one = reverse("notices_staff:objection", args=[o.pk])
    for user in (county.officer_a, county.reviewer_a, county.office):
        login(client, user)
        assert client.get(objections).status_code == 403
        assert client.get(one).status_code == 404
        detail = client.get(reverse("notices_staff:detail", args=[n.pk])).content.decode()
        assert "反映该同志" not in detail and "欧阳明月" not in detail
    login(client, county.leader_a)
    html = client.get(objections).content.decode()
    assert "反映该同志" in html and "欧阳明月" not in html  # the list hides the sender
    assert Event.objects.filter(action="notice.objection_viewed").count() == 0
    html = client.get(one).content.decode()
    assert "欧阳明月" in html and "13955556666" in html
    assert (
        Event.objects.filter(action="notice.objection_viewed", actor=county.leader_a).count() == 1
    )


def test_entering_and_handling_an_objection(client, county):
    n = in_period_today(county)
    login(client, county.admin_a)
    url = reverse("notices_staff:objections", args=[n.pk])
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    bad = client.post(url, {"channel": "letter", "received_on": future, "text": "来信内容"})
    assert bad.status_code == 400 and "不能晚于今天" in bad.content.decode()
    ok = client.post(
        url,
        {
            "channel": "letter",
            "received_on": timezone.localdate().isoformat(),
            "text": "来信反映情况。",
        },
    )
    assert ok.status_code == 302
    o = Objection.objects.get()
    assert o.channel == "letter" and o.registered_by == county.admin_a
    one = reverse("notices_staff:objection", args=[o.pk])
    response = client.post(
        one, {"finding": "not_upheld", "reply_note": "经核实不属实，已书面答复。"}
    )
    assert response.status_code == 302 and Objection.objects.get().is_handled


def test_result_and_close_on_the_screen(client, county):
    today = timezone.localdate()
    n = create(county, kind="other", starts_on=today - dt.timedelta(days=7))
    from tests.notices.conftest import publish

    publish(county, n)
    login(client, county.admin_a)
    detail = reverse("notices_staff:detail", args=[n.pk])
    assert 'id="result"' in client.get(detail).content.decode()
    response = client.post(
        reverse("notices_staff:result", args=[n.pk]),
        {"outcome": "upheld", "text": "经核实属实。"},
    )
    assert response.status_code == 400 and "未收到异议" in response.content.decode()
    client.post(
        reverse("notices_staff:result", args=[n.pk]),
        {"outcome": "no_objection", "text": "公示期满，未收到异议。"},
    )
    assert Notice.objects.get().status == Status.RESULT
    client.post(reverse("notices_staff:close", args=[n.pk]))
    assert Notice.objects.get().status == Status.CLOSED
    # Officers and reviewers do not get the result form.
    m = ended_with_result(county)
    html = (
        login(client, county.reviewer_a)
        .get(reverse("notices_staff:detail", args=[m.pk]))
        .content.decode()
    )
    assert 'id="result"' not in html


def test_the_pdf_preview_of_a_draft(client, county):
    n = create(county)
    response = login(client, county.officer_a).get(reverse("notices_staff:pdf", args=[n.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert (
        login(client, county.officer_b).get(reverse("notices_staff:pdf", args=[n.pk])).status_code
        == 404
    )
