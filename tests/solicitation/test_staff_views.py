"""The staff screens: who sees what, the form with its 30-day warning, publishing and closing,
moderation with the privacy findings and the audited contact reveal, the feedback editor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import Event
from gongkai.solicitation import services
from gongkai.solicitation.models import CommentStatus, Decision, Solicitation, Status
from tests.factories import published_item
from tests.solicitation.conftest import COMMENT, at, ended_yesterday, open_today


def login(client, user):
    client.force_login(user)
    return client


def form_data(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "title": "蓝湾县城乡居民医疗救助办法（征求意见稿）",
        "summary": "公开征求意见。",
        "draft_html": "第一条 为做好医疗救助工作，制定本办法。\n第二条 本办法适用于本县。",
        "explanation_html": "",
        "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=29)).isoformat(),
        "short_period_reason": "",
        "accepts_online": "on",
        "comment_email": "",
        "comment_address": "",
        "comment_postcode": "",
        "contact_department": "办公室",
        "contact_phone": "0579-80000001",
        "file_role": "draft",
    }
    data.update(overrides)
    return data


# --- lists and access -----------------------------------------------------------------------


def test_the_list_shows_own_agency_only_and_pending_counts(client, county):
    mine = open_today(county, title="财政局的征集")
    theirs = open_today(county, agency=county.b, actor=county.officer_b, title="教育局的征集")
    services.comment_submit(solicitation=mine, data=COMMENT)
    html = login(client, county.officer_a).get(reverse("solicitation_staff:list")).content.decode()
    assert mine.title in html and theirs.title not in html
    assert '<strong class="late">1</strong>' in html  # waiting for moderation
    client.logout()
    html = login(client, county.reviewer_a).get(reverse("solicitation_staff:list")).content.decode()
    assert "1条意见待审核" in html
    # The 公开办 of the county sees both bureaus.
    client.logout()
    html = login(client, county.office).get(reverse("solicitation_staff:list")).content.decode()
    assert mine.title in html and theirs.title in html


def test_roles_without_the_view_action_are_refused(client, county):
    login(client, county.handler_a)
    assert client.get(reverse("solicitation_staff:list")).status_code == 403


def test_another_agencys_solicitation_is_not_found(client, county):
    theirs = open_today(county, agency=county.b, actor=county.officer_b)
    login(client, county.officer_a)
    assert client.get(reverse("solicitation_staff:detail", args=[theirs.pk])).status_code == 404


def test_a_reviewer_may_not_create(client, county):
    login(client, county.reviewer_a)
    assert client.get(reverse("solicitation_staff:create")).status_code == 403
    response = client.post(reverse("solicitation_staff:create"), form_data(agency=county.a.pk))
    assert response.status_code == 403
    assert not Solicitation.objects.exists()


# --- the form and its 30-day warning ---------------------------------------------------------


def test_create_with_30_days(client, county):
    login(client, county.officer_a)
    response = client.post(reverse("solicitation_staff:create"), form_data(agency=county.a.pk))
    s = Solicitation.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{s.pk}/")
    assert s.status == Status.DRAFT and s.draft_html.startswith("<p>第一条")


def test_a_short_period_is_warned_and_needs_a_reason_which_is_audited(client, county):
    login(client, county.officer_a)
    closes = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    response = client.post(
        reverse("solicitation_staff:create"), form_data(agency=county.a.pk, closes_on=closes)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="period-warning"' in html and "15天" in html and "30" in html
    assert "蓝湾县城乡居民医疗救助办法" in html  # what was typed is kept
    assert not Solicitation.objects.exists()

    response = client.post(
        reverse("solicitation_staff:create"),
        form_data(agency=county.a.pk, closes_on=closes, short_period_reason="省厅要求月底前报送"),
    )
    assert response.status_code == 302
    s = Solicitation.objects.get()
    assert s.short_period_reason == "省厅要求月底前报送"
    event = Event.objects.get(action="solicitation.short_period")
    assert event.actor == county.officer_a and event.data["days"] == 15
    detail = client.get(reverse("solicitation_staff:detail", args=[s.pk])).content.decode()
    assert "省厅要求月底前报送" in detail


def test_a_refused_file_saves_nothing(client, county):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, county.officer_a)
    bad = SimpleUploadedFile("draft.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(
        reverse("solicitation_staff:create"), {**form_data(agency=county.a.pk), "files": bad}
    )
    assert response.status_code == 400
    assert not Solicitation.objects.exists()


def test_a_hearing_form_has_the_hearing_fields(client, county):
    login(client, county.officer_a)
    html = client.get(reverse("solicitation_staff:create") + "?kind=hearing").content.decode()
    assert 'name="hearing_place"' in html and 'name="seats"' in html
    assert 'name="short_period_reason"' not in html and 'name="accepts_online"' not in html


# --- publishing and closing ------------------------------------------------------------------


def test_publish_and_close_early_from_the_page(client, county):
    login(client, county.officer_a)
    client.post(reverse("solicitation_staff:create"), form_data(agency=county.a.pk))
    s = Solicitation.objects.get()
    response = client.post(reverse("solicitation_staff:publish", args=[s.pk]))
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.status == Status.PUBLISHED
    response = client.post(reverse("solicitation_staff:close", args=[s.pk]), {"reason": ""})
    assert response.status_code == 400 and "提前结束" in response.content.decode()
    client.post(reverse("solicitation_staff:close", args=[s.pk]), {"reason": "草案撤回"})
    s.refresh_from_db()
    assert s.status == Status.CLOSED and s.closed_early_reason == "草案撤回"


def test_a_reviewer_may_not_publish(client, county):
    s = services.solicitation_create(
        actor=county.officer_a,
        agency=county.a,
        title="草稿",
        draft_html="<p>x</p>",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + dt.timedelta(days=30),
    )
    login(client, county.reviewer_a)
    assert client.post(reverse("solicitation_staff:publish", args=[s.pk])).status_code == 403
    s.refresh_from_db()
    assert s.status == Status.DRAFT


# --- moderation -----------------------------------------------------------------------------


def test_moderation_shows_findings_and_shows_the_redacted_text(client, county):
    s = open_today(county)
    c = services.comment_submit(
        solicitation=s, data={**COMMENT, "text": "我是李四，手机13912345678，建议公开评价结果。"}
    )
    login(client, county.reviewer_a)
    queue = client.get(reverse("solicitation_staff:moderation")).content.decode()
    assert reverse("solicitation_staff:comment", args=[c.pk]) in queue
    page = client.get(reverse("solicitation_staff:comment", args=[c.pk])).content.decode()
    assert 'id="spots"' in page and "139****5678" in page
    assert "［个人信息已隐去］" in page  # the suggested text to be shown
    assert 'id="contact"' not in page  # contact details only after the reveal
    # Approving the text as received is refused: it holds the commenter's own phone.
    response = client.post(
        reverse("solicitation_staff:comment_approve", args=[c.pk]),
        {"public_text": c.text, "confirm_findings": "on"},
    )
    assert response.status_code == 400
    redacted = services.suggested_public_text(c)
    response = client.post(
        reverse("solicitation_staff:comment_approve", args=[c.pk]), {"public_text": redacted}
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == CommentStatus.APPROVED and c.public_text == redacted


def test_an_officer_may_not_moderate(client, county):
    s = open_today(county)
    c = services.comment_submit(solicitation=s, data=COMMENT)
    login(client, county.officer_a)
    response = client.post(
        reverse("solicitation_staff:comment_approve", args=[c.pk]), {"public_text": c.text}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("solicitation_staff:comment_reject", args=[c.pk]), {"reason": "x"}
    )
    assert response.status_code == 403
    c.refresh_from_db()
    assert c.status == CommentStatus.PENDING


def test_rejecting_needs_a_reason(client, county):
    s = open_today(county)
    c = services.comment_submit(solicitation=s, data=COMMENT)
    login(client, county.reviewer_a)
    url = reverse("solicitation_staff:comment_reject", args=[c.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "与草案无关"}).status_code == 302
    c.refresh_from_db()
    assert c.status == CommentStatus.REJECTED


def test_the_contact_reveal_is_audited(client, county):
    s = open_today(county)
    c = services.comment_submit(solicitation=s, data=COMMENT)
    login(client, county.reviewer_a)
    html = client.post(reverse("solicitation_staff:comment_contact", args=[c.pk])).content.decode()
    assert 'id="contact"' in html and "13912345678" in html and "李四" in html
    event = Event.objects.get(action="solicitation.comment_contact_view")
    assert event.actor == county.reviewer_a
    client.logout()
    login(client, county.leader_a)
    response = client.post(reverse("solicitation_staff:comment_contact", args=[c.pk]))
    assert response.status_code == 403


def test_an_offline_comment_is_entered(client, county):
    s = open_today(county)
    login(client, county.officer_a)
    response = client.post(
        reverse("solicitation_staff:comment_register", args=[s.pk]),
        {
            "channel": "post",
            "received_on": timezone.localdate().isoformat(),
            "name": "",
            "phone": "",
            "email": "",
            "section": "",
            "text": "来信建议增加一次公示。",
        },
    )
    assert response.status_code == 302
    assert s.comments.get().channel == "post"


# --- the feedback editor ----------------------------------------------------------------------


def test_the_feedback_editor_from_decisions_to_publication(client, county):
    s = ended_yesterday(county)
    during = at(s.opens_on + dt.timedelta(days=1))
    c1 = services.comment_submit(solicitation=s, data=COMMENT, now=during)
    c2 = services.comment_submit(
        solicitation=s,
        data={**COMMENT, "phone": "13912345670", "text": "建议放宽条件。"},
        now=during,
    )
    for c in (c1, c2):
        services.comment_approve(actor=county.reviewer_a, comment=c, now=during)
    services.solicitations_close_due()
    item = published_item(county.a, title="蓝湾县县级专项资金管理办法")
    login(client, county.officer_a)
    url = reverse("solicitation_staff:feedback", args=[s.pk])
    page = client.get(url).content.decode()
    assert 'id="decide"' in page and f'value="{c1.pk}"' in page

    entry_url = reverse("solicitation_staff:entry_create", args=[s.pk])
    response = client.post(
        entry_url, {"summary": "放宽条件", "decision": Decision.NOT_ADOPTED, "comments": [c2.pk]}
    )
    assert response.status_code == 400  # no reason
    client.post(
        entry_url,
        {
            "summary": "放宽条件",
            "decision": Decision.NOT_ADOPTED,
            "reason": "条件由上级文件规定。",
            "comments": [c2.pk],
        },
    )
    response = client.post(reverse("solicitation_staff:feedback_publish", args=[s.pk]))
    assert response.status_code == 400
    assert "1" in response.content.decode()  # one shown comment without a decision
    client.post(
        entry_url, {"summary": "公开评价结果", "decision": Decision.ADOPTED, "comments": [c1.pk]}
    )
    client.post(
        reverse("solicitation_staff:feedback_save", args=[s.pk]),
        {"summary": "共收到意见2条，采纳1条。", "final_item": item.pk},
    )
    response = client.post(reverse("solicitation_staff:feedback_publish", args=[s.pk]))
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.status == Status.FEEDBACK_PUBLISHED and s.final_item == item
    page = client.get(url).content.decode()
    assert 'id="decide"' not in page and 'id="final"' in page


@pytest.mark.parametrize("who", ["reviewer_a", "leader_a", "office"])
def test_only_managers_record_decisions(client, county, who):
    s = ended_yesterday(county)
    during = at(s.opens_on + dt.timedelta(days=1))
    c = services.comment_submit(solicitation=s, data=COMMENT, now=during)
    services.comment_approve(actor=county.reviewer_a, comment=c, now=during)
    services.solicitations_close_due()
    login(client, getattr(county, who))
    response = client.post(
        reverse("solicitation_staff:entry_create", args=[s.pk]),
        {"summary": "x", "decision": Decision.ADOPTED, "comments": [c.pk]},
    )
    assert response.status_code == 403
    assert not s.entries.exists()
