"""Staff API of 意见征集 and 听证: every step of the screens — create, change, add files,
publish, close, enter comments received otherwise, moderate, decide, write and publish the
feedback, choose hearing participants. Each endpoint calls the same service as the screen, as
the token's staff member, so the same permission checks and audit events apply.

Comments and registrations are listed without the contact details of the public; those are
shown only on the screen, after an audited reveal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from gongkai.accounts.permissions import agencies_where
from gongkai.agencies.models import Agency
from gongkai.api.staff.auth import StaffToken
from gongkai.api.staff.calls import call_service as _call
from gongkai.catalog.models import Item
from gongkai.solicitation import services
from gongkai.solicitation.models import Comment, FeedbackEntry, Registration, Solicitation
from gongkai.solicitation.rules import days_remaining, period_days, phase_of
from gongkai.solicitation.selectors import figures, solicitations_visible_to

router = Router(auth=StaffToken(), tags=["staff: solicitation"])


# --- schemas ----------------------------------------------------------------------------


class SolicitationFiguresOut(Schema):
    received: int
    approved: int
    rejected: int
    pending: int
    adopted: int
    partly_adopted: int
    not_adopted: int
    undecided: int


class SolicitationFileOut(Schema):
    id: int
    name: str
    role: str
    type: str
    size: int


class SolicitationOut(Schema):
    id: int
    agency: str = Field(description="统一社会信用代码")
    kind: str
    status: str = Field(description="draft / published / closed / feedback_published")
    phase: str = Field(description="draft / upcoming / open / ended / closed / feedback")
    title: str
    summary: str
    draft_html: str
    explanation_html: str
    opens_on: dt.date
    closes_on: dt.date
    period_days: int
    days_remaining: int
    short_period_reason: str
    accepts_online: bool
    comment_email: str
    comment_address: str
    comment_postcode: str
    contact_department: str
    contact_phone: str
    hearing_at: dt.datetime | None
    hearing_place: str
    seats: int | None
    signup_instructions: str
    published_at: dt.datetime | None
    closed_at: dt.datetime | None
    closed_early_reason: str
    feedback_summary: str
    hearing_record: str
    attended_count: int | None
    final_item: int | None
    feedback_published_at: dt.datetime | None
    figures: SolicitationFiguresOut
    files: list[SolicitationFileOut]


class SolicitationList(Schema):
    items: list[SolicitationOut]
    next: int | None


class SolicitationFields(Schema):
    title: str | None = None
    summary: str | None = None
    draft_html: str | None = None
    explanation_html: str | None = None
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    short_period_reason: str | None = Field(None, description="征集期少于 30 日时必填")
    accepts_online: bool | None = None
    comment_email: str | None = None
    comment_address: str | None = None
    comment_postcode: str | None = None
    contact_department: str | None = None
    contact_phone: str | None = None
    hearing_at: dt.datetime | None = None
    hearing_place: str | None = None
    seats: int | None = None
    signup_instructions: str | None = None


class SolicitationIn(SolicitationFields):
    agency: str = Field(description="统一社会信用代码")
    kind: Literal["solicitation", "hearing"] = "solicitation"
    title: str
    opens_on: dt.date
    closes_on: dt.date


class SolicitationPublishIn(Schema):
    confirm_findings: bool = Field(False, description="确认隐私检查发现的内容可以公开")


class CloseIn(Schema):
    reason: str = Field("", description="提前结束时必填")


class SolicitationCommentOut(Schema):
    id: int
    channel: str
    status: str
    received_on: dt.date
    section: str
    nickname: str
    text: str = Field(description="原文（仅工作人员可见）")
    public_text: str = Field(description="公开的文本")
    redacted: bool
    rejection_reason: str
    decision: int | None = Field(description="所属的采纳决定 id")


class CommentIn(Schema):
    channel: Literal["email", "post", "hearing", "other"]
    received_on: dt.date
    name: str = ""
    phone: str = ""
    email: str = ""
    section: str = ""
    text: str


class ApproveIn(Schema):
    public_text: str | None = Field(None, description="公开的文本；不填则为原文")
    confirm_findings: bool = False


class SolicitationRejectIn(Schema):
    reason: str


class DecisionIn(Schema):
    summary: str
    decision: Literal["adopted", "partly_adopted", "not_adopted"]
    reason: str = ""
    comments: list[int]


class DecisionOut(Schema):
    id: int
    summary: str
    decision: str
    reason: str
    comments: list[int]


class FeedbackIn(Schema):
    summary: str
    hearing_record: str = ""
    attended_count: int | None = None
    final_item: int | None = Field(None, description="目录中已公开信息的 id")


class FinalIn(Schema):
    final_item: int | None


class RegistrationOut(Schema):
    id: int
    status: str
    organisation: str
    standpoint: str
    submitted_at: dt.datetime


class SolicitationDecideIn(Schema):
    selected: bool


# --- helpers ----------------------------------------------------------------------------


def _get(request, pk: int) -> Solicitation:
    # Not visible and not existing look the same.
    return get_object_or_404(solicitations_visible_to(request.auth), pk=pk)


def _visible_agencies(request):
    return agencies_where(request.auth, "solicitation.view")


def _comment(request, pk: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("solicitation", "solicitation__agency"),
        pk=pk,
        solicitation__agency__in=_visible_agencies(request),
    )


def _item(pk: int | None) -> Item | None:
    if pk is None:
        return None
    item = Item.objects.filter(pk=pk).first()
    if item is None:
        raise HttpError(422, _("Not found"))
    return item


# Fields copied as they are into SolicitationOut.
_COPIED = (
    "kind",
    "status",
    "title",
    "summary",
    "draft_html",
    "explanation_html",
    "opens_on",
    "closes_on",
    "short_period_reason",
    "accepts_online",
    "comment_email",
    "comment_address",
    "comment_postcode",
    "contact_department",
    "contact_phone",
    "hearing_at",
    "hearing_place",
    "seats",
    "signup_instructions",
    "published_at",
    "closed_at",
    "closed_early_reason",
    "feedback_summary",
    "hearing_record",
    "attended_count",
    "feedback_published_at",
)


def _out(s: Solicitation) -> dict[str, Any]:
    s = Solicitation.objects.select_related("agency").get(pk=s.pk)
    today = timezone.localdate()
    counts = figures(s)
    return {
        **{name: getattr(s, name) for name in _COPIED},
        "id": s.pk,
        "agency": s.agency.credit_code,
        "phase": phase_of(s, today).value,
        "period_days": period_days(s.opens_on, s.closes_on),
        "days_remaining": days_remaining(s.closes_on, today),
        "final_item": s.final_item_id,
        "figures": {
            "received": counts.received,
            "approved": counts.approved,
            "rejected": counts.rejected,
            "pending": counts.pending,
            "adopted": counts.adopted,
            "partly_adopted": counts.partly_adopted,
            "not_adopted": counts.not_adopted,
            "undecided": counts.undecided,
        },
        "files": [
            {"id": f.pk, "name": f.name, "role": f.role, "type": f.kind, "size": f.size}
            for f in s.files.all()
        ],
    }


def _comment_out(c: Comment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "channel": c.channel,
        "status": c.status,
        "received_on": c.received_on,
        "section": c.section,
        "nickname": c.nickname,
        "text": c.text,
        "public_text": c.public_text,
        "redacted": c.redacted,
        "rejection_reason": c.rejection_reason,
        "decision": c.entry_id,
    }


def _registration_out(r: Registration) -> dict[str, Any]:
    return {
        "id": r.pk,
        "status": r.status,
        "organisation": r.organisation,
        "standpoint": r.standpoint,
        "submitted_at": r.submitted_at,
    }


def _decision_out(entry: FeedbackEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "summary": entry.summary,
        "decision": entry.decision,
        "reason": entry.reason,
        "comments": sorted(entry.comments.values_list("pk", flat=True)),
    }


def _fields(payload: Schema, *, exclude: set[str] = frozenset()) -> dict[str, Any]:
    return {k: v for k, v in payload.dict(exclude_unset=True).items() if k not in exclude}


# --- solicitations ----------------------------------------------------------------------


@router.get("/solicitations", response=SolicitationList, summary="意见征集和听证列表")
def list_solicitations(request, status: str = "", before: int | None = None, limit: int = 50):
    """Solicitations the token's staff member may see, newest first; ``next`` is the
    ``before`` value of the next page."""
    limit = max(1, min(limit, 200))
    qs = solicitations_visible_to(request.auth).order_by("-pk")
    if status:
        qs = qs.filter(status=status)
    if before:
        qs = qs.filter(pk__lt=before)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [_out(s) for s in rows], "next": rows[-1].pk if more and rows else None}


@router.post(
    "/solicitations", response={201: SolicitationOut}, summary="新建意见征集或听证（草稿）"
)
def create_solicitation(request, payload: SolicitationIn):
    agency = get_object_or_404(Agency, credit_code=payload.agency, is_active=True)
    s = _call(
        services.solicitation_create,
        actor=request.auth,
        agency=agency,
        kind=payload.kind,
        **_fields(payload, exclude={"agency", "kind"}),
    )
    return Status(201, _out(s))


@router.get("/solicitations/{solicitation_id}", response=SolicitationOut, summary="详情")
def solicitation_detail(request, solicitation_id: int):
    return _out(_get(request, solicitation_id))


@router.patch("/solicitations/{solicitation_id}", response=SolicitationOut, summary="修改")
def update_solicitation(request, solicitation_id: int, payload: SolicitationFields):
    s = _call(
        services.solicitation_update,
        actor=request.auth,
        solicitation=_get(request, solicitation_id),
        **_fields(payload),
    )
    return _out(s)


@router.post(
    "/solicitations/{solicitation_id}/files",
    response={201: SolicitationOut},
    summary="上传文件（征求意见稿、起草说明等）",
)
def upload_file(
    request,
    solicitation_id: int,
    file: File[UploadedFile],
    role: Form[Literal["draft", "explanation", "other"]] = "draft",
):
    s = _get(request, solicitation_id)
    _call(
        services.solicitation_attach,
        actor=request.auth,
        solicitation=s,
        content=file.read(),
        name=file.name,
        role=role,
    )
    return Status(201, _out(s))


@router.post("/solicitations/{solicitation_id}/publish", response=SolicitationOut, summary="发布")
def publish(request, solicitation_id: int, payload: SolicitationPublishIn):
    s = _call(
        services.solicitation_publish,
        actor=request.auth,
        solicitation=_get(request, solicitation_id),
        confirm_findings=payload.confirm_findings,
    )
    return _out(s)


@router.post("/solicitations/{solicitation_id}/close", response=SolicitationOut, summary="结束征集")
def close(request, solicitation_id: int, payload: CloseIn):
    s = _call(
        services.solicitation_close,
        actor=request.auth,
        solicitation=_get(request, solicitation_id),
        reason=payload.reason,
    )
    return _out(s)


# --- comments ---------------------------------------------------------------------------


@router.get(
    "/solicitations/{solicitation_id}/comments",
    response=list[SolicitationCommentOut],
    summary="收到的意见（不含联系方式）",
)
def list_comments(request, solicitation_id: int, status: str = ""):
    qs = _get(request, solicitation_id).comments.order_by("submitted_at", "pk")
    if status:
        qs = qs.filter(status=status)
    return [_comment_out(c) for c in qs]


@router.post(
    "/solicitations/{solicitation_id}/comments",
    response={201: SolicitationCommentOut},
    summary="登记通过邮件、信函、听证会等收到的意见",
)
def register_comment(request, solicitation_id: int, payload: CommentIn):
    c = _call(
        services.comment_register,
        actor=request.auth,
        solicitation=_get(request, solicitation_id),
        channel=payload.channel,
        received_on=payload.received_on,
        data=payload.dict(exclude={"channel", "received_on"}),
    )
    return Status(201, _comment_out(c))


@router.post(
    "/solicitation-comments/{comment_id}/approve",
    response=SolicitationCommentOut,
    summary="审核通过并公开",
)
def approve_comment(request, comment_id: int, payload: ApproveIn):
    c = _call(
        services.comment_approve,
        actor=request.auth,
        comment=_comment(request, comment_id),
        public_text=payload.public_text,
        confirm_findings=payload.confirm_findings,
    )
    return _comment_out(c)


@router.post(
    "/solicitation-comments/{comment_id}/reject",
    response=SolicitationCommentOut,
    summary="不予公开",
)
def reject_comment(request, comment_id: int, payload: SolicitationRejectIn):
    c = _call(
        services.comment_reject,
        actor=request.auth,
        comment=_comment(request, comment_id),
        reason=payload.reason,
    )
    return _comment_out(c)


# --- feedback ---------------------------------------------------------------------------


def _entry(request, pk: int) -> FeedbackEntry:
    return get_object_or_404(
        FeedbackEntry.objects.select_related("solicitation", "solicitation__agency"),
        pk=pk,
        solicitation__agency__in=_visible_agencies(request),
    )


@router.post(
    "/solicitations/{solicitation_id}/decisions",
    response={201: DecisionOut},
    summary="对意见作出采纳决定",
)
def create_decision(request, solicitation_id: int, payload: DecisionIn):
    entry = _call(
        services.entry_save,
        actor=request.auth,
        solicitation=_get(request, solicitation_id),
        summary=payload.summary,
        decision=payload.decision,
        reason=payload.reason,
        comments=payload.comments,
    )
    return Status(201, _decision_out(entry))


@router.put("/solicitation-decisions/{decision_id}", response=DecisionOut, summary="修改采纳决定")
def update_decision(request, decision_id: int, payload: DecisionIn):
    entry = _entry(request, decision_id)
    entry = _call(
        services.entry_save,
        actor=request.auth,
        solicitation=entry.solicitation,
        entry=entry,
        summary=payload.summary,
        decision=payload.decision,
        reason=payload.reason,
        comments=payload.comments,
    )
    return _decision_out(entry)


@router.delete(
    "/solicitation-decisions/{decision_id}", response={204: None}, summary="删除采纳决定"
)
def delete_decision(request, decision_id: int):
    _call(services.entry_delete, actor=request.auth, entry=_entry(request, decision_id))
    return Status(204, None)


@router.put(
    "/solicitations/{solicitation_id}/feedback",
    response=SolicitationOut,
    summary="采纳情况说明、听证笔录和最终文件",
)
def update_feedback(request, solicitation_id: int, payload: FeedbackIn):
    s = _call(
        services.feedback_update,
        actor=request.auth,
        solicitation=_get(request, solicitation_id),
        summary=payload.summary,
        hearing_record=payload.hearing_record,
        attended_count=payload.attended_count,
        final_item=_item(payload.final_item),
    )
    return _out(s)


@router.put(
    "/solicitations/{solicitation_id}/final-document",
    response=SolicitationOut,
    summary="关联最终文件（反馈公布后也可）",
)
def link_final(request, solicitation_id: int, payload: FinalIn):
    s = _call(
        services.feedback_link_final,
        actor=request.auth,
        solicitation=_get(request, solicitation_id),
        final_item=_item(payload.final_item),
    )
    return _out(s)


@router.post(
    "/solicitations/{solicitation_id}/feedback/publish",
    response=SolicitationOut,
    summary="公布采纳情况",
)
def publish_feedback(request, solicitation_id: int):
    s = _call(
        services.feedback_publish,
        actor=request.auth,
        solicitation=_get(request, solicitation_id),
    )
    return _out(s)


# --- hearings ---------------------------------------------------------------------------


@router.get(
    "/solicitations/{solicitation_id}/registrations",
    response=list[RegistrationOut],
    summary="听证报名（不含姓名和电话）",
)
def list_registrations(request, solicitation_id: int):
    qs = _get(request, solicitation_id).registrations.order_by("submitted_at", "pk")
    return [_registration_out(r) for r in qs]


@router.post(
    "/solicitation-registrations/{registration_id}/decide",
    response=RegistrationOut,
    summary="遴选听证参加人",
)
def decide_registration(request, registration_id: int, payload: SolicitationDecideIn):
    registration = get_object_or_404(
        Registration.objects.select_related("solicitation", "solicitation__agency"),
        pk=registration_id,
        solicitation__agency__in=_visible_agencies(request),
    )
    r = _call(
        services.registration_decide,
        actor=request.auth,
        registration=registration,
        selected=payload.selected,
    )
    return _registration_out(r)
