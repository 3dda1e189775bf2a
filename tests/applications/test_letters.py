"""Letters (告知书): every outcome's reply and every other kind is drafted, issued as DOCX and
PDF with Chinese text, stored unchanged, numbered, e-mailed and delivered."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from gongkai.applications import letter_templates as templates
from gongkai.applications.fees import FeeMethod
from gongkai.applications.models import (
    ConsultationKind,
    DeliveryMethod,
    Letter,
    LetterKind,
    Status,
    Step,
)
from gongkai.applications.outcomes import RULES, Outcome
from gongkai.applications.services import workflow
from gongkai.applications.services.letters import (
    LetterError,
    LetterIntegrityError,
    delivery_record,
    letter_discard,
    letter_draft,
    letter_issue,
    letter_pdf_bytes,
    letter_update,
)
from gongkai.audit.models import Event
from gongkai.core.dates import format_cn_date
from tests.applications.conftest import registered_application

NOW = timezone.make_aware(dt.datetime(2026, 5, 15, 10, 0))
D = dt.date.fromisoformat

PROVIDED = "《2025年度预算执行情况报告》一份，已于2026年5月15日通过电子邮件发送至您提供的邮箱。"
REFERRAL_AGENCY = "测试县统计局"
REFERRAL_CONTACT = "测试县人民路8号，电话0579-80000008"


def flat(text: str) -> str:
    """PDF text without the line breaks the layout put in."""
    return re.sub(r"\s+", "", text)


def pdf_text(content: bytes) -> str:
    return flat("".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


TODAY = D("2026-05-14")


def decided(application, handler, outcome: str, **facts):
    """Take a registered case through the workflow services to a decision with ``outcome``
    (with the 补正 or fee notice that outcome needs before it)."""
    application = workflow.application_assign(
        actor=handler, application=application, handler=handler
    )
    if outcome in (Outcome.UNAVAILABLE_UNCLEAR, Outcome.OTHER_NO_CORRECTION):
        workflow.correction_send(
            actor=handler,
            application=application,
            what="请写明所需信息的年度。",
            sent_on=D("2026-03-03"),
            deadline=D("2026-03-13"),
            today=D("2026-03-03"),
        )
        if outcome == Outcome.OTHER_NO_CORRECTION:
            return workflow.correction_lapse(actor=handler, application=application, today=TODAY)
        workflow.correction_supplement(
            actor=handler, application=application, received_on=D("2026-03-10"), today=TODAY
        )
    if outcome == Outcome.OTHER_FEE_UNPAID:
        fee = workflow.fee_notice_send(
            actor=handler,
            application=application,
            method=FeeMethod.PER_PAGE,
            units=120,
            sent_on=D("2026-03-04"),
            today=D("2026-03-04"),
        )
        workflow.fee_notice_received(
            actor=handler, fee=fee, received_on=D("2026-03-05"), today=D("2026-03-05")
        )
        return workflow.fee_lapse(actor=handler, fee=fee, today=TODAY)
    return workflow.application_decide(
        actor=handler, application=application, outcome=outcome, today=TODAY, **facts
    )


def decision_facts(outcome: str) -> dict[str, str]:
    rule = RULES[outcome]
    facts: dict[str, str] = {}
    if rule.provides_information:
        facts["provided"] = PROVIDED
    if rule.needs_referral:
        facts.update(referral_agency=REFERRAL_AGENCY, referral_contact=REFERRAL_CONTACT)
    if outcome == Outcome.PARTIAL:
        facts["reason"] = rule.reason + "其中第三部分含有个人隐私，依法不予公开。"
    if outcome == Outcome.NOT_HANDLED_PUBLICATION:
        facts["reason"] = rule.reason + "该书已由出版社公开发行，可在各地新华书店购买。"
    if outcome == Outcome.OTHER:
        facts["reason"] = "您已撤回申请，本机关终止办理。"
    return facts


@pytest.fixture
def reply_letter(application, handler):
    decided(application, handler, Outcome.GRANTED, provided=PROVIDED)
    return letter_draft(actor=handler, application=application, kind=LetterKind.REPLY)


# --- templates ------------------------------------------------------------------------------


def test_every_template_uses_only_the_fixed_placeholders():
    every = [
        *templates.TEMPLATES.values(),
        *templates.CONSULTATION_TEMPLATES.values(),
        *templates.REPLY_TEMPLATES.values(),
    ]
    for template in every:
        assert templates.placeholders_of(template) <= set(templates.PLACEHOLDERS)
    assert set(templates.REPLY_TEMPLATES) == set(Outcome.values)
    for outcome, template in templates.REPLY_TEMPLATES.items():
        used = templates.placeholders_of(template)
        assert {"applicant_name", "number", "reasons", "legal_basis", "remedies"} <= used
        if RULES[outcome].provides_information:
            assert "provided" in used, outcome
        if RULES[outcome].needs_referral:
            assert {"referral_agency", "referral_contact"} <= used, outcome
    with pytest.raises(templates.UnknownPlaceholder):
        templates.render("{applicant_name}{id_number}", {"applicant_name": "张三"})


# --- every outcome --------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", Outcome.values)
def test_every_outcome_produces_its_reply_letter(outcome, application, handler):
    decided(application, handler, outcome, **decision_facts(outcome))
    letter = letter_draft(actor=handler, application=application, kind=LetterKind.REPLY)
    assert templates.MISSING_MARK not in letter.body

    letter = letter_issue(actor=handler, letter=letter, now=NOW)

    assert letter.pdf and letter.docx and letter.issued_by == handler
    content = letter_pdf_bytes(letter)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert templates.reply_title(outcome) in text
    assert application.applicant_name in text
    assert application.number in text
    assert flat(RULES[outcome].basis) in text
    assert "2026年5月15日" in text
    assert re.search(r"教育局公开〔2026〕\d+号", text)
    assert "申请行政复议" in text and "提起行政诉讼" in text
    if outcome in (Outcome.GRANTED, Outcome.PARTIAL):
        assert flat(PROVIDED) in text
    if outcome == Outcome.PARTIAL:
        assert "依法不予公开" in text
    if outcome == Outcome.NOT_HANDLED_PUBLICATION:
        assert "可在各地新华书店购买" in text
    if outcome == Outcome.UNAVAILABLE_NOT_HELD:
        assert REFERRAL_AGENCY in text and flat(REFERRAL_CONTACT) in text
    docx = Document(letter.docx.open("rb"))
    paragraphs = [p.text for p in docx.paragraphs]
    assert paragraphs[0] == templates.reply_title(outcome)
    assert paragraphs[-2:] == ["测试县教育局", "2026年5月15日"]
    assert round(docx.sections[0].page_width.mm) == 210
    application.refresh_from_db()
    assert application.status == Status.REPLIED


def test_missing_facts_are_marked_and_block_issuing_until_filled(application, handler):
    decided(application, handler, Outcome.UNAVAILABLE_NOT_HELD)
    letter = letter_draft(actor=handler, application=application, kind=LetterKind.REPLY)
    assert "【待填写：负责公开该信息的机关名称" in letter.body

    with pytest.raises(LetterError) as excinfo:
        letter_issue(actor=handler, letter=letter, now=NOW)
    assert excinfo.value.code == "incomplete"

    body = re.sub(r"经了解.*", "经检索，本机关无法确定负责公开该政府信息的行政机关。", letter.body)
    letter_update(actor=handler, letter=letter, body=body)
    letter = letter_issue(actor=handler, letter=letter, now=NOW)
    assert "无法确定负责公开该政府信息的行政机关" in pdf_text(letter_pdf_bytes(letter))


def test_a_reply_needs_the_decision(application, handler):
    with pytest.raises(LetterError):
        letter_draft(actor=handler, application=application, kind=LetterKind.REPLY)


def test_remedies_name_the_bodies_of_the_guide(application, handler):
    from gongkai.catalog.models import Guide

    decided(application, handler, Outcome.WITHHELD_STATE_SECRET)
    generic = letter_draft(actor=handler, application=application, kind=LetterKind.REPLY)
    assert "向依法有管辖权的行政复议机关申请行政复议" in generic.body

    Guide.objects.create(
        agency=application.agency, reconsideration_body="测试县人民政府", court="测试县人民法院"
    )
    letter = letter_draft(actor=handler, application=application, kind=LetterKind.REPLY)
    assert (
        "如对本答复不服，可以自收到本答复之日起六十日内向测试县人民政府申请行政复议，"
        "或者在六个月内向测试县人民法院提起行政诉讼。"
    ) in letter.body


# --- the other kinds ------------------------------------------------------------------------


def test_every_other_kind_renders(application, handler, leader, mail_outbox):
    application = workflow.application_assign(
        actor=handler, application=application, handler=handler
    )
    workflow.correction_send(
        actor=handler,
        application=application,
        what="请写明所需预算信息的具体年度和项目名称。",
        sent_on=D("2026-03-04"),
        deadline=D("2026-03-18"),
        today=D("2026-03-04"),
    )
    workflow.correction_supplement(
        actor=handler, application=application, received_on=D("2026-03-09"), today=D("2026-03-09")
    )
    workflow.consultation_send(
        actor=handler,
        application=application,
        kind=ConsultationKind.THIRD_PARTY,
        party="测试建设有限公司",
        sent_on=D("2026-03-10"),
        party_received_on=D("2026-03-11"),
        today=D("2026-03-11"),
    )
    extension = workflow.extension_request(
        actor=handler,
        application=application,
        days=15,
        reason="所需信息涉及多个科室，需要汇总核实",
        today=D("2026-03-20"),
    )
    workflow.extension_approve(actor=leader, extension=extension, today=D("2026-03-20"))
    workflow.fee_notice_send(
        actor=handler,
        application=application,
        method=FeeMethod.PER_PAGE,
        units=120,
        sent_on=D("2026-03-23"),
        today=D("2026-03-23"),
    )
    application.refresh_from_db()
    consultation = application.consultations.get()
    expected = {
        LetterKind.ACKNOWLEDGMENT: ["受理回执", "2026年3月2日", "二十个工作日内"],
        LetterKind.CORRECTION: ["补正告知书", "具体年度和项目名称", "2026年3月18日前"],
        LetterKind.EXTENSION: [
            "延期答复告知书",
            "延长十五个工作日",
            "需要汇总核实",
            f"于{format_cn_date(application.due_date)}前作出答复",
        ],
        LetterKind.FEE: ["收费通知书", "按量计收", "120页", "1100.00元"],
        LetterKind.CONSULTATION: [
            "征求第三方意见函",
            "测试建设有限公司",
            f"于{format_cn_date(consultation.reply_due)}前",
        ],
    }
    for kind, phrases in expected.items():
        letter = letter_draft(actor=handler, application=application, kind=kind)
        assert templates.MISSING_MARK not in letter.body, kind
        letter = letter_issue(actor=handler, letter=letter, now=NOW)
        text = pdf_text(letter_pdf_bytes(letter))
        for phrase in phrases:
            assert phrase in text, (kind, phrase)
        assert "2026年5月15日" in text
    consultation = Letter.objects.get(kind=LetterKind.CONSULTATION)
    # Addressed to the third party: it names the information, not the applicant.
    assert not consultation.to_applicant
    assert application.applicant_name not in consultation.body
    application.refresh_from_db()
    assert application.status == Status.FEE  # only a reply closes the case


def test_consultation_of_a_co_producing_agency_says_silence_is_consent(application, handler):
    application = workflow.application_assign(
        actor=handler, application=application, handler=handler
    )
    workflow.consultation_send(
        actor=handler,
        application=application,
        kind=ConsultationKind.AGENCY,
        party="测试县财政局",
        sent_on=D("2026-03-05"),
        today=D("2026-03-05"),
    )
    letter = letter_draft(actor=handler, application=application, kind=LetterKind.CONSULTATION)
    assert letter.body.startswith("政府信息公开征求意见函\n测试县财政局：")
    assert "第三十四条" in letter.body and "视为同意公开" in letter.body
    assert "十五个工作日内" in letter.body


def test_kind_letters_need_their_records(application, handler):
    for kind in (LetterKind.CORRECTION, LetterKind.EXTENSION, LetterKind.FEE):
        with pytest.raises(LetterError):
            letter_draft(actor=handler, application=application, kind=kind)


# --- issuing --------------------------------------------------------------------------------


def test_an_issued_letter_cannot_be_changed(reply_letter, handler):
    letter = letter_issue(actor=handler, letter=reply_letter, now=NOW)
    body, sha = letter.body, letter.sha256

    with pytest.raises(LetterError):
        letter_update(actor=handler, letter=letter, body=body + "\n补充一段。")
    with pytest.raises(LetterError):
        letter_issue(actor=handler, letter=letter, now=NOW)
    with pytest.raises(LetterError):
        letter_discard(actor=handler, letter=letter)
    letter.refresh_from_db()
    assert (letter.body, letter.sha256) == (body, sha)


def test_a_draft_can_be_edited_and_discarded(application, handler):
    letter = letter_draft(actor=handler, application=application, kind=LetterKind.ACKNOWLEDGMENT)
    letter_update(actor=handler, letter=letter, body=letter.body + "\n特此回执。")
    letter.refresh_from_db()
    assert letter.body.endswith("特此回执。")
    with pytest.raises(LetterError):
        letter_update(actor=handler, letter=letter, body="只有一行")
    letter_discard(actor=handler, letter=letter)
    assert not Letter.objects.filter(pk=letter.pk).exists()


def test_sha256_matches_the_stored_pdf_and_tampering_is_detected(reply_letter, handler):
    letter = letter_issue(actor=handler, letter=reply_letter, now=NOW)
    with letter.pdf.open("rb") as handle:
        stored = handle.read()
    assert hashlib.sha256(stored).hexdigest() == letter.sha256
    assert letter_pdf_bytes(letter) == stored

    with open(letter.pdf.path, "ab") as handle:
        handle.write(b"%changed")
    with pytest.raises(LetterIntegrityError):
        letter_pdf_bytes(letter)


def test_a_draft_has_no_pdf(reply_letter):
    with pytest.raises(LetterError):
        letter_pdf_bytes(reply_letter)


def test_a_reply_closes_the_case_with_a_public_step(reply_letter, application, handler):
    letter = letter_issue(actor=handler, letter=reply_letter, now=NOW)
    application.refresh_from_db()
    assert application.status == Status.REPLIED
    assert application.replied_on == D("2026-05-15")
    step = Step.objects.get(application=application, kind="replied")
    assert step.public and letter.reference in step.text
    event = Event.objects.get(action="letter.issue")
    assert event.data["sha256"] == letter.sha256


def test_letter_numbers_count_per_agency_and_year(county, handler):
    numbers = []
    for when in ("2026-03-02", "2026-03-03"):
        application = registered_application(county.a, received_on=when)
        letter = letter_draft(
            actor=handler, application=application, kind=LetterKind.ACKNOWLEDGMENT
        )
        numbers.append(letter_issue(actor=handler, letter=letter, now=NOW).reference)
    other = registered_application(county.b, received_on="2026-03-02")
    letter = letter_draft(actor=county.handler_b, application=other, kind=LetterKind.ACKNOWLEDGMENT)
    other_number = letter_issue(actor=county.handler_b, letter=letter, now=NOW).reference
    next_year = registered_application(county.a, received_on="2026-12-30")
    letter = letter_draft(actor=handler, application=next_year, kind=LetterKind.ACKNOWLEDGMENT)
    next_year_number = letter_issue(
        actor=handler, letter=letter, now=NOW.replace(year=2027, month=1, day=4)
    ).reference

    assert numbers == ["教育局公开〔2026〕1号", "教育局公开〔2026〕2号"]
    assert other_number == "财政局公开〔2026〕1号"
    assert next_year_number == "教育局公开〔2027〕1号"


def test_a_handler_of_another_agency_cannot_draft_or_issue(reply_letter, county, application):
    for outsider in (county.handler_b, county.leader_a, county.officer_a):
        with pytest.raises(PermissionDenied):
            letter_issue(actor=outsider, letter=reply_letter, now=NOW)
        with pytest.raises(PermissionDenied):
            letter_draft(actor=outsider, application=application, kind=LetterKind.REPLY)
    reply_letter.refresh_from_db()
    assert reply_letter.issued_at is None and not reply_letter.reference


def test_the_applicant_gets_the_pdf_by_email(
    reply_letter, application, handler, mail_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_issue(actor=handler, letter=reply_letter, now=NOW)

    assert len(mail_outbox) == 1
    message = mail_outbox[0]
    assert message.to == [application.email]
    assert application.number in message.subject
    [(name, content, mimetype)] = message.attachments
    assert name == f"{letter.reference}.pdf"
    assert mimetype == "application/pdf"
    assert content == letter_pdf_bytes(letter)


def test_no_email_without_an_address(
    county, handler, mail_outbox, django_capture_on_commit_callbacks
):
    application = registered_application(county.a, email="")
    letter = letter_draft(actor=handler, application=application, kind=LetterKind.ACKNOWLEDGMENT)
    with django_capture_on_commit_callbacks(execute=True):
        letter_issue(actor=handler, letter=letter, now=NOW)
    assert mail_outbox == []


def test_the_pdf_embeds_a_chinese_font(reply_letter, handler):
    letter = letter_issue(actor=handler, letter=reply_letter, now=NOW)
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    fonts = subprocess.run(
        ["pdffonts", letter.pdf.path], capture_output=True, text=True, check=True
    ).stdout
    cjk = [line for line in fonts.splitlines() if "Noto-Serif-CJK-SC" in line]
    assert cjk and all(" yes " in line for line in cjk)


# --- delivery -------------------------------------------------------------------------------


def test_delivery_is_recorded(reply_letter, handler):
    with pytest.raises(LetterError):
        delivery_record(
            actor=handler,
            letter=reply_letter,
            method=DeliveryMethod.IN_PERSON,
            delivered_on=D("2026-05-15"),
        )
    letter = letter_issue(actor=handler, letter=reply_letter, now=NOW)
    with pytest.raises(LetterError) as excinfo:
        delivery_record(
            actor=handler, letter=letter, method=DeliveryMethod.POST, delivered_on=D("2026-05-18")
        )
    assert "receipt" in excinfo.value.message_dict
    with pytest.raises(LetterError):
        delivery_record(
            actor=handler,
            letter=letter,
            method=DeliveryMethod.IN_PERSON,
            delivered_on=D("2026-05-14"),
            today=D("2026-05-20"),
        )

    delivery = delivery_record(
        actor=handler,
        letter=letter,
        method=DeliveryMethod.POST,
        delivered_on=D("2026-05-18"),
        receipt="1150000000001",
        note="挂号信，申请人本人签收",
        today=D("2026-05-20"),
    )

    assert (delivery.method, delivery.delivered_on, delivery.receipt) == (
        DeliveryMethod.POST,
        D("2026-05-18"),
        "1150000000001",
    )
    assert delivery.recorded_by == handler
    assert Event.objects.filter(action="letter.deliver", object_id=str(letter.pk)).exists()
