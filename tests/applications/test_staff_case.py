"""The case page in every status (with the clock in words), and its action forms calling the
services: assign, confirm receipt, 补正, decide, draft and issue the reply, register offline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.applications.models import Application, LetterKind, Status
from gongkai.applications.services.clock import current_clock
from gongkai.applications.services.intake import application_submit_online
from gongkai.applications.services.letters import letter_draft, letter_issue
from gongkai.applications.services.workflow import (
    application_archive,
    application_assign,
    application_decide,
    correction_send,
    fee_notice_send,
)
from gongkai.audit.models import Event
from tests.applications.conftest import registered_application
from tests.applications.staff_helpers import FULL_ID, freeze_today

pytestmark = pytest.mark.django_db


def detail(application):
    return reverse("applications_staff:detail", args=[application.pk])


def act(application, action, target=None):
    if target is not None:
        return reverse("applications_staff:action_on", args=[application.pk, action, target.pk])
    return reverse("applications_staff:action", args=[application.pk, action])


@pytest.fixture
def today(monkeypatch):
    return freeze_today(monkeypatch, "2026-03-16")


def online(county):
    data = {
        "applicant_kind": "natural_person",
        "applicant_name": "赵六",
        "id_type": "resident_id",
        "id_number": FULL_ID,
        "phone": "13800000001",
        "email": "zhao@example.com",
        "info_title": "本局2025年部门决算",
        "form_wanted": "email",
        "delivery_wanted": "email",
    }
    now = timezone.make_aware(dt.datetime(2026, 3, 16, 9, 0))
    application, _code = application_submit_online(agency=county.a, data=data, now=now)
    return application


def assigned(county, received="2026-03-02"):
    application = registered_application(county.a, received)
    return application_assign(actor=county.admin, application=application, handler=county.handler_a)


def decided(county):
    application = assigned(county)
    return application_decide(
        actor=county.handler_a,
        application=application,
        outcome="granted",
        provided="以电子邮件提供决算表。",
    )


def replied(county):
    application = decided(county)
    letter = letter_draft(actor=county.handler_a, application=application, kind=LetterKind.REPLY)
    letter_issue(actor=county.handler_a, letter=letter)
    application.refresh_from_db()
    return application


def build(status, county):
    if status == Status.SUBMITTED:
        return online(county)
    if status == Status.REGISTERED:
        return registered_application(county.a, "2026-03-02")
    if status == Status.HANDLING:
        return assigned(county)
    if status == Status.CORRECTION:
        application = registered_application(county.a, "2026-03-12")
        correction_send(
            actor=county.handler_a,
            application=application,
            what="请明确所需信息的年份。",
            deadline=dt.date(2026, 3, 31),
        )
        return application
    if status == Status.FEE:
        application = assigned(county)
        fee_notice_send(
            actor=county.handler_a, application=application, method="per_page", units=40
        )
        return application
    if status == Status.DECIDED:
        return decided(county)
    if status == Status.REPLIED:
        return replied(county)
    if status == Status.ARCHIVED:
        application = replied(county)
        return application_archive(actor=county.handler_a, application=application)
    raise AssertionError(status)


@pytest.mark.parametrize("status", list(Status))
def test_case_page_renders_in_every_status_with_the_clock(client, county, today, status):
    application = build(status, county)
    application.refresh_from_db()
    assert application.status == status
    client.force_login(county.handler_a)
    response = client.get(detail(application))
    assert response.status_code == 200
    html = response.content.decode()
    assert application.number in html
    for sentence in current_clock(application).explanation:
        assert sentence in html
    assert FULL_ID not in html
    assert response.context["steps"] == list(application.steps.all())


def test_case_of_another_agency_is_404(client, county, today):
    application = registered_application(county.b, "2026-03-02")
    client.force_login(county.handler_a)
    assert client.get(detail(application)).status_code == 404
    assert (
        client.post(act(application, "assign"), {"assign-handler": county.handler_a.pk}).status_code
        == 404
    )
    client.force_login(county.officer_a)
    assert client.get(detail(registered_application(county.a))).status_code == 404


def test_timeline_marks_public_steps(client, county, today):
    application = assigned(county)
    client.force_login(county.handler_a)
    html = client.get(detail(application)).content.decode()
    assert 'class="step-public"' in html
    public = application.steps.filter(public=True).count()
    assert html.count('class="step-public"') == public


def test_flags_show_duplicates_and_monthly_count(client, county, today):
    first = registered_application(
        county.a, "2026-03-02", id_number=FULL_ID, info_title="2025年度本局预算执行情况"
    )
    second = registered_application(
        county.a, "2026-03-03", id_number=FULL_ID, info_title="2025年度本局预算执行情况说明"
    )
    client.force_login(county.handler_a)
    response = client.get(detail(second))
    assert response.context["flags"].monthly_count == 2
    assert [d.pk for d in response.context["flags"].duplicates] == [first.pk]
    assert detail(first) in response.content.decode()


def test_assign_through_the_form(client, county, today):
    application = registered_application(county.a, "2026-03-02")
    client.force_login(county.admin)
    page = client.get(detail(application))
    assert page.context["actions"]["assign"]
    response = client.post(act(application, "assign"), {"assign-handler": county.handler_a.pk})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.handler) == (Status.HANDLING, county.handler_a)
    assert Event.objects.filter(action="application.assign").count() == 1


def test_assign_refused_by_the_service_is_shown(client, county, today):
    application = registered_application(county.a, "2026-03-02")
    client.force_login(county.admin)
    response = client.post(act(application, "assign"), {"assign-handler": county.leader_a.pk})
    assert response.status_code == 200  # not a handler: the form refuses the choice
    assert response.context["forms"]["assign"].errors
    application.refresh_from_db()
    assert application.status == Status.REGISTERED


def test_handler_may_not_assign(client, county, today):
    application = registered_application(county.a, "2026-03-02")
    client.force_login(county.leader_a)
    response = client.post(act(application, "assign"), {"assign-handler": county.handler_a.pk})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Status.REGISTERED


def test_confirm_receipt_of_an_online_application(client, county, today):
    application = online(county)
    client.force_login(county.handler_a)
    assert client.get(detail(application)).context["actions"]["confirm_receipt"]
    response = client.post(
        act(application, "confirm_receipt"), {"confirm_receipt-received_on": "2026-03-16"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.REGISTERED
    assert str(application.received_on) == "2026-03-16"


def test_correction_through_the_form_keeps_input_on_error(client, county, today):
    application = assigned(county, "2026-03-12")
    client.force_login(county.handler_a)
    bad = client.post(
        act(application, "correction_send"),
        {
            "correction_send-what": "请提供所需信息的文号。",
            "correction_send-deadline": "2026-03-01",
            "correction_send-sent_on": "2026-03-16",
        },
    )
    assert bad.status_code == 200
    form = bad.context["forms"]["correction_send"]
    assert form.errors["deadline"]
    assert "请提供所需信息的文号。" in bad.content.decode()
    assert bad.context["errors"]
    good = client.post(
        act(application, "correction_send"),
        {
            "correction_send-what": "请提供所需信息的文号。",
            "correction_send-deadline": "2026-03-31",
            "correction_send-sent_on": "2026-03-16",
        },
    )
    assert good.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.CORRECTION
    assert application.correction.what == "请提供所需信息的文号。"
    supplement = client.post(
        act(application, "correction_supplement"),
        {
            "correction_supplement-received_on": "2026-03-16",
            "correction_supplement-text": "文号见附件",
        },
    )
    assert supplement.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.HANDLING


def test_decide_prefills_the_reason_and_calls_the_service(client, county, today):
    application = assigned(county)
    client.force_login(county.handler_a)
    page = client.get(detail(application), {"outcome": "withheld_1"})
    from gongkai.applications.outcomes import RULES

    assert page.context["decide_form"]["reason"].value() == RULES["withheld_1"].reason
    assert RULES["withheld_1"].reason in page.content.decode()
    missing = client.post(
        act(application, "decide"),
        {"decide-outcome": "granted", "decide-reason": "", "decide-decided_on": "2026-03-16"},
    )
    assert missing.status_code == 200
    assert missing.context["decide_form"].errors["provided"]
    application.refresh_from_db()
    assert application.status == Status.HANDLING
    response = client.post(
        act(application, "decide"),
        {
            "decide-outcome": "granted",
            "decide-reason": "",
            "decide-provided": "以电子邮件提供。",
            "decide-decided_on": "2026-03-16",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.outcome) == (Status.DECIDED, "granted")
    assert application.outcome_reason == RULES["granted"].reason


def test_draft_edit_issue_and_deliver_the_reply(client, county, today):
    application = decided(county)
    client.force_login(county.handler_a)
    response = client.post(act(application, "letter_draft"), {"letter_draft-kind": "reply"})
    assert response.status_code == 302
    letter = application.letters.get()
    body = letter.body + "\n特此告知。"
    prefix = f"letter_update-{letter.pk}"
    assert (
        client.post(act(application, "letter_update", letter), {f"{prefix}-body": body}).status_code
        == 302
    )
    letter.refresh_from_db()
    assert letter.body.endswith("特此告知。")
    assert client.post(act(application, "letter_issue", letter)).status_code == 302
    letter.refresh_from_db()
    application.refresh_from_db()
    assert letter.issued_at is not None and letter.reference
    assert application.status == Status.REPLIED
    prefix = f"delivery-{letter.pk}"
    delivered = client.post(
        act(application, "delivery", letter),
        {f"{prefix}-method": "email", f"{prefix}-delivered_on": "2026-03-16"},
    )
    assert delivered.status_code == 302
    assert letter.deliveries.count() == 1
    pdf = client.get(reverse("applications_staff:letter_pdf", args=[application.pk, letter.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    archived = client.post(act(application, "archive"))
    assert archived.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.ARCHIVED


def test_letter_of_another_case_is_404(client, county, today):
    application = decided(county)
    other = decided(county)
    letter = letter_draft(actor=county.handler_a, application=other, kind=LetterKind.REPLY)
    client.force_login(county.handler_a)
    assert client.post(act(application, "letter_issue", letter)).status_code == 404
    letter.refresh_from_db()
    assert letter.issued_at is None


def test_register_an_offline_application(client, county, today):
    client.force_login(county.handler_a)
    assert client.get(reverse("applications_staff:register")).status_code == 200
    data = {
        "agency": county.a.pk,
        "channel": "post",
        "received_on": "2026-03-13",
        "receipt_note": "挂号信 XA123456789CN",
        "applicant_kind": "natural_person",
        "applicant_name": "钱七",
        "id_type": "resident_id",
        "id_number": FULL_ID,
        "address": "测试县人民路3号",
        "info_title": "本局2025年政府采购合同",
        "form_wanted": "paper",
        "delivery_wanted": "post",
    }
    bad = client.post(reverse("applications_staff:register"), {**data, "received_on": "2026-03-20"})
    assert bad.status_code == 200
    assert bad.context["form"].errors["received_on"]
    assert "本局2025年政府采购合同" in bad.content.decode()
    response = client.post(reverse("applications_staff:register"), data)
    assert response.status_code == 200
    application = Application.objects.get(applicant_name="钱七")
    assert application.channel == "post" and str(application.received_on) == "2026-03-13"
    assert response.context["query_code"] in response.content.decode()
    client.force_login(county.leader_a)
    assert client.get(reverse("applications_staff:register")).status_code == 403
