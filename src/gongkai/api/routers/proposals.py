"""Public read API of proposals: the published replies (人大代表建议 / 政协委员提案 答复) and the
yearly counts per agency. Only what a published reply shows is here: title, number, session,
the lead delegate's name (a public figure), the agencies, the reply texts and dates."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.decorators import decorate_view

from gongkai.agencies.models import Agency
from gongkai.api.caching import public_read
from gongkai.api.errors import NotFound
from gongkai.api.schemas import Error
from gongkai.proposals import counts
from gongkai.proposals.models import Proposal, ProposalKind
from gongkai.proposals.selectors import lead_delegate, published_proposal, published_proposals

router = Router(tags=["proposals"])


class ProposalAgencyRef(Schema):
    credit_code: str = Field(description="统一社会信用代码")
    name: str


class ProposalDelegate(Schema):
    name: str = Field(description="领衔代表（委员）姓名")
    group: str = Field(description="代表团或界别")


class PublicProposal(Schema):
    id: int
    kind: str = Field(description="npc = 人大代表建议，cppcc = 政协委员提案")
    kind_label: str
    number: int
    number_label: str = Field(description="如 第0123号")
    session: str = Field(description="会议，如 县十八届人大三次会议")
    year: int
    title: str
    lead_delegate: ProposalDelegate | None
    agency: ProposalAgencyRef = Field(description="主办单位")
    cohandlers: list[ProposalAgencyRef] = Field(description="协办单位")
    published_on: dt.date
    url: str


class PublicProposalReply(Schema):
    round: int = Field(description="1 = 答复；2 = 不满意后重新办理的答复")
    replied_on: dt.date
    text: str


class PublicProposalDetail(PublicProposal):
    replies: list[PublicProposalReply]


class PublicProposalList(Schema):
    items: list[PublicProposal]
    next: int | None = Field(description="下一页的 before 参数；没有下一页时为 null")


class ProposalCountsRow(Schema):
    agency: ProposalAgencyRef | None = Field(description="机关；合计行为 null")
    lead_npc: int = Field(description="主办人大代表建议")
    lead_cppcc: int = Field(description="主办政协委员提案")
    lead: int = Field(description="主办合计")
    cohandled: int = Field(description="协办")
    replied: int = Field(description="已答复（第一次答复）")
    on_time: int = Field(description="按期答复")
    satisfied: int = Field(description="满意")
    basically: int = Field(description="基本满意")
    not_satisfied: int = Field(description="不满意")


class ProposalCounts(Schema):
    year: int
    items: list[ProposalCountsRow]
    total: ProposalCountsRow


def _agency(agency: Agency) -> dict:
    return {"credit_code": agency.credit_code, "name": agency.name}


def proposal_data(request, proposal: Proposal) -> dict:
    lead = lead_delegate(proposal)
    return {
        "id": proposal.pk,
        "kind": proposal.kind,
        "kind_label": proposal.get_kind_display(),
        "number": proposal.number,
        "number_label": proposal.number_label,
        "session": proposal.session,
        "year": proposal.year,
        "title": proposal.title,
        "lead_delegate": {"name": lead.name, "group": lead.group} if lead else None,
        "agency": _agency(proposal.agency),
        "cohandlers": [_agency(c.agency) for c in proposal.cohandlings.all()],
        "published_on": proposal.published_on,
        "url": request.build_absolute_uri(proposal.get_absolute_url()),
    }


def counts_row(row: counts.AgencyCounts) -> dict:
    return {"agency": _agency(row.agency) if row.agency else None, **row.as_dict()}


@router.get(
    "/proposals",
    operation_id="listProposalReplies",
    response=PublicProposalList,
    summary="已公开的建议提案答复（新公开的在前）",
)
@decorate_view(public_read)
def list_proposals(
    request,
    year: int | None = None,
    kind: str = "",
    agency: str = "",
    before: int | None = None,
    limit: int = 20,
):
    limit = max(1, min(limit, 100))
    qs = published_proposals().order_by("-pk")
    if year:
        qs = qs.filter(year=year)
    if kind in ProposalKind.values:
        qs = qs.filter(kind=kind)
    if agency:
        qs = qs.filter(agency__credit_code=agency.upper())
    if before:
        qs = qs.filter(pk__lt=before)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [proposal_data(request, p) for p in rows],
        "next": rows[-1].pk if more and rows else None,
    }


@router.get(
    "/proposals/counts/{year}",
    operation_id="getProposalCounts",
    response=ProposalCounts,
    summary="某年各机关建议提案办理情况统计",
)
@decorate_view(public_read)
def proposal_counts(request, year: int):
    rows = counts.yearly_counts(year)
    return {
        "year": year,
        "items": [counts_row(r) for r in rows],
        "total": counts_row(counts.totals(rows)),
    }


@router.get(
    "/proposals/{proposal_id}",
    operation_id="getProposalReply",
    response={200: PublicProposalDetail, 404: Error},
    summary="一件建议提案的公开答复",
)
@decorate_view(public_read)
def get_proposal(request, proposal_id: int):
    proposal = published_proposal(proposal_id)
    if proposal is None:
        raise NotFound(_("Not found"))
    return {
        **proposal_data(request, proposal),
        "replies": [
            {"round": r.round, "replied_on": r.replied_on, "text": r.text}
            for r in proposal.published_replies
        ],
    }
