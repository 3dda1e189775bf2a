"""Letters (告知书): drafted from the templates, edited, issued as DOCX and PDF, delivered.

The life of a letter: ``letter_draft`` renders the template of its kind (for a reply: of the
application's outcome) into ``Letter.body``; ``letter_update`` edits the body while it is a
draft (``letter_discard`` throws a draft away); ``letter_issue`` gives it its number (文号),
renders and stores the DOCX and the PDF with the PDF's sha256, and from then on the letter is
never changed again; ``delivery_record`` records how and when it was served (送达).

Letter numbers are ``<agency short name>公开〔<year>〕<n>号``, one gap-free series per agency and
calendar year of issue. There is no counter table: the next number is one more than the
highest number of that agency and year among the issued letters, read while the agency row is
locked (``select_for_update``; SQLite's IMMEDIATE transactions serialise writers anyway), so
two letters issued at the same moment cannot get the same number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gongkai.accounts.permissions import can
from gongkai.agencies.models import Agency
from gongkai.applications import letter_templates as templates
from gongkai.applications.documents import LetterDocument, render_docx, render_pdf
from gongkai.applications.fees import FeeMethod
from gongkai.applications.models import (
    Application,
    Consultation,
    Delivery,
    DeliveryMethod,
    Letter,
    LetterKind,
    Status,
    Step,
)
from gongkai.applications.notify import send_after_commit
from gongkai.applications.outcomes import RULES, Outcome
from gongkai.audit.services import record_event
from gongkai.core.dates import format_cn_date

__all__ = [
    "LetterError",
    "LetterIntegrityError",
    "delivery_record",
    "letter_context",
    "letter_discard",
    "letter_document",
    "letter_draft",
    "letter_issue",
    "letter_pdf_bytes",
    "letter_update",
    "next_reference",
]


class LetterError(ValidationError):
    """An action the letter's (or the application's) state does not allow."""


class LetterIntegrityError(RuntimeError):
    """A stored PDF no longer matches the sha256 taken when the letter was issued."""


def _require_handle(actor, application: Application) -> None:
    if not can(actor, "application.handle", agency=application.agency):
        raise PermissionDenied


def _site_text(message: str, **values: Any) -> str:
    """``message`` (marked with ``gettext_noop``) in the site's language: the text is stored
    on the public timeline, whatever language the staff member uses."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(message) % values if values else _(message)


# --- the context of the templates ---------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"


def _cn_number(n: int) -> str:
    """1–99 in Chinese numerals (十五, 二十), as letters write counts of days."""
    if not 0 < n < 100:
        return str(n)
    tens, units = divmod(n, 10)
    text = ("" if tens == 1 else _CN_DIGITS[tens]) + "十" if tens else ""
    return text + (_CN_DIGITS[units] if units else "")


def _office_contact(agency: Agency) -> str:
    address = agency.disclosure_address or agency.address
    phone = agency.disclosure_phone or agency.phone
    parts = []
    if address:
        parts.append(f"地址：{address}")
    if phone:
        parts.append(f"电话：{phone}")
    return "，".join(parts) or templates.missing("政府信息公开工作机构的联系方式")


def _remedies(agency: Agency) -> str:
    from gongkai.catalog.models import Guide

    guide = Guide.objects.filter(agency=agency).first()
    body = (guide.reconsideration_body.strip() if guide else "") or (
        templates.GENERIC_RECONSIDERATION_BODY
    )
    court = (guide.court.strip() if guide else "") or templates.GENERIC_COURT
    return templates.REMEDIES.format(body=body, court=court)


def _information(application: Application) -> str:
    text = f"“{application.info_title.strip()}”"
    if application.info_doc_number.strip():
        text += f"（文号：{application.info_doc_number.strip()}）"
    return text


def _reasons(application: Application) -> str:
    rule = RULES[application.outcome]
    reasons = application.outcome_reason.strip() or rule.reason
    if not reasons:
        return templates.missing("处理理由")
    if reasons == rule.reason and reasons.endswith("："):
        # The standard sentence announces what only the handler can write (部分公开: the
        # reasons for the withheld part; 公开出版物: where to get it).
        reasons += templates.missing(
            "公开出版物的名称和获取途径"
            if application.outcome == Outcome.NOT_HANDLED_PUBLICATION
            else "不予公开部分的具体理由和依据"
        )
    return reasons


def letter_context(
    application: Application, kind: str, *, consultation: Consultation | None = None
) -> dict[str, str]:
    """The values of the placeholders (``letter_templates.PLACEHOLDERS``) for one letter.

    Facts the records do not hold yet become ``【待填写：…】`` markers."""
    agency = application.agency
    context = dict.fromkeys(templates.PLACEHOLDERS, "")
    context.update(
        applicant_name=application.applicant_name,
        number=application.number,
        submitted_date=format_cn_date(timezone.localdate(application.submitted_at)),
        received_date=format_cn_date(application.received_on) or templates.missing("收到申请之日"),
        information=_information(application),
        agency_name=agency.name,
        office_contact=_office_contact(agency),
    )
    if kind == LetterKind.REPLY:
        rule = RULES[application.outcome]
        context.update(
            decision=templates.DECISIONS[application.outcome],
            reasons=_reasons(application),
            legal_basis=rule.basis,
            provided=application.provided.strip()
            or templates.missing("提供的信息，以及获取的方式、途径和时间"),
            referral_agency=application.referral_agency.strip()
            or templates.missing("负责公开该信息的机关名称；无法确定的，请改写本段"),
            referral_contact=application.referral_contact.strip()
            or templates.missing("该机关的联系方式"),
            remedies=_remedies(agency),
        )
    elif kind == LetterKind.CORRECTION:
        correction = application.correction
        context.update(
            correction_items=correction.what.strip() or templates.missing("需要补正的事项"),
            correction_deadline=format_cn_date(correction.deadline),
        )
    elif kind == LetterKind.EXTENSION:
        extension = application.extension
        context.update(
            extension_days=_cn_number(extension.days),
            extension_reason=extension.reason.strip().rstrip("。，；") or templates.missing("理由"),
            due_date=format_cn_date(application.due_date) or templates.missing("延长后的答复期限"),
        )
    elif kind == LetterKind.FEE:
        fee = application.fee
        per_item = fee.method == FeeMethod.PER_ITEM
        context.update(
            fee_method="按件计收" if per_item else "按量计收",
            fee_units=f"{fee.units}{'件' if per_item else '页'}",
            fee_amount=f"{fee.amount:.2f}",
        )
    elif kind == LetterKind.CONSULTATION:
        assert consultation is not None
        context.update(
            third_party=consultation.party.strip(),
            # The period runs from the party's receipt of this letter: a date only once
            # that receipt is known, the rule of the Regulation otherwise.
            reply_period=(
                f"于{format_cn_date(consultation.reply_due)}前"
                if consultation.reply_due and consultation.party_received_on
                else "自收到本函之日起十五个工作日内"
            ),
        )
    return context


# --- drafting ---------------------------------------------------------------------------


def _related(application: Application, name: str):
    try:
        return getattr(application, name)
    except ObjectDoesNotExist:  # the one-to-one record was not made yet
        return None


_NEEDS = {
    LetterKind.CORRECTION: ("correction", gettext_noop("Record the correction notice first.")),
    LetterKind.EXTENSION: ("extension", gettext_noop("Record the approved extension first.")),
    LetterKind.FEE: ("fee", gettext_noop("Record the fee notice first.")),
}


@transaction.atomic
def letter_draft(
    *,
    actor,
    application: Application,
    kind: str,
    consultation: Consultation | None = None,
) -> Letter:
    """A new draft letter of ``kind``, its body rendered from the template.

    A reply needs the decision (status DECIDED, an outcome); a correction, extension or fee
    letter needs its record; a consultation letter is addressed to ``consultation`` (default:
    the latest one) and not to the applicant. Writes the letter and an audit event."""
    application = (
        Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
    )
    _require_handle(actor, application)
    if kind not in LetterKind.values:
        raise LetterError(_("Unknown kind of letter."), code="kind")
    if application.status in (Status.SUBMITTED, Status.ARCHIVED):
        raise LetterError(
            _("No letter can be drafted for an application that is “%(status)s”.")
            % {"status": application.get_status_display()},
            code="status",
        )
    consultation_kind = ""
    if kind == LetterKind.REPLY:
        if application.status != Status.DECIDED or not application.outcome:
            raise LetterError(
                _("The reply can be drafted once the decision has been recorded."),
                code="not_decided",
            )
    elif kind in _NEEDS:
        name, message = _NEEDS[kind]
        record = _related(application, name)
        if record is None or (kind == LetterKind.EXTENSION and not record.approved_on):
            raise LetterError(_(message), code="no_record")
    elif kind == LetterKind.CONSULTATION:
        if consultation is None:
            consultation = application.consultations.order_by("-sent_on", "-pk").first()
        if consultation is None or consultation.application_id != application.pk:
            raise LetterError(_("Record the consultation first."), code="no_record")
        consultation_kind = consultation.kind
    context = letter_context(application, kind, consultation=consultation)
    template = templates.template_for(
        kind, outcome=application.outcome, consultation_kind=consultation_kind
    )
    title = templates.title_for(
        kind, outcome=application.outcome, consultation_kind=consultation_kind
    )
    letter = Letter.objects.create(
        application=application,
        kind=kind,
        body=title + "\n" + templates.render(template, context),
        to_applicant=kind != LetterKind.CONSULTATION,
    )
    record_event(
        actor=actor,
        action="letter.draft",
        obj=letter,
        agency=application.agency,
        data={"application": application.number, "kind": kind, "outcome": application.outcome},
    )
    return letter


def _locked_letter(letter: Letter) -> Letter:
    return (
        Letter.objects.select_for_update()
        .select_related("application", "application__agency")
        .get(pk=letter.pk)
    )


def _require_draft(letter: Letter) -> None:
    if letter.issued_at is not None:
        raise LetterError(
            _("This letter has been issued; an issued letter cannot be changed."), code="issued"
        )


def _check_body(body: str) -> str:
    lines = [line for line in body.splitlines() if line.strip()]
    if len(lines) < 3:
        raise LetterError(
            _("A letter needs a title, a salutation and at least one paragraph, one per line."),
            code="body",
        )
    return body.strip()


@transaction.atomic
def letter_update(*, actor, letter: Letter, body: str) -> Letter:
    """Change the text of a draft. Refused once the letter has been issued."""
    letter = _locked_letter(letter)
    _require_handle(actor, letter.application)
    _require_draft(letter)
    body = _check_body(body)
    if body != letter.body:
        before = len(letter.body)
        letter.body = body
        letter.save(update_fields=["body"])
        # The text holds personal data: the audit log records that it changed, not the text.
        record_event(
            actor=actor,
            action="letter.update",
            obj=letter,
            agency=letter.application.agency,
            data={"characters": [before, len(body)]},
        )
    return letter


@transaction.atomic
def letter_discard(*, actor, letter: Letter) -> None:
    """Delete a draft (a letter never issued). Issued letters are kept for ever."""
    letter = _locked_letter(letter)
    _require_handle(actor, letter.application)
    _require_draft(letter)
    record_event(
        actor=actor,
        action="letter.discard",
        obj=letter,
        agency=letter.application.agency,
        data={"kind": letter.kind},
    )
    letter.delete()


# --- issuing ------------------------------------------------------------------------------

_REFERENCE = re.compile(r"〔(\d{4})〕(\d+)号$")


def reference_prefix(agency: Agency) -> str:
    return f"{agency.short_name or agency.name}公开"


def next_reference(agency: Agency, year: int) -> str:
    """The next letter number of ``agency`` for ``year``. Call inside the issuing transaction
    with the agency row locked."""
    used = Letter.objects.filter(
        application__agency=agency, reference__contains=f"〔{year}〕"
    ).values_list("reference", flat=True)
    serials = [
        int(m.group(2)) for ref in used if (m := _REFERENCE.search(ref)) and int(m.group(1)) == year
    ]
    return f"{reference_prefix(agency)}〔{year}〕{max(serials, default=0) + 1}号"


def letter_document(letter: Letter) -> LetterDocument:
    """The letter as printed (for an issued letter: as it was issued)."""
    date = timezone.localdate(letter.issued_at) if letter.issued_at else None
    return LetterDocument.from_body(
        letter.body,
        reference=letter.reference,
        agency_name=letter.application.agency.name,
        date_text=format_cn_date(date) or templates.missing("日期"),
    )


def _file_name(letter: Letter, extension: str) -> str:
    # Letters hold personal data: a random part keeps the stored names unguessable.
    return f"{letter.application.number}-{letter.kind}-{secrets.token_hex(8)}.{extension}"


@transaction.atomic
def letter_issue(*, actor, letter: Letter, now: dt.datetime | None = None) -> Letter:
    """Issue a draft: give it its number, render and store the DOCX and the PDF, store the
    PDF's sha256, ``issued_at`` and ``issued_by``. The letter is immutable from then on.

    A reply also closes the case: the application becomes REPLIED with ``replied_on`` today,
    and a public step is added to its timeline. A letter to the applicant is e-mailed to
    them (PDF attached) after the transaction commits, if they gave an e-mail address; that
    e-mail is not recorded as 送达 (``delivery_record`` does that). Audited.

    The files are written to storage inside the transaction; if it rolls back they stay
    behind unreferenced (harmless, and the next issue writes new random names)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    letter = _locked_letter(letter)
    application = Application.objects.select_for_update().get(pk=letter.application_id)
    agency = Agency.objects.select_for_update().get(pk=application.agency_id)
    application.agency = agency
    letter.application = application
    _require_handle(actor, application)
    _require_draft(letter)
    if templates.MISSING_MARK in letter.body:
        raise LetterError(
            _("The letter still has parts to fill in (marked 【待填写：…】); complete them first."),
            code="incomplete",
        )
    if letter.kind == LetterKind.REPLY and (
        application.status != Status.DECIDED or not application.outcome
    ):
        raise LetterError(
            _("Only a decided application can be replied to; this one is “%(status)s”.")
            % {"status": application.get_status_display()},
            code="not_decided",
        )

    letter.reference = next_reference(agency, today.year)
    letter.issued_at = now
    letter.issued_by = actor
    document = letter_document(letter)
    pdf = render_pdf(document)
    letter.docx.save(_file_name(letter, "docx"), ContentFile(render_docx(document)), save=False)
    letter.pdf.save(_file_name(letter, "pdf"), ContentFile(pdf), save=False)
    letter.sha256 = hashlib.sha256(pdf).hexdigest()
    letter.save(update_fields=["reference", "issued_at", "issued_by", "docx", "pdf", "sha256"])

    if letter.kind == LetterKind.REPLY:
        application.status = Status.REPLIED
        application.replied_on = today
        application.save(update_fields=["status", "replied_on", "updated_at"])
        Step.objects.create(
            application=application,
            at=now,
            kind="replied",
            text=_site_text(
                gettext_noop("Replied: %(title)s (%(reference)s), dated %(date)s."),
                title=document.title,
                reference=letter.reference,
                date=document.date_text,
            ),
            public=True,
            actor=actor,
        )
    if letter.to_applicant and application.email:
        send_after_commit(
            to=[application.email],
            subject=_site_text(
                gettext_noop("%(title)s (application %(number)s)"),
                title=document.title,
                number=application.number,
            ),
            body=_site_text(
                gettext_noop(
                    "Dear %(name)s,\n\nattached is the letter %(reference)s of %(agency)s "
                    "about your application %(number)s for government information.\n"
                ),
                name=application.applicant_name,
                reference=letter.reference,
                agency=agency.name,
                number=application.number,
            ),
            attachments=[(f"{letter.reference}.pdf", pdf, "application/pdf")],
        )
    record_event(
        actor=actor,
        action="letter.issue",
        obj=letter,
        agency=agency,
        data={
            "application": application.number,
            "kind": letter.kind,
            "reference": letter.reference,
            "sha256": letter.sha256,
            "outcome": application.outcome if letter.kind == LetterKind.REPLY else "",
        },
    )
    return letter


def letter_pdf_bytes(letter: Letter) -> bytes:
    """The PDF exactly as issued, for downloads. Raises ``LetterError`` for a draft and
    ``LetterIntegrityError`` when the stored file no longer matches its sha256."""
    if letter.issued_at is None or not letter.pdf:
        raise LetterError(_("This letter has not been issued yet."), code="draft")
    with letter.pdf.open("rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != letter.sha256:
        raise LetterIntegrityError(f"The stored PDF of letter {letter.pk} does not match its hash.")
    return content


# --- delivery (送达) ----------------------------------------------------------------------


@transaction.atomic
def delivery_record(
    *,
    actor,
    letter: Letter,
    method: str,
    delivered_on: dt.date,
    receipt: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> Delivery:
    """Record that an issued letter was served: how, on which day (not before it was issued,
    not after ``today``), with the post's tracking number (required for post) or a receipt
    reference. Audited."""
    today = today or timezone.localdate()
    letter = _locked_letter(letter)
    _require_handle(actor, letter.application)
    if letter.issued_at is None:
        raise LetterError(_("Only an issued letter can be delivered."), code="draft")
    if method not in DeliveryMethod.values:
        raise LetterError({"method": _("Choose how the letter was delivered.")}, code="method")
    receipt, note = receipt.strip(), note.strip()
    if method == DeliveryMethod.POST and not receipt:
        raise LetterError(
            {"receipt": _("Give the tracking number of the registered letter.")}, code="receipt"
        )
    issued_on = timezone.localdate(letter.issued_at)
    if delivered_on < issued_on:
        raise LetterError(
            {
                "delivered_on": _("A letter cannot be delivered before it was issued (%(date)s).")
                % {"date": format_cn_date(issued_on)}
            },
            code="date",
        )
    if delivered_on > today:
        raise LetterError(
            {"delivered_on": _("The delivery date cannot be in the future.")}, code="date"
        )
    delivery = Delivery(
        letter=letter,
        method=method,
        delivered_on=delivered_on,
        receipt=receipt,
        note=note,
        recorded_by=actor,
    )
    delivery.full_clean()
    delivery.save()
    record_event(
        actor=actor,
        action="letter.deliver",
        obj=letter,
        agency=letter.application.agency,
        data={"method": method, "delivered_on": delivered_on, "receipt": receipt},
    )
    return delivery
