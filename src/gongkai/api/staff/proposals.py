"""Staff API of proposals (人大代表建议 / 政协委员提案): every step of the screens, as the token's
staff member, through the same services (so the same permission checks and audit events)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.api.staff.auth import StaffToken
from gongkai.api.staff.calls import call_service as _call
from gongkai.proposals import counts
from gongkai.proposals.models import CoHandling, Proposal
from gongkai.proposals.selectors import proposals_visible_to
from gongkai.proposals.services import (
    cohandling_opinion_send,
    feedback_record,
    proposal_assign,
    proposal_close,
    proposal_edit,
    proposal_publish,
    proposal_register,
    proposal_reopen,
    proposal_unpublish,
    reply_approve,
    reply_draft,
    reply_return,
    reply_send,
)

router = Router(auth=StaffToken(), tags=["staff: proposals"])


# --- schemas ----------------------------------------------------------------------------


class StaffProposalDelegate(Schema):
    name: str
    group: str = Field("", description="代表团或界别")


class StaffProposalCoHandling(Schema):
    agency: str = Field(description="协办单位统一社会信用代码")
    agency_name: str
    opinion: str
    opinion_on: dt.date | None


class StaffProposalReply(Schema):
    round: int
    due_on: dt.date
    category: str = Field(description="A / B / C 类")
    text: str
    public_interest: bool
    publish: bool
    drafted_at: dt.datetime
    approved_at: dt.datetime | None
    return_comment: str
    replied_on: dt.date | None
    on_time: bool | None
    has_document: bool
    satisfaction: str = Field(description="satisfied / basically / not_satisfied；空为未反馈")
    feedback_comment: str
    feedback_on: dt.date | None


class StaffProposal(Schema):
    id: int
    kind: str
    number: int
    number_label: str
    session: str
    year: int
    title: str
    agency: str = Field(description="主办单位统一社会信用代码")
    status: str
    round: int
    registered_on: dt.date
    deadline: dt.date
    handler: str | None = Field(description="办理人用户名")
    published_on: dt.date | None
    closed_on: dt.date | None


class StaffProposalDetail(StaffProposal):
    content: str
    delegates: list[StaffProposalDelegate] = Field(description="第一位为领衔人")
    cohandlings: list[StaffProposalCoHandling]
    replies: list[StaffProposalReply]


class StaffProposalList(Schema):
    items: list[StaffProposal]
    next: int | None


class ProposalRegisterIn(Schema):
    kind: str = Field(description="npc 或 cppcc")
    number: int
    session: str
    year: int
    title: str
    content: str
    agency: str = Field(description="主办单位统一社会信用代码")
    delegates: list[StaffProposalDelegate]
    cohandlers: list[str] = Field([], description="协办单位统一社会信用代码")
    registered_on: dt.date | None = None
    deadline: dt.date | None = Field(None, description="不填则为登记日起三个月（本地做法）")


class ProposalEditIn(Schema):
    title: str
    content: str
    deadline: dt.date
    delegates: list[StaffProposalDelegate]
    cohandlers: list[str] = []


class ProposalAssignIn(Schema):
    handler: str = Field(description="办理人用户名")


class ProposalOpinionIn(Schema):
    opinion: str
    sent_on: dt.date | None = None


class ProposalDraftIn(Schema):
    category: str
    text: str
    public_interest: bool = False


class ProposalApproveIn(Schema):
    publish: bool = False


class ProposalCommentIn(Schema):
    comment: str


class ProposalFeedbackIn(Schema):
    satisfaction: str
    comment: str = ""
    received_on: dt.date | None = None


class ProposalReopenIn(Schema):
    deadline: dt.date | None = None


class ProposalCloseIn(Schema):
    closed_on: dt.date | None = None


class ProposalReasonIn(Schema):
    reason: str


class StaffProposalCountsRow(Schema):
    agency: str | None
    agency_name: str | None
    lead_npc: int
    lead_cppcc: int
    lead: int
    cohandled: int
    replied: int
    on_time: int
    satisfied: int
    basically: int
    not_satisfied: int


class StaffProposalCounts(Schema):
    year: int
    items: list[StaffProposalCountsRow]
    total: StaffProposalCountsRow


# --- helpers ----------------------------------------------------------------------------


def _get(request, proposal_id: int) -> Proposal:
    # Not visible and not existing look the same.
    return get_object_or_404(proposals_visible_to(request.auth), pk=proposal_id)


def _agencies(codes: list[str]) -> list[Agency]:
    found = {
        a.credit_code: a for a in Agency.objects.filter(credit_code__in=[c.upper() for c in codes])
    }
    missing = [c for c in codes if c.upper() not in found]
    if missing:
        raise HttpError(404, _("Not found"))
    return [found[c.upper()] for c in codes]


def _out(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "kind": p.kind,
        "number": p.number,
        "number_label": p.number_label,
        "session": p.session,
        "year": p.year,
        "title": p.title,
        "agency": p.agency.credit_code,
        "status": p.status,
        "round": p.round,
        "registered_on": p.registered_on,
        "deadline": p.deadline,
        "handler": p.handler.username if p.handler_id else None,
        "published_on": p.published_on,
        "closed_on": p.closed_on,
    }


def _detail(proposal: Proposal) -> dict[str, Any]:
    p = (
        Proposal.objects.select_related("agency", "handler")
        .prefetch_related("delegates", "cohandlings__agency", "replies")
        .get(pk=proposal.pk)
    )
    return {
        **_out(p),
        "content": p.content,
        "delegates": [{"name": d.name, "group": d.group} for d in p.delegates.all()],
        "cohandlings": [
            {
                "agency": c.agency.credit_code,
                "agency_name": c.agency.name,
                "opinion": c.opinion,
                "opinion_on": c.opinion_on,
            }
            for c in p.cohandlings.all()
        ],
        "replies": [
            {
                "round": r.round,
                "due_on": r.due_on,
                "category": r.category,
                "text": r.text,
                "public_interest": r.public_interest,
                "publish": r.publish,
                "drafted_at": r.drafted_at,
                "approved_at": r.approved_at,
                "return_comment": r.return_comment,
                "replied_on": r.replied_on,
                "on_time": r.on_time,
                "has_document": bool(r.document),
                "satisfaction": r.satisfaction,
                "feedback_comment": r.feedback_comment,
                "feedback_on": r.feedback_on,
            }
            for r in p.replies.all()
        ],
    }


def _delegates(rows: list[StaffProposalDelegate]) -> list[tuple[str, str]]:
    return [(d.name, d.group) for d in rows]


# --- endpoints --------------------------------------------------------------------------


@router.get("/proposals", response=StaffProposalList, summary="建议提案列表")
def list_proposals(
    request,
    status: str = "",
    year: int | None = None,
    kind: str = "",
    before: int | None = None,
    limit: int = 50,
):
    """Proposals led or co-handled by the agencies the token's staff member may see, newest
    first; ``next`` is the ``before`` value of the next page."""
    limit = max(1, min(limit, 200))
    qs = proposals_visible_to(request.auth).order_by("-pk")
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if before:
        qs = qs.filter(pk__lt=before)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [_out(p) for p in rows], "next": rows[-1].pk if more and rows else None}


@router.post("/proposals", response={201: StaffProposalDetail}, summary="登记建议提案")
def register(request, payload: ProposalRegisterIn):
    agency = get_object_or_404(Agency, credit_code=payload.agency.upper(), is_active=True)
    proposal = _call(
        proposal_register,
        actor=request.auth,
        kind=payload.kind,
        number=payload.number,
        session=payload.session,
        year=payload.year,
        title=payload.title,
        content=payload.content,
        agency=agency,
        delegates=_delegates(payload.delegates),
        cohandlers=_agencies(payload.cohandlers),
        registered_on=payload.registered_on,
        deadline=payload.deadline,
    )
    return Status(201, _detail(proposal))


@router.get(
    "/proposals/counts/{year}", response=StaffProposalCounts, summary="某年各机关办理情况统计"
)
def proposal_counts(request, year: int):
    from gongkai.accounts.permissions import agencies_where

    ids = list(agencies_where(request.auth, "proposal.view").values_list("pk", flat=True))
    rows = counts.yearly_counts(year, agency_ids=ids)

    def row(r):
        return {
            "agency": r.agency.credit_code if r.agency else None,
            "agency_name": r.agency.name if r.agency else None,
            **r.as_dict(),
        }

    return {"year": year, "items": [row(r) for r in rows], "total": row(counts.totals(rows))}


@router.get("/proposals/{proposal_id}", response=StaffProposalDetail, summary="建议提案详情")
def proposal_detail(request, proposal_id: int):
    return _detail(_get(request, proposal_id))


@router.put("/proposals/{proposal_id}", response=StaffProposalDetail, summary="修改登记信息")
def edit(request, proposal_id: int, payload: ProposalEditIn):
    proposal = _call(
        proposal_edit,
        actor=request.auth,
        proposal=_get(request, proposal_id),
        title=payload.title,
        content=payload.content,
        deadline=payload.deadline,
        delegates=_delegates(payload.delegates),
        cohandlers=_agencies(payload.cohandlers),
    )
    return _detail(proposal)


@router.post(
    "/proposals/{proposal_id}/assign", response=StaffProposalDetail, summary="交办（指定办理人）"
)
def assign(request, proposal_id: int, payload: ProposalAssignIn):
    proposal = _get(request, proposal_id)
    handler = User.objects.filter(username=payload.handler, is_active=True).first()
    if handler is None:
        raise HttpError(422, _("There is no active staff member with this user name."))
    return _detail(_call(proposal_assign, actor=request.auth, proposal=proposal, handler=handler))


@router.post(
    "/proposals/{proposal_id}/opinions/{credit_code}",
    response=StaffProposalDetail,
    summary="协办单位提交协办意见",
)
def opinion(request, proposal_id: int, credit_code: str, payload: ProposalOpinionIn):
    proposal = _get(request, proposal_id)
    cohandling = get_object_or_404(
        CoHandling, proposal=proposal, agency__credit_code=credit_code.upper()
    )
    _call(
        cohandling_opinion_send,
        actor=request.auth,
        cohandling=cohandling,
        opinion=payload.opinion,
        sent_on=payload.sent_on,
    )
    return _detail(proposal)


@router.post(
    "/proposals/{proposal_id}/reply/draft", response=StaffProposalDetail, summary="起草答复"
)
def draft(request, proposal_id: int, payload: ProposalDraftIn):
    proposal = _get(request, proposal_id)
    _call(
        reply_draft,
        actor=request.auth,
        proposal=proposal,
        category=payload.category,
        text=payload.text,
        public_interest=payload.public_interest,
    )
    return _detail(proposal)


@router.post(
    "/proposals/{proposal_id}/reply/approve", response=StaffProposalDetail, summary="领导签发答复"
)
def approve(request, proposal_id: int, payload: ProposalApproveIn):
    proposal = _get(request, proposal_id)
    _call(reply_approve, actor=request.auth, proposal=proposal, publish=payload.publish)
    return _detail(proposal)


@router.post(
    "/proposals/{proposal_id}/reply/return", response=StaffProposalDetail, summary="领导退回答复"
)
def return_draft(request, proposal_id: int, payload: ProposalCommentIn):
    proposal = _get(request, proposal_id)
    _call(reply_return, actor=request.auth, proposal=proposal, comment=payload.comment)
    return _detail(proposal)


@router.post(
    "/proposals/{proposal_id}/reply/send",
    response=StaffProposalDetail,
    summary="答复已送达代表委员（可附答复函文件）",
)
def send(
    request,
    proposal_id: int,
    replied_on: Form[dt.date | None] = None,
    document: File[UploadedFile | None] = None,
):
    proposal = _get(request, proposal_id)
    _call(
        reply_send,
        actor=request.auth,
        proposal=proposal,
        replied_on=replied_on,
        document=document,
    )
    return _detail(proposal)


@router.post(
    "/proposals/{proposal_id}/feedback", response=StaffProposalDetail, summary="登记代表委员反馈"
)
def feedback(request, proposal_id: int, payload: ProposalFeedbackIn):
    proposal = _get(request, proposal_id)
    _call(
        feedback_record,
        actor=request.auth,
        proposal=proposal,
        satisfaction=payload.satisfaction,
        comment=payload.comment,
        received_on=payload.received_on,
    )
    return _detail(proposal)


@router.post(
    "/proposals/{proposal_id}/reopen", response=StaffProposalDetail, summary="不满意件重新办理"
)
def reopen(request, proposal_id: int, payload: ProposalReopenIn):
    proposal = _get(request, proposal_id)
    _call(proposal_reopen, actor=request.auth, proposal=proposal, deadline=payload.deadline)
    return _detail(proposal)


@router.post("/proposals/{proposal_id}/close", response=StaffProposalDetail, summary="办结")
def close(request, proposal_id: int, payload: ProposalCloseIn):
    proposal = _get(request, proposal_id)
    _call(proposal_close, actor=request.auth, proposal=proposal, closed_on=payload.closed_on)
    return _detail(proposal)


@router.post("/proposals/{proposal_id}/publish", response=StaffProposalDetail, summary="公开答复")
def publish(request, proposal_id: int):
    proposal = _get(request, proposal_id)
    _call(proposal_publish, actor=request.auth, proposal=proposal)
    return _detail(proposal)


@router.post("/proposals/{proposal_id}/unpublish", response=StaffProposalDetail, summary="撤回公开")
def unpublish(request, proposal_id: int, payload: ProposalReasonIn):
    proposal = _get(request, proposal_id)
    _call(proposal_unpublish, actor=request.auth, proposal=proposal, reason=payload.reason)
    return _detail(proposal)
