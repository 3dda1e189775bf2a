"""Staff API for letters (来信): office systems and provincial platforms push letters and take
every step of their handling. Every endpoint calls the same service as the staff screen, as
the token's staff member, so the same permission checks, audit events and e-mails apply.

A letter the token may not see answers 404 like one that does not exist. The writer of a 举报
is never in an answer unless the caller asks for the audited reveal
(``POST /letters/{number}/reveal-identity`` with a reason) and is allowed to see it.

The hotline's records (calls and visits) are under ``/hotline`` (``gongkai.hotline.api``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency, Department
from gongkai.api.staff.auth import StaffToken
from gongkai.api.staff.calls import call_service as call
from gongkai.hotline.api import router as hotline_router
from gongkai.interaction.models import Extension, Message
from gongkai.interaction.selectors import messages_visible_to
from gongkai.interaction.services import handling, identity, intake, publication

router = Router(auth=StaffToken(), tags=["staff: letters"])
router.add_router("/hotline", hotline_router)


# --- schemas ----------------------------------------------------------------------------


class MessageStepOut(Schema):
    at: dt.datetime
    kind: str
    text: str
    public: bool


class MessageTransferOut(Schema):
    at: dt.datetime
    from_agency: str
    to_agency: str
    reason: str


class MessageExtensionOut(Schema):
    id: int
    days: int
    reason: str
    requested_on: dt.date
    approved: bool | None
    decided_on: dt.date | None


class MessageWriterOut(Schema):
    writer_name: str
    writer_mobile: str
    writer_email: str
    writer_address: str


class StaffLetterOut(Schema):
    number: str
    agency: str = Field(description="现所在机关的统一社会信用代码")
    mailbox: str
    kind: str
    channel: str
    status: str
    title: str
    submitted_at: dt.datetime
    received_on: dt.date
    accepted_on: dt.date | None
    time_limit_days: int
    due_date: dt.date | None
    handler: str | None
    department: str | None
    replied_on: dt.date | None
    replied_on_time: bool | None
    reply_working_days: int | None
    rating: str
    publication: str


class MessageDetail(StaffLetterOut):
    content: str
    instructions: str
    not_accepted_reason: str
    not_accepted_note: str
    merged_into: str | None
    reply: str
    reopened_on: dt.date | None
    publish_consent: bool
    public_title: str
    public_content: str
    public_reply: str
    writer: MessageWriterOut | None = Field(
        description="来信人；举报件为 null（须经 reveal-identity 查看，留痕）"
    )
    writer_hidden: bool = Field(description="来信人信息是否隐藏（举报件）")
    steps: list[MessageStepOut]
    transfers: list[MessageTransferOut]
    extensions: list[MessageExtensionOut]


class MessageList(Schema):
    items: list[StaffLetterOut]
    next: int | None


class MessageFilters(Schema):
    status: str = ""
    kind: str = ""
    channel: str = ""
    agency: str = Field("", description="统一社会信用代码")
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    before: int | None = None
    limit: int = Field(50, ge=1, le=200)


class LetterRegisterIn(Schema):
    agency: str = Field(description="统一社会信用代码")
    channel: str = Field(description="hotline / visit / post / api")
    received_at: dt.datetime | None = None
    kind: str
    title: str
    content: str
    writer_name: str
    writer_mobile: str = ""
    writer_email: str = ""
    writer_address: str = ""
    publish_consent: bool = False


class LetterRegisterOut(Schema):
    number: str
    query_code: str


class LetterDateIn(Schema):
    on: dt.date | None = None


class NotAcceptIn(Schema):
    reason: str
    note: str


class TransferIn(Schema):
    agency: str = Field(description="接收机关的统一社会信用代码")
    reason: str


class MergeIn(Schema):
    into: str = Field(description="先前来信的编号")
    reason: str = ""


class LetterAssignIn(Schema):
    handler: str = Field(description="办理人的用户名")
    department: int | None = None
    instructions: str = ""


class ReplyIn(Schema):
    reply: str
    submit: bool = True


class ReviewIn(Schema):
    approve: bool
    note: str = ""


class LetterExtensionIn(Schema):
    days: int
    reason: str


class LetterDecideIn(Schema):
    approve: bool
    note: str = ""


class LetterReasonIn(Schema):
    reason: str


class PublicationIn(Schema):
    public_title: str | None = None
    public_content: str | None = None
    public_reply: str | None = None


class FindingOut(Schema):
    fingerprint: str
    masked: str
    message: str


class PublicationOut(Schema):
    publication: str
    public_title: str
    public_content: str
    public_reply: str
    findings: list[FindingOut]


class LetterPublishIn(Schema):
    confirm_no_personal_data: bool
    cleared: list[str] = Field(default_factory=list, description="审核员确认可保留的发现的指纹")


# --- helpers ----------------------------------------------------------------------------


def _get(request, number: str) -> Message:
    return get_object_or_404(messages_visible_to(request.auth), number=number)


def _out(m: Message) -> dict[str, Any]:
    return {
        "number": m.number,
        "agency": m.agency.credit_code,
        "mailbox": m.mailbox.name,
        "kind": m.kind,
        "channel": m.channel,
        "status": m.status,
        "title": m.title,
        "submitted_at": m.submitted_at,
        "received_on": m.received_on,
        "accepted_on": m.accepted_on,
        "time_limit_days": m.time_limit_days,
        "due_date": m.due_date,
        "handler": m.handler.username if m.handler else None,
        "department": m.department.name if m.department else None,
        "replied_on": m.replied_on,
        "replied_on_time": m.replied_on_time,
        "reply_working_days": m.reply_working_days,
        "rating": m.rating,
        "publication": m.publication,
    }


def _detail(request, message: Message, *, writer: dict | None = None) -> dict[str, Any]:
    m = (
        Message.objects.select_related("agency", "mailbox", "handler", "department", "merged_into")
        .prefetch_related("transfers__from_agency", "transfers__to_agency")
        .get(pk=message.pk)
    )
    shown = writer if writer is not None else identity.shown_identity(request.auth, m)
    return {
        **_out(m),
        "content": m.content,
        "instructions": m.instructions,
        "not_accepted_reason": m.not_accepted_reason,
        "not_accepted_note": m.not_accepted_note,
        "merged_into": m.merged_into.number if m.merged_into else None,
        "reply": m.reply,
        "reopened_on": m.reopened_on,
        "publish_consent": m.publish_consent,
        "public_title": m.public_title,
        "public_content": m.public_content,
        "public_reply": m.public_reply,
        "writer": shown,
        "writer_hidden": shown is None,
        "steps": list(m.steps.values("at", "kind", "text", "public")),
        "transfers": [
            {
                "at": t.at,
                "from_agency": t.from_agency.credit_code,
                "to_agency": t.to_agency.credit_code,
                "reason": t.reason,
            }
            for t in m.transfers.all()
        ],
        "extensions": list(
            m.extensions.values("id", "days", "reason", "requested_on", "approved", "decided_on")
        ),
    }


def _agency(credit_code: str) -> Agency:
    agency = Agency.objects.filter(credit_code=credit_code, is_active=True).first()
    if agency is None:
        raise HttpError(
            422, _("There is no agency with the credit code %(code)s.") % {"code": credit_code}
        )
    return agency


# --- reading ----------------------------------------------------------------------------


@router.get("/letters", response=MessageList, summary="来信列表")
def list_letters(request, filters: Query[MessageFilters]):
    """The letters the token's staff member may see, newest first; ``next`` is the
    ``before`` value of the next page. No writer data in the list."""
    qs = messages_visible_to(request.auth).order_by("-pk")
    for name in ("status", "kind", "channel"):
        if getattr(filters, name):
            qs = qs.filter(**{name: getattr(filters, name)})
    if filters.agency:
        qs = qs.filter(agency__credit_code=filters.agency)
    if filters.received_from:
        qs = qs.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received_on__lte=filters.received_to)
    if filters.before:
        qs = qs.filter(pk__lt=filters.before)
    rows = list(qs[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    return {"items": [_out(m) for m in rows], "next": rows[-1].pk if more and rows else None}


@router.get("/letters/{number}", response=MessageDetail, summary="来信详情及办理过程")
def letter_detail(request, number: str):
    return _detail(request, _get(request, number))


@router.post(
    "/letters/{number}/reveal-identity",
    response=MessageDetail,
    summary="查看举报人信息（须说明理由，留痕）",
)
def reveal_identity(request, number: str, payload: LetterReasonIn):
    message = _get(request, number)
    writer = call(
        identity.message_reveal_identity, actor=request.auth, message=message, reason=payload.reason
    )
    return _detail(request, message, writer=writer)


# --- intake and handling ----------------------------------------------------------------


@router.post(
    "/letters", response={201: LetterRegisterOut}, summary="登记来信（电话、来访、信件、接口）"
)
def register_letter(request, payload: LetterRegisterIn):
    agency = _agency(payload.agency)
    data = payload.dict(exclude={"agency", "channel", "received_at"})
    message, code = call(
        intake.message_register,
        actor=request.auth,
        agency=agency,
        data=data,
        channel=payload.channel,
        received_at=payload.received_at,
    )
    return Status(201, {"number": message.number, "query_code": code})


@router.post("/letters/{number}/accept", response=MessageDetail, summary="受理")
def accept(request, number: str, payload: LetterDateIn):
    message = _get(request, number)
    call(handling.message_accept, actor=request.auth, message=message, today=payload.on)
    return _detail(request, message)


@router.post("/letters/{number}/not-accept", response=MessageDetail, summary="不予受理")
def not_accept(request, number: str, payload: NotAcceptIn):
    message = _get(request, number)
    call(handling.message_not_accept, actor=request.auth, message=message, **payload.dict())
    return _detail(request, message)


@router.post("/letters/{number}/transfer", response=MessageDetail, summary="转办至其他机关")
def transfer(request, number: str, payload: TransferIn):
    message = _get(request, number)
    call(
        handling.message_transfer,
        actor=request.auth,
        message=message,
        to_agency=_agency(payload.agency),
        reason=payload.reason,
    )
    return _detail(request, message)


@router.post("/letters/{number}/merge", response=MessageDetail, summary="并单（并入先前来信）")
def merge(request, number: str, payload: MergeIn):
    message = _get(request, number)
    into = Message.objects.filter(number=payload.into).first()
    if into is None:
        raise HttpError(422, _("Not found"))
    call(
        handling.message_merge,
        actor=request.auth,
        message=message,
        into=into,
        reason=payload.reason,
    )
    return _detail(request, message)


@router.post("/letters/{number}/assign", response=MessageDetail, summary="交办（办理人、科室）")
def assign(request, number: str, payload: LetterAssignIn):
    message = _get(request, number)
    handler = User.objects.filter(username=payload.handler, is_active=True).first()
    if handler is None:
        raise HttpError(422, _("There is no active staff member with this user name."))
    department = None
    if payload.department is not None:
        department = Department.objects.filter(pk=payload.department).first()
        if department is None:
            raise HttpError(422, _("Not found"))
    call(
        handling.message_assign,
        actor=request.auth,
        message=message,
        handler=handler,
        department=department,
        instructions=payload.instructions,
    )
    return _detail(request, message)


@router.post("/letters/{number}/reply", response=MessageDetail, summary="起草答复（并送审）")
def reply(request, number: str, payload: ReplyIn):
    message = _get(request, number)
    call(
        handling.message_reply_draft,
        actor=request.auth,
        message=message,
        reply=payload.reply,
        submit=payload.submit,
    )
    return _detail(request, message)


@router.post("/letters/{number}/review", response=MessageDetail, summary="审核答复（通过或退回）")
def review(request, number: str, payload: ReviewIn):
    message = _get(request, number)
    call(
        handling.message_reply_review,
        actor=request.auth,
        message=message,
        approve=payload.approve,
        note=payload.note,
    )
    return _detail(request, message)


@router.post("/letters/{number}/extension", response=MessageDetail, summary="申请延期")
def extension_request(request, number: str, payload: LetterExtensionIn):
    message = _get(request, number)
    call(
        handling.extension_request,
        actor=request.auth,
        message=message,
        days=payload.days,
        reason=payload.reason,
    )
    return _detail(request, message)


@router.post(
    "/letters/{number}/extensions/{extension_id}/decide",
    response=MessageDetail,
    summary="审批延期（领导）",
)
def extension_decide(request, number: str, extension_id: int, payload: LetterDecideIn):
    message = _get(request, number)
    extension = get_object_or_404(Extension, pk=extension_id, message=message)
    call(
        handling.extension_decide,
        actor=request.auth,
        extension=extension,
        approve=payload.approve,
        note=payload.note,
    )
    return _detail(request, message)


@router.post("/letters/{number}/reopen", response=MessageDetail, summary="重新办理（不满意）")
def reopen(request, number: str, payload: LetterReasonIn):
    message = _get(request, number)
    call(handling.message_reopen, actor=request.auth, message=message, reason=payload.reason)
    return _detail(request, message)


# --- publication ------------------------------------------------------------------------


def _publication(message: Message) -> dict[str, Any]:
    message.refresh_from_db()
    findings = publication.public_findings(message) if message.public_title else []
    return {
        "publication": message.publication,
        "public_title": message.public_title,
        "public_content": message.public_content,
        "public_reply": message.public_reply,
        "findings": [
            {"fingerprint": f.fingerprint, "masked": f.masked, "message": str(f.message)}
            for f in findings
        ],
    }


@router.get(
    "/letters/{number}/publication",
    response=PublicationOut,
    summary="公开文本及个人信息检查结果",
)
def publication_state(request, number: str):
    return _publication(_get(request, number))


@router.post(
    "/letters/{number}/publication/prepare",
    response=PublicationOut,
    summary="拟定公开文本（不填则由原文去除个人信息生成）",
)
def publication_prepare(request, number: str, payload: PublicationIn):
    message = _get(request, number)
    call(
        publication.message_publication_prepare,
        actor=request.auth,
        message=message,
        **payload.dict(),
    )
    return _publication(message)


@router.post(
    "/letters/{number}/publication/publish",
    response=PublicationOut,
    summary="审核公开（确认无个人信息）",
)
def publication_publish(request, number: str, payload: LetterPublishIn):
    message = _get(request, number)
    call(
        publication.message_publish,
        actor=request.auth,
        message=message,
        confirm_no_personal_data=payload.confirm_no_personal_data,
        cleared=payload.cleared,
    )
    return _publication(message)


@router.post("/letters/{number}/publication/withdraw", response=PublicationOut, summary="撤回公开")
def publication_withdraw(request, number: str, payload: LetterReasonIn):
    message = _get(request, number)
    call(publication.message_unpublish, actor=request.auth, message=message, reason=payload.reason)
    return _publication(message)
