"""Staff API of 公示: every step of the screens — create and change a draft, submit it, send it
back or publish it (reviewer), enter objections received by phone, letter or in person, read
and handle objections, record or correct the result, close. Each endpoint calls the same
service as the screen, as the token's staff member, so the same permission checks and audit
events apply.

Objections are listed only to staff holding "notice.objections"; the list gives their text and
handling but not who sent them: reading one objection with its sender's name and phone is its
own endpoint, audited like the screen.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from gongkai.accounts.permissions import agencies_where, can
from gongkai.agencies.models import Agency
from gongkai.api.staff.auth import StaffToken
from gongkai.api.staff.calls import call_service as _call
from gongkai.notices import services
from gongkai.notices.display import period_facts
from gongkai.notices.models import Notice, Objection
from gongkai.notices.selectors import notices_visible_to, objection_counts, objections_of

router = Router(auth=StaffToken(), tags=["staff: notices"])

KINDS = Literal["appointment", "project", "award", "expropriation", "subsidy", "other"]
OUTCOMES = Literal["no_objection", "not_upheld", "upheld", "partly_upheld"]


# --- schemas ----------------------------------------------------------------------------


class NoticeOut(Schema):
    id: int
    agency: str = Field(description="统一社会信用代码")
    kind: str
    status: str = Field(description="draft / submitted / published / result / closed")
    phase: str = Field(
        description="draft / submitted / upcoming / in_period / over / result / closed"
    )
    title: str
    body_html: str
    starts_on: dt.date
    period_days: int
    counting: str = Field(description="natural / working")
    ends_on: dt.date
    end_reason: str
    days_remaining: int | None
    contact_department: str
    objection_phone: str
    objection_address: str
    accepts_online: bool
    review_note: str
    submitted_at: dt.datetime | None
    published_at: dt.datetime | None
    outcome: str
    result_text: str
    result_on: dt.date | None
    result_correction: str
    closed_at: dt.datetime | None
    objections_received: int
    objections_unhandled: int


class NoticeList(Schema):
    items: list[NoticeOut]
    next: int | None


class NoticeFields(Schema):
    kind: KINDS | None = None
    title: str | None = None
    body_html: str | None = None
    starts_on: dt.date | None = None
    period_days: int | None = Field(None, description="不填为该类公示的默认天数")
    ends_on: dt.date | None = Field(None, description="不填则按公示期计算")
    end_reason: str | None = Field(None, description="截止日期晚于计算日期时必填")
    contact_department: str | None = None
    objection_phone: str | None = None
    objection_address: str | None = None
    accepts_online: bool | None = None


class NoticeIn(NoticeFields):
    agency: str = Field(description="统一社会信用代码")
    kind: KINDS
    title: str
    body_html: str
    starts_on: dt.date
    contact_department: str


class ReturnIn(Schema):
    note: str


class PublishIn(Schema):
    confirm_findings: bool = Field(False, description="确认隐私检查发现的内容可以公开")


class ResultIn(Schema):
    outcome: OUTCOMES
    text: str
    correction_reason: str = Field("", description="更正已公布的结果时必填")
    confirm_findings: bool = False


class ObjectionOut(Schema):
    id: int
    channel: str = Field(description="online / phone / letter / visit")
    received_on: dt.date
    anonymous: bool
    text: str
    finding: str = Field(description="upheld / partly_upheld / not_upheld / out_of_scope")
    reply_note: str
    handled_at: dt.datetime | None


class ObjectionContactOut(ObjectionOut):
    name: str
    phone: str


class ObjectionIn(Schema):
    channel: Literal["phone", "letter", "visit"]
    received_on: dt.date
    name: str = ""
    phone: str = ""
    text: str


class HandleIn(Schema):
    finding: Literal["upheld", "partly_upheld", "not_upheld", "out_of_scope"]
    reply_note: str


# --- helpers ----------------------------------------------------------------------------


def _get(request, pk: int) -> Notice:
    # Not visible and not existing look the same.
    return get_object_or_404(notices_visible_to(request.auth), pk=pk)


def _objection(request, pk: int) -> Objection:
    return get_object_or_404(
        Objection.objects.select_related("notice", "notice__agency"),
        pk=pk,
        notice__agency__in=agencies_where(request.auth, "notice.objections"),
    )


def _out(n: Notice) -> dict[str, Any]:
    n = Notice.objects.select_related("agency").get(pk=n.pk)
    facts = period_facts(n, timezone.localdate())
    counts = objection_counts(n)
    fields = (
        "kind",
        "status",
        "title",
        "body_html",
        "starts_on",
        "period_days",
        "counting",
        "ends_on",
        "end_reason",
        "contact_department",
        "objection_phone",
        "objection_address",
        "accepts_online",
        "review_note",
        "submitted_at",
        "published_at",
        "outcome",
        "result_text",
        "result_on",
        "result_correction",
        "closed_at",
    )
    return {
        **{name: getattr(n, name) for name in fields},
        "id": n.pk,
        "agency": n.agency.credit_code,
        "phase": facts.phase.value,
        "days_remaining": facts.days_left,
        "objections_received": counts["received"],
        "objections_unhandled": counts["unhandled"],
    }


def _objection_out(o: Objection, *, contact: bool = False) -> dict[str, Any]:
    out = {
        "id": o.pk,
        "channel": o.channel,
        "received_on": o.received_on,
        "anonymous": o.is_anonymous,
        "text": o.text,
        "finding": o.finding,
        "reply_note": o.reply_note,
        "handled_at": o.handled_at,
    }
    if contact:
        out.update(name=o.name, phone=o.phone)
    return out


# --- notices ----------------------------------------------------------------------------


@router.get(
    "/notices",
    response=NoticeList,
    operation_id="staffListNotices",
    summary="本人可见的公示（含草稿）",
)
def list_notices(request, status: str = "", before: int | None = None, limit: int = 50):
    qs = notices_visible_to(request.auth)
    if status:
        qs = qs.filter(status=status)
    if before:
        qs = qs.filter(pk__lt=before)
    limit = max(1, min(limit, 200))
    rows = list(qs.order_by("-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [_out(n) for n in rows], "next": rows[-1].pk if more and rows else None}


@router.post(
    "/notices",
    response={201: NoticeOut},
    operation_id="staffCreateNotice",
    summary="新建公示草稿",
)
def create_notice(request, body: NoticeIn):
    agency = Agency.objects.filter(credit_code=body.agency.strip().upper()).first()
    if agency is None:
        raise HttpError(422, _("Not found"))
    fields = body.dict(exclude={"agency"}, exclude_none=True)
    return Status(
        201, _out(_call(services.notice_create, actor=request.auth, agency=agency, **fields))
    )


@router.get("/notices/{notice_id}", response=NoticeOut, operation_id="staffGetNotice")
def get_notice(request, notice_id: int):
    return _out(_get(request, notice_id))


@router.patch(
    "/notices/{notice_id}",
    response=NoticeOut,
    operation_id="staffUpdateNotice",
    summary="修改公示草稿",
)
def update_notice(request, notice_id: int, body: NoticeFields):
    n = _get(request, notice_id)
    fields = body.dict(exclude_unset=True)
    return _out(_call(services.notice_update, actor=request.auth, notice=n, **fields))


@router.post(
    "/notices/{notice_id}/submit",
    response=NoticeOut,
    operation_id="staffSubmitNotice",
    summary="提交审核",
)
def submit_notice(request, notice_id: int):
    n = _get(request, notice_id)
    return _out(_call(services.notice_submit, actor=request.auth, notice=n))


@router.post(
    "/notices/{notice_id}/return",
    response=NoticeOut,
    operation_id="staffReturnNotice",
    summary="退回修改（审核员）",
)
def return_notice(request, notice_id: int, body: ReturnIn):
    n = _get(request, notice_id)
    return _out(_call(services.notice_return, actor=request.auth, notice=n, note=body.note))


@router.post(
    "/notices/{notice_id}/publish",
    response=NoticeOut,
    operation_id="staffPublishNotice",
    summary="审核发布（含隐私检查）",
)
def publish_notice(request, notice_id: int, body: PublishIn):
    n = _get(request, notice_id)
    return _out(
        _call(
            services.notice_publish,
            actor=request.auth,
            notice=n,
            confirm_findings=body.confirm_findings,
        )
    )


@router.post(
    "/notices/{notice_id}/result",
    response=NoticeOut,
    operation_id="staffRecordNoticeResult",
    summary="公布或更正公示结果",
)
def record_result(request, notice_id: int, body: ResultIn):
    n = _get(request, notice_id)
    return _out(
        _call(
            services.notice_record_result,
            actor=request.auth,
            notice=n,
            outcome=body.outcome,
            text=body.text,
            correction_reason=body.correction_reason,
            confirm_findings=body.confirm_findings,
        )
    )


@router.post(
    "/notices/{notice_id}/close",
    response=NoticeOut,
    operation_id="staffCloseNotice",
    summary="办结",
)
def close_notice(request, notice_id: int):
    n = _get(request, notice_id)
    return _out(_call(services.notice_close, actor=request.auth, notice=n))


# --- objections -------------------------------------------------------------------------


@router.get(
    "/notices/{notice_id}/objections",
    response=list[ObjectionOut],
    operation_id="staffListObjections",
    summary="公示收到的异议（不含反映人信息）",
)
def list_objections(request, notice_id: int):
    n = _get(request, notice_id)
    if not can(request.auth, "notice.objections", agency=n.agency):
        raise HttpError(403, _("You may not do this."))
    return [_objection_out(o) for o in objections_of(n)]


@router.post(
    "/notices/{notice_id}/objections",
    response={201: ObjectionOut},
    operation_id="staffRegisterObjection",
    summary="录入电话、来信或来访收到的异议",
)
def register_objection(request, notice_id: int, body: ObjectionIn):
    n = _get(request, notice_id)
    o = _call(
        services.objection_register,
        actor=request.auth,
        notice=n,
        channel=body.channel,
        received_on=body.received_on,
        data={"name": body.name, "phone": body.phone, "text": body.text},
    )
    return Status(201, _objection_out(o))


@router.get(
    "/notice-objections/{objection_id}",
    response=ObjectionContactOut,
    operation_id="staffGetObjection",
    summary="一件异议及反映人信息（每次查看均记录）",
)
def get_objection(request, objection_id: int):
    o = _objection(request, objection_id)
    return _objection_out(
        _call(services.objection_reveal, actor=request.auth, objection=o), contact=True
    )


@router.post(
    "/notice-objections/{objection_id}/handle",
    response=ObjectionOut,
    operation_id="staffHandleObjection",
    summary="记录异议的核实情况和答复",
)
def handle_objection(request, objection_id: int, body: HandleIn):
    o = _objection(request, objection_id)
    return _objection_out(
        _call(
            services.objection_handle,
            actor=request.auth,
            objection=o,
            finding=body.finding,
            reply_note=body.reply_note,
        )
    )
