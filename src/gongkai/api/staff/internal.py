"""Staff API of internal disclosure (内部公开) under /api/v1/staff/internal/: the same rule
(``internal.permissions.can_view_internal``) and the same services as the screens, as the
token's staff member. Opening an item here records the read receipt as the screen does.
There is no public counterpart on purpose."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency, Department
from gongkai.api.staff.auth import StaffToken
from gongkai.api.staff.calls import call_service as _call
from gongkai.internal import selectors
from gongkai.internal import services as s
from gongkai.internal.models import DepartmentMembership, InternalItem, InternalQuestion
from gongkai.internal.permissions import can_answer, can_manage, can_see_reads, can_view_internal
from gongkai.internal.tables import RowData

router = Router(auth=StaffToken(), tags=["staff: internal"])


class RowOut(Schema):
    label: str
    category: str = Field(description="三公经费表的科目代码；收支情况表为空")
    this_month: Decimal | None
    year_to_date: Decimal | None
    budget: Decimal | None
    note: str


class RowIn(Schema):
    label: str = ""
    category: str = ""
    this_month: Decimal | None = None
    year_to_date: Decimal | None = None
    budget: Decimal | None = None
    note: str = ""


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int


class InternalQuestionOut(Schema):
    id: int
    asked_by: str
    asked_at: dt.datetime
    text: str
    answer: str
    answered_by: str | None
    answered_at: dt.datetime | None


class InternalItemOut(Schema):
    id: int
    agency: str = Field(description="统一社会信用代码")
    kind: str
    title: str
    year: int
    month: int | None
    departments: list[str] = Field(description="限定的科室；空表示全体工作人员")
    status: str = Field(description="draft / posted / withdrawn")
    posted_by: str | None
    posted_at: dt.datetime | None
    read: bool = Field(description="本人是否已阅")


class InternalItemDetail(InternalItemOut):
    body_html: str
    rows: list[RowOut]
    attachments: list[AttachmentOut]
    questions: list[InternalQuestionOut]


class InternalItemList(Schema):
    items: list[InternalItemOut]
    next: int | None


class ItemIn(Schema):
    agency: str = Field(description="统一社会信用代码")
    kind: str
    year: int
    month: int | None = None
    title: str = ""
    body_html: str = ""
    departments: list[int] = Field(default_factory=list, description="科室 id")


class ItemUpdateIn(Schema):
    kind: str | None = None
    year: int | None = None
    month: int | None = None
    title: str | None = None
    body_html: str | None = None
    departments: list[int] | None = None


class RowsIn(Schema):
    rows: list[RowIn]


class WorkbookIn(Schema):
    name: str
    content_base64: str


class FileIn(Schema):
    name: str
    content_base64: str


class WithdrawIn(Schema):
    reason: str


class TextIn(Schema):
    text: str


class ReceiptOut(Schema):
    user: str
    read_at: dt.datetime


class ReadListOut(Schema):
    read: list[ReceiptOut]
    not_read: list[str]


class MembershipOut(Schema):
    id: int
    department_id: int
    department: str
    username: str
    name: str


class MembershipIn(Schema):
    department_id: int
    username: str


def _get(request, item_id: int) -> InternalItem:
    # Not readable and not existing look the same (404).
    item = (
        InternalItem.objects.select_related("agency", "posted_by", "created_by")
        .prefetch_related("departments")
        .filter(pk=item_id)
        .first()
    )
    if item is None or not can_view_internal(request.auth, item):
        raise Http404
    return item


def _name(user: User | None) -> str | None:
    return user.get_full_name() if user else None


def _out(item: InternalItem, read: bool) -> dict[str, Any]:
    return {
        "id": item.pk,
        "agency": item.agency.credit_code,
        "kind": item.kind,
        "title": item.title,
        "year": item.year,
        "month": item.month,
        "departments": [d.name for d in item.departments.all()],
        "status": item.status,
        "posted_by": _name(item.posted_by),
        "posted_at": item.posted_at,
        "read": read,
    }


def _detail(request, item: InternalItem) -> dict[str, Any]:
    read = item.receipts.filter(user=request.auth).exists()
    return {
        **_out(item, read),
        "body_html": item.body_html,
        "rows": list(item.rows.all()),
        "attachments": list(item.attachments.defer("content")),
        "questions": [
            {
                "id": q.pk,
                "asked_by": q.asked_by.get_full_name(),
                "asked_at": q.asked_at,
                "text": q.text,
                "answer": q.answer,
                "answered_by": _name(q.answered_by),
                "answered_at": q.answered_at,
            }
            for q in item.questions.select_related("asked_by", "answered_by")
        ],
    }


def _decode(content_base64: str) -> bytes:
    try:
        return base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise HttpError(422, _("The file content is not valid base64.")) from exc


def _departments(agency: Agency, ids: list[int]) -> list[Department]:
    found = list(Department.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise HttpError(422, _("Choose departments of this agency only."))
    return found


@router.get("/internal/items", response=InternalItemList, summary="内部公开事项列表（本人可阅的）")
def list_items(
    request,
    agency: str = "",
    kind: str = "",
    year: int | None = None,
    status: str = "",
    unread: bool = False,
    before: int | None = None,
    limit: int = 50,
):
    limit = max(1, min(limit, 200))
    chosen = get_object_or_404(Agency, credit_code=agency.upper()) if agency else None
    qs = selectors.staff_list(
        request.auth, agency=chosen, kind=kind, year=year, status=status, unread=unread
    ).order_by("-pk")
    if before:
        qs = qs.filter(pk__lt=before)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [_out(item, item.is_read) for item in rows],
        "next": rows[-1].pk if more and rows else None,
    }


@router.get(
    "/internal/items/{item_id}", response=InternalItemDetail, summary="内部公开事项详情（记为已阅）"
)
def item_detail(request, item_id: int):
    item = _get(request, item_id)
    s.internal_item_read(actor=request.auth, item=item)
    return _detail(request, item)


@router.post("/internal/items", response={201: InternalItemDetail}, summary="新建内部公开草稿")
def create_item(request, payload: ItemIn):
    agency = get_object_or_404(Agency, credit_code=payload.agency.upper())
    departments = _departments(agency, payload.departments)
    item = _call(
        s.internal_item_create,
        actor=request.auth,
        agency=agency,
        kind=payload.kind,
        year=payload.year,
        month=payload.month,
        title=payload.title,
        body_html=payload.body_html,
        departments=departments,
    )
    return Status(201, _detail(request, _get(request, item.pk)))


@router.patch("/internal/items/{item_id}", response=InternalItemDetail, summary="修改草稿")
def update_item(request, item_id: int, payload: ItemUpdateIn):
    item = _get(request, item_id)
    fields = payload.dict(exclude_unset=True)
    if "departments" in fields:
        fields["departments"] = _departments(item.agency, fields["departments"] or [])
    _call(s.internal_item_update, actor=request.auth, item=item, **fields)
    return _detail(request, _get(request, item_id))


@router.put("/internal/items/{item_id}/rows", response=InternalItemDetail, summary="填写表格")
def set_rows(request, item_id: int, payload: RowsIn):
    item = _get(request, item_id)
    rows = [RowData(**row.dict()) for row in payload.rows]
    _call(s.internal_item_set_rows, actor=request.auth, item=item, rows=rows)
    return _detail(request, _get(request, item_id))


@router.post(
    "/internal/items/{item_id}/workbook",
    response=InternalItemDetail,
    summary="上传 XLSX 表格（逐行报错）",
)
def upload_workbook(request, item_id: int, payload: WorkbookIn):
    item = _get(request, item_id)
    _call(
        s.internal_item_import_table,
        actor=request.auth,
        item=item,
        content=_decode(payload.content_base64),
        name=payload.name,
    )
    return _detail(request, _get(request, item_id))


@router.post("/internal/items/{item_id}/files", response={201: AttachmentOut}, summary="添加附件")
def attach(request, item_id: int, payload: FileIn):
    item = _get(request, item_id)
    attachment = _call(
        s.internal_item_attach,
        actor=request.auth,
        item=item,
        content=_decode(payload.content_base64),
        name=payload.name,
    )
    return Status(201, attachment)


@router.post(
    "/internal/items/{item_id}/post", response=InternalItemDetail, summary="发布给工作人员"
)
def post_item(request, item_id: int):
    _call(s.internal_item_post, actor=request.auth, item=_get(request, item_id))
    return _detail(request, _get(request, item_id))


@router.post("/internal/items/{item_id}/withdraw", response=InternalItemDetail, summary="撤回")
def withdraw_item(request, item_id: int, payload: WithdrawIn):
    item = _call(
        s.internal_item_withdraw,
        actor=request.auth,
        item=_get(request, item_id),
        reason=payload.reason,
    )
    return _detail(request, _get(request, item.pk))


@router.get("/internal/items/{item_id}/reads", response=ReadListOut, summary="已阅名单")
def read_list(request, item_id: int):
    item = _get(request, item_id)
    if not can_see_reads(request.auth, item):
        raise HttpError(403, _("You may not do this."))
    reads = selectors.read_list(item)
    return {
        "read": [{"user": r.user.get_full_name(), "read_at": r.read_at} for r in reads.receipts],
        "not_read": [u.get_full_name() for u in reads.not_read],
    }


@router.post(
    "/internal/items/{item_id}/questions",
    response={201: InternalQuestionOut},
    summary="向发布人提问",
)
def ask(request, item_id: int, payload: TextIn):
    question = _call(
        s.question_ask, actor=request.auth, item=_get(request, item_id), text=payload.text
    )
    return Status(201, _question(question))


@router.post(
    "/internal/items/{item_id}/questions/{question_id}/answer",
    response=InternalQuestionOut,
    summary="答复提问",
)
def answer(request, item_id: int, question_id: int, payload: TextIn):
    item = _get(request, item_id)
    question = get_object_or_404(InternalQuestion, pk=question_id, item=item)
    if not can_answer(request.auth, item):
        raise HttpError(403, _("You may not do this."))
    question = _call(s.question_answer, actor=request.auth, question=question, text=payload.text)
    return _question(question)


def _question(q: InternalQuestion) -> dict[str, Any]:
    return {
        "id": q.pk,
        "asked_by": q.asked_by.get_full_name(),
        "asked_at": q.asked_at,
        "text": q.text,
        "answer": q.answer,
        "answered_by": _name(q.answered_by),
        "answered_at": q.answered_at,
    }


def _managed(request, credit_code: str) -> Agency:
    agency = get_object_or_404(Agency, credit_code=credit_code.upper())
    if not can_manage(request.auth, agency):
        raise HttpError(403, _("You may not do this."))
    return agency


def _membership(m: DepartmentMembership) -> dict[str, Any]:
    return {
        "id": m.pk,
        "department_id": m.department_id,
        "department": m.department.name,
        "username": m.user.username,
        "name": m.user.get_full_name(),
    }


@router.get(
    "/internal/agencies/{credit_code}/memberships",
    response=list[MembershipOut],
    summary="科室人员（机关管理员）",
)
def memberships(request, credit_code: str):
    agency = _managed(request, credit_code)
    qs = DepartmentMembership.objects.filter(department__agency=agency).select_related(
        "department", "user"
    )
    return [_membership(m) for m in qs]


@router.post(
    "/internal/agencies/{credit_code}/memberships",
    response={201: MembershipOut},
    summary="把工作人员加入科室",
)
def add_membership(request, credit_code: str, payload: MembershipIn):
    agency = _managed(request, credit_code)
    department = get_object_or_404(Department, pk=payload.department_id, agency=agency)
    user = get_object_or_404(User, username=payload.username)
    membership = _call(s.membership_add, actor=request.auth, department=department, user=user)
    return Status(201, _membership(membership))


@router.delete(
    "/internal/agencies/{credit_code}/memberships/{membership_id}",
    response={204: None},
    summary="把工作人员移出科室",
)
def remove_membership(request, credit_code: str, membership_id: int):
    agency = _managed(request, credit_code)
    membership = get_object_or_404(
        DepartmentMembership, pk=membership_id, department__agency=agency
    )
    _call(s.membership_remove, actor=request.auth, membership=membership)
    return Status(204, None)
