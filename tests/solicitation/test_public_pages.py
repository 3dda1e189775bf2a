"""The public pages: list by phase and search, the detail page with days remaining, the comment
form (CAPTCHA, limits, period), comments shown only after approval and only as displayed —
never a name, phone number or e-mail address — and the feedback report with its final
document."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import captcha
from gongkai.solicitation import services
from gongkai.solicitation.models import Comment, CommentStatus, Decision, Kind, Registration
from gongkai.solicitation.views_public import COMMENT_CAPTCHA, REGISTER_CAPTCHA
from tests.factories import published_item
from tests.solicitation.conftest import (
    at,
    create,
    ended_yesterday,
    open_today,
    publish,
)

NAME, PHONE, EMAIL = "欧阳明月", "13955556666", "oymy@example.com"


def form(**overrides) -> dict:
    data = {
        "name": NAME,
        "phone": PHONE,
        "email": EMAIL,
        "nickname": "",
        "section": "第三条",
        "text": "建议把补助发放时限写明为受理后十个工作日。",
    }
    data.update(overrides)
    return data


def post_comment(client, s, *, solve=True, **overrides):
    client.get(s.get_absolute_url())
    answer = captcha.pending_answer(client.session, COMMENT_CAPTCHA) if solve else "wrong"
    return client.post(
        reverse("solicitation:comment", args=[s.pk]), {**form(**overrides), "captcha": answer}
    )


def assert_no_contact(html: str) -> None:
    for secret in (NAME, PHONE, EMAIL, "5556666"):
        assert secret not in html


# --- the list -------------------------------------------------------------------------------


def test_the_list_by_phase(client, county):
    today = timezone.localdate()
    running = open_today(county, title="正在征集的办法")
    upcoming = publish(
        county,
        create(
            county,
            title="即将征集的办法",
            opens_on=today + dt.timedelta(days=3),
            closes_on=today + dt.timedelta(days=40),
        ),
        now=timezone.now(),
    )
    over = ended_yesterday(county, title="已经结束的办法")
    draft = create(county, title="尚未发布的草稿")
    url = reverse("solicitation:list")
    html = client.get(url).content.decode()
    assert running.title in html and upcoming.title not in html and over.title not in html
    html = client.get(url, {"phase": "upcoming"}).content.decode()
    assert upcoming.title in html and running.title not in html
    html = client.get(url, {"phase": "closed"}).content.decode()
    assert over.title in html and running.title not in html
    for phase in ("open", "upcoming", "closed"):
        assert draft.title not in client.get(url, {"phase": phase}).content.decode()


def test_the_list_searches_the_index(client, county):
    open_today(county, title="农村公路养护办法", draft_html="<p>第一条 乡道养护由乡镇负责。</p>")
    open_today(county, title="学前教育资助办法", draft_html="<p>第一条 资助对象。</p>")
    html = client.get(reverse("solicitation:list"), {"q": "乡道养护"}).content.decode()
    assert "农村公路养护办法" in html and "学前教育资助办法" not in html


# --- the detail page and the comment form ----------------------------------------------------


def test_the_detail_page_of_an_open_solicitation(client, county):
    s = open_today(county)
    html = client.get(s.get_absolute_url()).content.decode()
    assert s.title in html and "第一条 为规范县级专项资金管理" in html
    assert 'id="days-left"' in html and "25" in html  # today and 24 more days
    assert 'id="comment-form"' in html and "yijian@example.cn" in html


def test_a_draft_is_not_public(client, county):
    s = create(county)
    assert client.get(s.get_absolute_url()).status_code == 404


def test_a_comment_is_received_and_shown_only_after_approval(client, county):
    s = open_today(county)
    response = post_comment(client, s)
    assert response.status_code == 302
    c = Comment.objects.get()
    assert c.status == CommentStatus.PENDING and c.name == NAME and c.phone == PHONE
    html = client.get(s.get_absolute_url()).content.decode()
    assert "已收到" in html or "received" in html  # the thank-you message
    assert c.text not in html
    assert_no_contact(html)

    services.comment_approve(actor=county.reviewer_a, comment=c)
    html = client.get(s.get_absolute_url()).content.decode()
    assert c.text in html and "公众意见" in html and "第三条" in html
    assert_no_contact(html)


def test_a_nickname_is_shown_instead_of_公众意见(client, county):
    s = open_today(county)
    post_comment(client, s, nickname="城东老住户")
    services.comment_approve(actor=county.reviewer_a, comment=Comment.objects.get())
    html = client.get(s.get_absolute_url()).content.decode()
    assert "城东老住户" in html
    assert_no_contact(html)


def test_the_redacted_text_is_shown_when_personal_data_was_found(client, county):
    s = open_today(county)
    post_comment(client, s, text=f"我叫{NAME}，家住城东，电话{PHONE}，建议简化手续。")
    c = Comment.objects.get()
    redacted = services.suggested_public_text(c)
    services.comment_approve(actor=county.reviewer_a, comment=c, public_text=redacted)
    html = client.get(s.get_absolute_url()).content.decode()
    assert "建议简化手续" in html and "个人信息已隐去" in html
    assert_no_contact(html)


def test_a_wrong_captcha_keeps_what_was_typed_and_saves_nothing(client, county):
    s = open_today(county)
    response = post_comment(client, s, solve=False)
    assert response.status_code == 200
    html = response.content.decode()
    assert "验证" in html and "建议把补助发放时限" in html  # typed text kept
    assert not Comment.objects.exists()


def test_missing_name_and_phone_are_shown_next_to_the_fields(client, county):
    s = open_today(county)
    html = post_comment(client, s, name="", phone="").content.decode()
    assert 'id="id_name_error"' in html and 'id="id_phone_error"' in html
    assert not Comment.objects.exists()


def test_comments_per_phone_are_limited(client, county, settings):
    settings.GONGKAI_COMMENT_LIMIT_PER_CONTACT = (2, 86400)
    s = open_today(county)
    for _ in range(2):
        assert post_comment(client, s).status_code == 302
    assert post_comment(client, s).status_code == 429
    assert Comment.objects.count() == 2


def test_comments_per_client_are_limited(client, county, settings):
    settings.GONGKAI_COMMENT_LIMIT_PER_IP = (1, 3600)
    s = open_today(county)
    assert post_comment(client, s).status_code == 302
    assert post_comment(client, s, phone="13955557777").status_code == 429


def test_no_form_and_a_clear_message_outside_the_period(client, county):
    s = ended_yesterday(county)
    html = client.get(s.get_absolute_url()).content.decode()
    assert 'id="comment-form"' not in html and 'id="closed-note"' in html
    assert "已于" in html or "ended" in html
    # Posting anyway is refused with the same message, nothing saved.
    response = client.post(reverse("solicitation:comment", args=[s.pk]), form(captcha="1"))
    assert response.status_code in (200, 400)
    assert not Comment.objects.exists()


def test_posting_after_the_period_with_a_solved_captcha_is_refused(client, county):
    s = open_today(county)
    client.get(s.get_absolute_url())
    answer = captcha.pending_answer(client.session, COMMENT_CAPTCHA)
    s.closes_on = timezone.localdate() - dt.timedelta(days=1)
    s.opens_on = s.closes_on - dt.timedelta(days=30)
    s.save()
    response = client.post(
        reverse("solicitation:comment", args=[s.pk]), {**form(), "captcha": answer}
    )
    assert response.status_code == 200 and not Comment.objects.exists()
    assert "已于" in response.content.decode()


def test_a_hearing_takes_registrations(client, county):
    s = open_today(county, kind=Kind.HEARING)
    html = client.get(s.get_absolute_url()).content.decode()
    assert "测试县政府三楼会议室" in html and 'name="standpoint"' in html
    answer = captcha.pending_answer(client.session, REGISTER_CAPTCHA)
    response = client.post(
        reverse("solicitation:register", args=[s.pk]),
        {"name": NAME, "phone": PHONE, "organisation": "城东社区", "captcha": answer},
    )
    assert response.status_code == 302
    r = Registration.objects.get()
    assert r.name == NAME and r.organisation == "城东社区"
    html = client.get(s.get_absolute_url()).content.decode()
    assert_no_contact(html)


# --- the feedback report --------------------------------------------------------------------


@pytest.fixture
def answered(county):
    """A solicitation with three comments (two shown, one not), closed and answered, linked to
    its final document."""
    s = ended_yesterday(county)
    during = at(s.opens_on + dt.timedelta(days=2))
    comments = [
        services.comment_submit(
            solicitation=s,
            data={"name": NAME, "phone": f"1395555666{i}", "text": f"意见{i}：建议{i}。"},
            now=during,
        )
        for i in range(3)
    ]
    for c in comments[:2]:
        services.comment_approve(actor=county.reviewer_a, comment=c, now=during)
    services.comment_reject(actor=county.reviewer_a, comment=comments[2], reason="广告", now=during)
    services.solicitations_close_due()
    services.entry_save(
        actor=county.officer_a,
        solicitation=s,
        summary="建议写明发放时限",
        decision=Decision.ADOPTED,
        comments=[comments[0]],
    )
    services.entry_save(
        actor=county.officer_a,
        solicitation=s,
        summary="建议取消申报",
        decision=Decision.NOT_ADOPTED,
        reason="申报是审核的依据，不能取消。",
        comments=[comments[1]],
    )
    item = published_item(county.a, title="蓝湾县县级专项资金管理办法（正式）")
    services.feedback_update(
        actor=county.officer_a, solicitation=s, summary="征集期间共收到意见3条。", final_item=item
    )
    services.feedback_publish(actor=county.officer_a, solicitation=s)
    s.refresh_from_db()
    return s, item


def test_the_report_shows_figures_from_the_records_and_links_the_final_document(
    client, county, answered
):
    s, item = answered
    html = client.get(s.get_absolute_url()).content.decode()
    assert 'id="fig-received">3<' in html
    assert 'id="fig-approved">2<' in html
    assert 'id="fig-adopted">1<' in html
    assert 'id="fig-partly">0<' in html
    assert 'id="fig-not">1<' in html
    assert "申报是审核的依据，不能取消。" in html
    assert f'href="{item.get_absolute_url()}"' in html
    assert "意见2" not in html  # the rejected one
    assert_no_contact(html)
    html = client.get(reverse("solicitation:list"), {"phase": "closed"}).content.decode()
    assert s.title in html


def test_a_withdrawn_final_document_is_no_longer_linked(client, county, answered):
    from gongkai.catalog.services.items import item_withdraw

    s, item = answered
    item_withdraw(actor=staff_reviewer(county), item=item, reason="已被新文件替代")
    html = client.get(s.get_absolute_url()).content.decode()
    assert 'id="final-item"' not in html


def staff_reviewer(county):
    from gongkai.accounts.models import Role
    from tests.factories import staff

    return staff(Role.REVIEWER, county.a)


def test_files_are_downloadable_only_when_public(client, county):
    today = timezone.localdate()
    s = create(county, opens_on=today, closes_on=today + dt.timedelta(days=29))
    f = services.solicitation_attach(
        actor=county.officer_a, solicitation=s, content=b"%PDF-1.4\n%%EOF\n", name="征求意见稿.pdf"
    )
    url = reverse("solicitation:file", args=[s.pk, f.pk])
    assert client.get(url).status_code == 404
    publish(county, s, now=timezone.now())
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
