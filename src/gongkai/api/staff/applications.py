"""Staff API for on-request disclosure: provincial platforms and office systems push
applications and pull status. Every endpoint calls the same service as the screen does, as
the token's staff member, so the same permission checks and audit events apply."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.api.staff.auth import StaffToken
from gongkai.api.staff.calls import call_service as _call
from gongkai.applications.ledger_values import NO_CLOCK
from gongkai.applications.models import Application, Consultation, Letter
from gongkai.applications.selectors import applications_visible_to
from gongkai.applications.services import intake, letters, workflow
from gongkai.applications.services.clock import current_clock
from gongkai.catalog.privacy import mask_id_number
from gongkai.workdays.calendar import CalendarMissing

router = Router(auth=StaffToken(), tags=["staff: applications"])


# --- schemas ----------------------------------------------------------------------------


class StepOut(Schema):
    at: dt.datetime
    kind: str
    text: str
    public: bool


class LetterOut(Schema):
    id: int
    kind: str
    reference: str
    issued_at: dt.datetime | None


class ApplicationOut(Schema):
    number: str
    agency: str
    imported: bool  # brought in from a past ledger (gongkai import applications)
    ledger_number: str  # its number in that ledger; "" for a case handled here
    status: str
    channel: str
    applicant_kind: str
    applicant_name: str
    id_type: str
    id_number_masked: str
    info_title: str
    info_doc_number: str
    submitted_at: dt.datetime
    received_on: dt.date | None
    clock_start: dt.date | None
    due_date: dt.date | None
    paused_working_days: int
    handler: str | None
    outcome: str
    decided_on: dt.date | None
    replied_on: dt.date | None


class ApplicationDetail(ApplicationOut):
    clock_explanation: list[str]
    steps: list[StepOut]
    letters: list[LetterOut]


class ApplicationList(Schema):
    items: list[ApplicationOut]
    next: int | None


class ApplicationRegisterIn(Schema):
    agency: str  # credit code
    channel: str
    received_on: dt.date | None = None
    receipt_note: str = ""
    applicant_kind: str
    applicant_name: str
    id_type: str
    id_number: str
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    info_title: str
    info_doc_number: str = ""
    info_description: str = ""
    form_wanted: str
    delivery_wanted: str


class ApplicationRegisterOut(Schema):
    number: str
    query_code: str


class ApplicationDateIn(Schema):
    on: dt.date | None = None


class ApplicationAssignIn(Schema):
    handler: str  # user name


class CorrectionIn(Schema):
    what: str
    deadline: dt.date
    sent_on: dt.date | None = None


class SupplementIn(Schema):
    received_on: dt.date
    text: str = ""


class ConsultationIn(Schema):
    kind: str
    party: str
    sent_on: dt.date | None = None
    party_received_on: dt.date | None = None


class ConsultationReplyIn(Schema):
    replied_on: dt.date
    agrees: bool | None = None
    summary: str = ""


class ApplicationExtensionIn(Schema):
    days: int
    reason: str


class FeeIn(Schema):
    method: str
    units: int
    sent_on: dt.date | None = None


class ApplicationDecideIn(Schema):
    outcome: str
    reason: str | None = None
    provided: str = ""
    referral_agency: str = ""
    referral_contact: str = ""


class LetterIn(Schema):
    kind: str


class RemedyIn(Schema):
    kind: str
    filed_on: dt.date
    body: str = ""
    after_reconsideration: bool = False
    result: str = "pending"
    concluded_on: dt.date | None = None
    note: str = ""


# --- helpers ----------------------------------------------------------------------------


def _get(request, number: str) -> Application:
    # Not visible and not existing look the same.
    return get_object_or_404(applications_visible_to(request.auth), number=number)


def _out(application: Application) -> dict[str, Any]:
    return {
        "number": application.number,
        "agency": application.agency.credit_code,
        "imported": application.imported,
        "ledger_number": application.ledger_number,
        "status": application.status,
        "channel": application.channel,
        "applicant_kind": application.applicant_kind,
        "applicant_name": application.applicant_name,
        "id_type": application.id_type,
        "id_number_masked": mask_id_number(application.id_number),
        "info_title": application.info_title,
        "info_doc_number": application.info_doc_number,
        "submitted_at": application.submitted_at,
        "received_on": application.received_on,
        "clock_start": application.clock_start,
        "due_date": application.due_date,
        "paused_working_days": application.paused_working_days,
        "handler": application.handler.username if application.handler else None,
        "outcome": application.outcome,
        "decided_on": application.decided_on,
        "replied_on": application.replied_on,
    }


def _letter_out(letter: Letter) -> dict[str, Any]:
    return {
        "id": letter.pk,
        "kind": letter.kind,
        "reference": letter.reference,
        "issued_at": letter.issued_at,
    }


def _detail(application: Application) -> dict[str, Any]:
    application = Application.objects.select_related("agency", "handler").get(pk=application.pk)
    try:
        explanation = (
            [str(NO_CLOCK)] if application.imported else current_clock(application).explanation
        )
    except CalendarMissing as exc:
        explanation = [str(exc)]
    return {
        **_out(application),
        "clock_explanation": explanation,
        "steps": list(application.steps.values("at", "kind", "text", "public")),
        "letters": list(application.letters.values("id", "kind", "reference", "issued_at")),
    }


# --- endpoints --------------------------------------------------------------------------


@router.get("/applications", response=ApplicationList, summary="申请列表")
def list_applications(request, status: str = "", before: int | None = None, limit: int = 50):
    """Applications the token's staff member may see, newest first; ``next`` is the ``before``
    value of the next page."""
    limit = max(1, min(limit, 200))
    qs = applications_visible_to(request.auth).order_by("-pk")
    if status:
        qs = qs.filter(status=status)
    if before:
        qs = qs.filter(pk__lt=before)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [_out(a) for a in rows], "next": rows[-1].pk if more and rows else None}


@router.post("/applications", response={201: ApplicationRegisterOut}, summary="登记申请")
def register_application(request, payload: ApplicationRegisterIn):
    agency = get_object_or_404(Agency, credit_code=payload.agency, is_active=True)
    data = payload.dict(exclude={"agency", "channel", "received_on", "receipt_note"})
    application, code = _call(
        intake.application_register,
        actor=request.auth,
        agency=agency,
        data=data,
        channel=payload.channel,
        received_on=payload.received_on,
        receipt_note=payload.receipt_note,
    )
    return Status(201, {"number": application.number, "query_code": code})


@router.get("/applications/{number}", response=ApplicationDetail, summary="申请详情")
def application_detail(request, number: str):
    return _detail(_get(request, number))


@router.post(
    "/applications/{number}/confirm-receipt",
    response=ApplicationDetail,
    summary="确认收到（网上申请）",
)
def confirm_receipt(request, number: str, payload: ApplicationDateIn):
    application = _call(
        intake.application_confirm_receipt,
        actor=request.auth,
        application=_get(request, number),
        received_on=payload.on,
    )
    return _detail(application)


@router.post("/applications/{number}/assign", response=ApplicationDetail, summary="分配办理人")
def assign(request, number: str, payload: ApplicationAssignIn):
    application = _get(request, number)
    handler = User.objects.filter(username=payload.handler, is_active=True).first()
    if handler is None:
        raise HttpError(422, _("There is no active staff member with this user name."))
    fn = workflow.application_reassign if application.handler_id else workflow.application_assign
    return _detail(_call(fn, actor=request.auth, application=application, handler=handler))


@router.post("/applications/{number}/correction", response=ApplicationDetail, summary="补正告知")
def correction(request, number: str, payload: CorrectionIn):
    application = _get(request, number)
    _call(
        workflow.correction_send,
        actor=request.auth,
        application=application,
        what=payload.what,
        deadline=payload.deadline,
        sent_on=payload.sent_on,
    )
    return _detail(application)


@router.post(
    "/applications/{number}/correction/supplement", response=ApplicationDetail, summary="收到补正"
)
def supplement(request, number: str, payload: SupplementIn):
    application = _get(request, number)
    _call(
        workflow.correction_supplement,
        actor=request.auth,
        application=application,
        received_on=payload.received_on,
        text=payload.text,
    )
    return _detail(application)


@router.post("/applications/{number}/consultations", response=ApplicationDetail, summary="征求意见")
def consult(request, number: str, payload: ConsultationIn):
    application = _get(request, number)
    _call(
        workflow.consultation_send,
        actor=request.auth,
        application=application,
        kind=payload.kind,
        party=payload.party,
        sent_on=payload.sent_on,
        party_received_on=payload.party_received_on,
    )
    return _detail(application)


@router.post(
    "/applications/{number}/consultations/{consultation_id}/reply",
    response=ApplicationDetail,
    summary="征求意见答复",
)
def consultation_reply(request, number: str, consultation_id: int, payload: ConsultationReplyIn):
    application = _get(request, number)
    consultation = get_object_or_404(Consultation, pk=consultation_id, application=application)
    _call(
        workflow.consultation_record_reply,
        actor=request.auth,
        consultation=consultation,
        replied_on=payload.replied_on,
        agrees=payload.agrees,
        summary=payload.summary,
    )
    return _detail(application)


@router.post("/applications/{number}/extension", response=ApplicationDetail, summary="申请延期")
def extension(request, number: str, payload: ApplicationExtensionIn):
    application = _get(request, number)
    _call(
        workflow.extension_request,
        actor=request.auth,
        application=application,
        days=payload.days,
        reason=payload.reason,
    )
    return _detail(application)


@router.post(
    "/applications/{number}/extension/approve",
    response=ApplicationDetail,
    summary="批准延期（领导）",
)
def extension_approve(request, number: str):
    application = _get(request, number)
    extension = getattr(application, "extension", None)
    if extension is None:
        raise HttpError(422, _("No extension has been requested."))
    _call(workflow.extension_approve, actor=request.auth, extension=extension)
    return _detail(application)


@router.post("/applications/{number}/fee", response=ApplicationDetail, summary="收费通知")
def fee(request, number: str, payload: FeeIn):
    application = _get(request, number)
    _call(
        workflow.fee_notice_send,
        actor=request.auth,
        application=application,
        method=payload.method,
        units=payload.units,
        sent_on=payload.sent_on,
    )
    return _detail(application)


@router.post(
    "/applications/{number}/fee/received", response=ApplicationDetail, summary="收费通知送达"
)
def fee_received(request, number: str, payload: ApplicationDateIn):
    application = _get(request, number)
    fee = getattr(application, "fee", None)
    if fee is None or payload.on is None:
        raise HttpError(422, _("There is no fee notice, or the date is missing."))
    _call(workflow.fee_notice_received, actor=request.auth, fee=fee, received_on=payload.on)
    return _detail(application)


@router.post("/applications/{number}/fee/paid", response=ApplicationDetail, summary="已缴费")
def fee_paid(request, number: str, payload: ApplicationDateIn):
    application = _get(request, number)
    fee = getattr(application, "fee", None)
    if fee is None or payload.on is None:
        raise HttpError(422, _("There is no fee notice, or the date is missing."))
    _call(workflow.fee_paid, actor=request.auth, fee=fee, paid_on=payload.on)
    return _detail(application)


@router.post("/applications/{number}/decide", response=ApplicationDetail, summary="作出办理决定")
def decide(request, number: str, payload: ApplicationDecideIn):
    application = _get(request, number)
    _call(
        workflow.application_decide, actor=request.auth, application=application, **payload.dict()
    )
    return _detail(application)


@router.post("/applications/{number}/letters", response={201: LetterOut}, summary="起草告知书")
def draft_letter(request, number: str, payload: LetterIn):
    application = _get(request, number)
    letter = _call(
        letters.letter_draft, actor=request.auth, application=application, kind=payload.kind
    )
    return Status(201, _letter_out(letter))


@router.post(
    "/applications/{number}/letters/{letter_id}/issue", response=LetterOut, summary="签发告知书"
)
def issue_letter(request, number: str, letter_id: int):
    application = _get(request, number)
    letter = get_object_or_404(Letter, pk=letter_id, application=application)
    letter = _call(letters.letter_issue, actor=request.auth, letter=letter)
    return _letter_out(letter)


@router.get("/applications/{number}/letters/{letter_id}.pdf", summary="下载已签发的告知书（PDF）")
def letter_pdf(request, number: str, letter_id: int):
    application = _get(request, number)
    letter = get_object_or_404(
        Letter, pk=letter_id, application=application, issued_at__isnull=False
    )
    response = HttpResponse(letters.letter_pdf_bytes(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{application.number}-{letter.pk}.pdf"'
    return response


@router.post("/applications/{number}/archive", response=ApplicationDetail, summary="归档")
def archive(request, number: str):
    application = _get(request, number)
    _call(workflow.application_archive, actor=request.auth, application=application)
    return _detail(application)


@router.post(
    "/applications/{number}/remedies", response=ApplicationDetail, summary="登记行政复议或行政诉讼"
)
def remedy(request, number: str, payload: RemedyIn):
    application = _get(request, number)
    _call(workflow.remedy_add, actor=request.auth, application=application, **payload.dict())
    return _detail(application)


class ApplicationReasonIn(Schema):
    reason: str = ""


class LetterBodyIn(Schema):
    body: str


class DeliveryIn(Schema):
    method: str
    delivered_on: dt.date
    receipt: str = ""
    note: str = ""


class RemedyUpdateIn(Schema):
    result: str | None = None
    concluded_on: dt.date | None = None
    note: str | None = None


@router.post(
    "/applications/{number}/correction/lapse", response=ApplicationDetail, summary="逾期未补正"
)
def correction_lapse(request, number: str):
    application = _get(request, number)
    _call(workflow.correction_lapse, actor=request.auth, application=application)
    return _detail(application)


@router.post(
    "/applications/{number}/consultations/{consultation_id}/received",
    response=ApplicationDetail,
    summary="征求意见函送达",
)
def consultation_received(request, number: str, consultation_id: int, payload: ApplicationDateIn):
    application = _get(request, number)
    consultation = get_object_or_404(Consultation, pk=consultation_id, application=application)
    if payload.on is None:
        raise HttpError(422, _("The date is missing."))
    _call(
        workflow.consultation_party_received,
        actor=request.auth,
        consultation=consultation,
        party_received_on=payload.on,
    )
    return _detail(application)


@router.post(
    "/applications/{number}/consultations/{consultation_id}/deem-consent",
    response=ApplicationDetail,
    summary="逾期未答复视为同意（其他机关）",
)
def consultation_deem_consent(request, number: str, consultation_id: int):
    application = _get(request, number)
    consultation = get_object_or_404(Consultation, pk=consultation_id, application=application)
    _call(workflow.consultation_deem_consent, actor=request.auth, consultation=consultation)
    return _detail(application)


@router.post(
    "/applications/{number}/extension/refuse",
    response=ApplicationDetail,
    summary="不批准延期（领导）",
)
def extension_refuse(request, number: str, payload: ApplicationReasonIn):
    application = _get(request, number)
    extension = getattr(application, "extension", None)
    if extension is None:
        raise HttpError(422, _("No extension has been requested."))
    _call(workflow.extension_refuse, actor=request.auth, extension=extension, reason=payload.reason)
    return _detail(application)


@router.post("/applications/{number}/fee/lapse", response=ApplicationDetail, summary="逾期未缴费")
def fee_lapse(request, number: str):
    application = _get(request, number)
    fee = getattr(application, "fee", None)
    if fee is None:
        raise HttpError(422, _("There is no fee notice, or the date is missing."))
    _call(workflow.fee_lapse, actor=request.auth, fee=fee)
    return _detail(application)


@router.put(
    "/applications/{number}/letters/{letter_id}", response=LetterOut, summary="修改告知书草稿"
)
def update_letter(request, number: str, letter_id: int, payload: LetterBodyIn):
    application = _get(request, number)
    letter = get_object_or_404(Letter, pk=letter_id, application=application)
    return _letter_out(
        _call(letters.letter_update, actor=request.auth, letter=letter, body=payload.body)
    )


@router.post(
    "/applications/{number}/letters/{letter_id}/deliveries",
    response=ApplicationDetail,
    summary="登记送达",
)
def deliver_letter(request, number: str, letter_id: int, payload: DeliveryIn):
    application = _get(request, number)
    letter = get_object_or_404(Letter, pk=letter_id, application=application)
    _call(letters.delivery_record, actor=request.auth, letter=letter, **payload.dict())
    return _detail(application)


@router.patch(
    "/applications/{number}/remedies/{remedy_id}",
    response=ApplicationDetail,
    summary="更新复议或诉讼结果",
)
def update_remedy(request, number: str, remedy_id: int, payload: RemedyUpdateIn):
    from gongkai.applications.models import Remedy

    application = _get(request, number)
    remedy = get_object_or_404(Remedy, pk=remedy_id, application=application)
    fields = {k: v for k, v in payload.dict().items() if v is not None}
    _call(workflow.remedy_update, actor=request.auth, remedy=remedy, **fields)
    return _detail(application)
