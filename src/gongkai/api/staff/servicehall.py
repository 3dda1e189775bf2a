"""Staff API of the service hall: service commitments (the 机关管理员's), ratings and the
rectification of bad ratings, through the same services as the screens. A rater's contact
details are a separate, audited read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from gongkai.accounts.models import User
from gongkai.accounts.permissions import agencies_where
from gongkai.api.staff.auth import StaffToken
from gongkai.api.staff.calls import call_service as _call
from gongkai.servicehall.models import Commitment, Rating, Rectification
from gongkai.servicehall.selectors import (
    CASE_STATES,
    cases_visible_to,
    commitments_managed_by,
    filter_cases,
    ratings_visible_to,
)
from gongkai.servicehall.services import (
    commitment_create,
    commitment_delete,
    commitment_update,
    rating_contact_view,
    rectification_assign,
    rectification_close,
    rectification_record_callback,
)
from gongkai.services.models import Matter

router = Router(auth=StaffToken(), tags=["staff: servicehall"])


class StaffCommitment(Schema):
    id: int
    agency: str = Field(description="统一社会信用代码")
    kind: str = Field(description="first_contact / time_limit / one_time_notice / own")
    title: str
    text: str
    limit_value: int | None
    limit_unit: str = Field(description="working（工作日） / natural（自然日）")
    limit_note: str
    matters: list[str] = Field(description="事项的实施编码")
    is_active: bool = Field(description="是否在网站公开")
    sort_order: int


class CommitmentIn(Schema):
    agency: str = Field(description="统一社会信用代码")
    kind: str
    title: str = ""
    text: str
    limit_value: int | None = None
    limit_unit: str = "working"
    limit_note: str = ""
    matters: list[str] = Field(default_factory=list, description="事项的实施编码")
    is_active: bool = True
    sort_order: int = 100


class CommitmentPatch(Schema):
    kind: str | None = None
    title: str | None = None
    text: str | None = None
    limit_value: int | None = None
    limit_unit: str | None = None
    limit_note: str | None = None
    matters: list[str] | None = None
    is_active: bool | None = None
    sort_order: int | None = None


class StaffRating(Schema):
    id: int
    agency: str
    matter: str = Field(description="事项的实施编码")
    matter_name: str
    window: str | None = Field(description="窗口编号；不在窗口办理时为 null")
    level: str = Field(
        description="very_satisfied / satisfied / basically / dissatisfied / very_dissatisfied"
    )
    comment: str
    contact_given: bool = Field(description="评价人是否留下联系方式（联系方式另行读取并留痕）")
    rated_at: dt.datetime
    rectification_id: int | None


class StaffRatingList(Schema):
    items: list[StaffRating]
    next: int | None = Field(description="下一页的 before 参数；没有下一页时为 null")


class StaffCase(Schema):
    id: int
    agency: str
    rating: StaffRating
    status: str = Field(
        description="open（待核实整改） / rectified（已整改） / unfounded（经核实不属实）"
    )
    opened_on: dt.date
    time_limit_days: int = Field(description="整改时限（工作日，自评价次日起算）")
    due_date: dt.date | None = Field(description="整改期限；工作日历未录入时为 null")
    overdue: bool
    handler: int | None
    verification: str
    result: str
    closed_on: dt.date | None
    on_time: bool | None
    rater_told_by: str = Field(description="email / phone / 空")
    rater_told_at: dt.datetime | None


class StaffCaseList(Schema):
    items: list[StaffCase]
    next: int | None


class AssignIn(Schema):
    handler: int | None = Field(description="办理人的用户 id；null 收回")


class RectificationCloseIn(Schema):
    outcome: str = Field(description="rectified / unfounded")
    verification: str
    result: str


class CallbackIn(Schema):
    note: str = ""


class Contact(Schema):
    phone: str
    email: str


def _commitment_out(c: Commitment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "agency": c.agency.credit_code,
        "kind": c.kind,
        "title": c.title,
        "text": c.text,
        "limit_value": c.limit_value,
        "limit_unit": c.limit_unit,
        "limit_note": c.limit_note,
        "matters": [m.implementation_code for m in c.matters.all()],
        "is_active": c.is_active,
        "sort_order": c.sort_order,
    }


def _matters(agency, codes: list[str]) -> list[Matter]:
    matters = list(Matter.objects.filter(agency=agency, implementation_code__in=codes))
    if len(matters) != len(set(codes)):
        raise HttpError(422, _("Choose matters of the same agency."))
    return matters


@router.get("/servicehall/commitments", response=list[StaffCommitment], summary="服务承诺列表")
def list_commitments(request, agency: str = ""):
    qs = commitments_managed_by(request.auth)
    if agency:
        qs = qs.filter(agency__credit_code=agency.upper())
    return [_commitment_out(c) for c in qs]


@router.post("/servicehall/commitments", response={201: StaffCommitment}, summary="新增服务承诺")
def create_commitment(request, payload: CommitmentIn):
    agency = (
        agencies_where(request.auth, "commitment.manage")
        .filter(credit_code=payload.agency.upper())
        .first()
    )
    if agency is None:
        raise HttpError(403, _("You may not do this."))
    data = payload.dict()
    data.pop("agency")
    codes = data.pop("matters")
    commitment = _call(
        commitment_create,
        actor=request.auth,
        agency=agency,
        matters=_matters(agency, codes),
        **data,
    )
    return Status(201, _commitment_out(commitment))


def _get_commitment(request, commitment_id: int) -> Commitment:
    return get_object_or_404(commitments_managed_by(request.auth), pk=commitment_id)


@router.patch(
    "/servicehall/commitments/{commitment_id}", response=StaffCommitment, summary="修改服务承诺"
)
def update_commitment(request, commitment_id: int, payload: CommitmentPatch):
    commitment = _get_commitment(request, commitment_id)
    data = payload.dict(exclude_unset=True)
    codes = data.pop("matters", None)
    matters = _matters(commitment.agency, codes) if codes is not None else None
    commitment = _call(
        commitment_update, actor=request.auth, commitment=commitment, matters=matters, **data
    )
    return _commitment_out(commitment)


@router.delete(
    "/servicehall/commitments/{commitment_id}", response={204: None}, summary="删除误录的服务承诺"
)
def delete_commitment(request, commitment_id: int):
    _call(commitment_delete, actor=request.auth, commitment=_get_commitment(request, commitment_id))
    return Status(204, None)


def _rating_out(r: Rating) -> dict[str, Any]:
    case = getattr(r, "rectification", None) if r.is_bad else None
    return {
        "id": r.pk,
        "agency": r.agency.credit_code,
        "matter": r.matter.implementation_code,
        "matter_name": r.matter.name,
        "window": r.window.number if r.window_id else None,
        "level": r.level,
        "comment": r.comment,
        "contact_given": r.has_contact,
        "rated_at": r.rated_at,
        "rectification_id": case.pk if case else None,
    }


@router.get("/servicehall/ratings", response=StaffRatingList, summary="评价列表")
def list_ratings(
    request,
    agency: str = "",
    level: str = "",
    year: int | None = None,
    before: int | None = None,
    limit: int = 50,
):
    limit = max(1, min(limit, 200))
    qs = ratings_visible_to(request.auth).order_by("-pk")
    if agency:
        qs = qs.filter(agency__credit_code=agency.upper())
    if level:
        qs = qs.filter(level=level)
    if year:
        qs = qs.filter(rated_on__year=year)
    if before:
        qs = qs.filter(pk__lt=before)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [_rating_out(r) for r in rows], "next": rows[-1].pk if more and rows else None}


@router.get(
    "/servicehall/ratings/{rating_id}/contact", response=Contact, summary="评价人联系方式（留痕）"
)
def rating_contact(request, rating_id: int):
    rating = get_object_or_404(ratings_visible_to(request.auth), pk=rating_id)
    return _call(rating_contact_view, actor=request.auth, rating=rating)


def _case_out(case: Rectification, today: dt.date) -> dict[str, Any]:
    return {
        "id": case.pk,
        "agency": case.agency.credit_code,
        "rating": _rating_out(case.rating),
        "status": case.status,
        "opened_on": case.opened_on,
        "time_limit_days": case.time_limit_days,
        "due_date": case.due_date,
        "overdue": case.is_overdue(today),
        "handler": case.handler_id,
        "verification": case.verification,
        "result": case.result,
        "closed_on": case.closed_on,
        "on_time": case.on_time,
        "rater_told_by": case.rater_told_by,
        "rater_told_at": case.rater_told_at,
    }


@router.get("/servicehall/rectifications", response=StaffCaseList, summary="差评整改案件列表")
def list_cases(
    request, state: str = "open", agency: str = "", before: int | None = None, limit: int = 50
):
    today = timezone.localdate()
    limit = max(1, min(limit, 200))
    qs = cases_visible_to(request.auth).select_related("rating__agency")
    if agency:
        qs = qs.filter(agency__credit_code=agency.upper())
    qs = filter_cases(qs, state=state if state in CASE_STATES else "open", today=today)
    qs = qs.order_by("-pk")
    if before:
        qs = qs.filter(pk__lt=before)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [_case_out(c, today) for c in rows],
        "next": rows[-1].pk if more and rows else None,
    }


def _get_case(request, case_id: int) -> Rectification:
    return get_object_or_404(
        cases_visible_to(request.auth).select_related("rating__agency"), pk=case_id
    )


@router.get("/servicehall/rectifications/{case_id}", response=StaffCase, summary="差评整改案件")
def case_detail(request, case_id: int):
    return _case_out(_get_case(request, case_id), timezone.localdate())


@router.post(
    "/servicehall/rectifications/{case_id}/assign", response=StaffCase, summary="指定办理人"
)
def assign_case(request, case_id: int, payload: AssignIn):
    case = _get_case(request, case_id)
    handler = None
    if payload.handler is not None:
        handler = User.objects.filter(pk=payload.handler, is_active=True).first()
        if handler is None:
            raise HttpError(422, _("This person cannot verify ratings of the agency."))
    _call(rectification_assign, actor=request.auth, case=case, handler=handler)
    return _case_out(_get_case(request, case_id), timezone.localdate())


@router.post(
    "/servicehall/rectifications/{case_id}/close",
    response=StaffCase,
    summary="办结：已整改或经核实不属实",
)
def close_case(request, case_id: int, payload: RectificationCloseIn):
    case = _get_case(request, case_id)
    _call(
        rectification_close,
        actor=request.auth,
        case=case,
        outcome=payload.outcome,
        verification=payload.verification,
        result=payload.result,
    )
    return _case_out(_get_case(request, case_id), timezone.localdate())


@router.post(
    "/servicehall/rectifications/{case_id}/callback",
    response=StaffCase,
    summary="记录电话回访",
)
def record_callback(request, case_id: int, payload: CallbackIn):
    case = _get_case(request, case_id)
    _call(rectification_record_callback, actor=request.auth, case=case, note=payload.note)
    return _case_out(_get_case(request, case_id), timezone.localdate())
