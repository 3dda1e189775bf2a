"""Public read API of 意见征集 and 听证: published solicitations with their draft, the comments
shown (as displayed: redacted text, nickname or "公众意见") and the feedback figures.

Only public solicitations exist here; a draft's id answers the same 404 as an unused one. No
name, phone number or e-mail address of the public appears in any shape.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from gongkai.api.caching import public_read
from gongkai.api.schemas import AgencyRef, Error
from gongkai.solicitation.models import Channel, Solicitation, Status
from gongkai.solicitation.rules import Phase, days_remaining, period_days, phase_of
from gongkai.solicitation.selectors import (
    approved_comments,
    entries_of,
    figures,
    in_phase,
    public_solicitations,
)

router = Router(tags=["solicitation"])

PUBLIC_NAME = "公众意见"  # how a comment without a nickname is shown
HEARING_NAME = "听证会发言"  # … and an opinion stated at a hearing


class Hearing(Schema):
    at: dt.datetime | None = Field(description="听证会时间")
    place: str = Field(description="听证会地点")
    seats: int | None = Field(description="参加人席位数")
    signup_instructions: str = Field(description="报名方式与遴选办法")


class PublicSolicitationFigures(Schema):
    received: int = Field(description="收到意见条数（各渠道合计）")
    shown: int = Field(description="公开展示的意见条数")
    not_shown: int = Field(description="未予展示的意见条数")
    adopted: int = Field(description="采纳")
    partly_adopted: int = Field(description="部分采纳")
    not_adopted: int = Field(description="未采纳")


class SolicitationSummary(Schema):
    id: int
    kind: Literal["solicitation", "hearing"] = Field(description="意见征集 / 听证")
    title: str
    agency: AgencyRef
    summary: str = Field(description="内容简介")
    opens_on: dt.date = Field(description="征集（报名）开始日期")
    closes_on: dt.date = Field(description="征集（报名）截止日期，当日仍可提交")
    period_days: int = Field(description="征集期天数（自然日，首尾均计）")
    phase: Literal["upcoming", "open", "ended", "closed", "feedback"] = Field(
        description="未开始 / 征集中 / 已到期 / 已结束待反馈 / 已公布采纳情况"
    )
    days_remaining: int = Field(description="剩余天数（含当日），不在征集期内为 0")
    published_on: dt.date | None = Field(description="发布日期")
    hearing: Hearing | None = Field(description="听证会信息（仅听证）")
    figures: PublicSolicitationFigures | None = Field(description="采纳情况统计（公布反馈后才有）")
    url: str = Field(description="本站页面的绝对地址")


class SolicitationPage(Schema):
    items: list[SolicitationSummary]
    next: int | None = Field(description="下一页的 before 参数；没有更多时为 null")


class PublicSolicitationFileOut(Schema):
    name: str
    role: Literal["draft", "explanation", "other"] = Field(
        description="征求意见稿 / 起草说明 / 其他"
    )
    type: str
    size: int
    url: str


class PublicSolicitationCommentOut(Schema):
    id: int
    shown_as: str = Field(description="昵称；未填写昵称时为“公众意见”，听证会发言为“听证会发言”")
    section: str = Field(description="针对的条款")
    text: str = Field(description="公开的意见内容（已隐去个人信息）")
    received_on: dt.date


class PublicSolicitationEntryOut(Schema):
    summary: str = Field(description="意见概述")
    decision: Literal["adopted", "partly_adopted", "not_adopted"] = Field(
        description="采纳 / 部分采纳 / 未采纳"
    )
    reason: str = Field(description="理由")
    comments: int = Field(description="涉及的意见条数")


class FinalDocument(Schema):
    id: int
    title: str
    doc_number: str
    url: str


class Feedback(Schema):
    published_on: dt.date | None
    summary: str
    hearing_record: str = Field(description="听证笔录摘要（仅听证）")
    attended_count: int | None = Field(description="出席的听证参加人人数（仅听证）")
    entries: list[PublicSolicitationEntryOut]
    final_document: FinalDocument | None = Field(description="最终文件（目录中已公开的信息）")


class SolicitationDetail(SolicitationSummary):
    draft_html: str = Field(description="征求意见稿正文（已净化的 HTML）")
    explanation_html: str = Field(description="起草说明")
    short_period_reason: str = Field(description="征集期少于 30 日的理由")
    closed_early_reason: str = Field(description="提前结束征集的理由")
    contact_department: str
    contact_phone: str
    comment_email: str = Field(description="接收意见的电子邮箱")
    comment_address: str = Field(description="接收意见的通信地址")
    files: list[PublicSolicitationFileOut]
    comments: list[PublicSolicitationCommentOut] = Field(description="已公开的意见")
    feedback: Feedback | None


class PublicSolicitationListParams(Schema):
    agency: str = Field("", description="机关的统一社会信用代码")
    kind: Literal["", "solicitation", "hearing"] = ""
    phase: Literal["", "open", "upcoming", "closed", "feedback"] = Field(
        "",
        description="open 征集中；upcoming 未开始；closed 已结束（含已公布反馈）；feedback 已公布反馈",
    )
    before: int | None = Field(None, description="上一页返回的 next")
    limit: int = Field(20, ge=1, le=100)


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value else None


def summary_of(request, s: Solicitation, today: dt.date) -> dict:
    counts = figures(s) if s.status == Status.FEEDBACK_PUBLISHED else None
    current = phase_of(s, today)
    return {
        "id": s.pk,
        "kind": s.kind,
        "title": s.title,
        "agency": {"credit_code": s.agency.credit_code, "name": s.agency.name},
        "summary": s.summary,
        "opens_on": s.opens_on,
        "closes_on": s.closes_on,
        "period_days": period_days(s.opens_on, s.closes_on),
        "phase": current.value,
        "days_remaining": days_remaining(s.closes_on, today) if current == Phase.OPEN else 0,
        "published_on": _local_date(s.published_at),
        "hearing": {
            "at": timezone.localtime(s.hearing_at) if s.hearing_at else None,
            "place": s.hearing_place,
            "seats": s.seats,
            "signup_instructions": s.signup_instructions,
        }
        if s.is_hearing
        else None,
        "figures": {
            "received": counts.received,
            "shown": counts.approved,
            "not_shown": counts.rejected,
            "adopted": counts.adopted,
            "partly_adopted": counts.partly_adopted,
            "not_adopted": counts.not_adopted,
        }
        if counts
        else None,
        "url": request.build_absolute_uri(s.get_absolute_url()),
    }


@router.get(
    "/solicitations",
    operation_id="listSolicitations",
    response={200: SolicitationPage},
    summary="意见征集和听证列表",
    description="已发布的意见征集和听证，按 id 从新到旧；用 next 作为下一页的 before。",
)
@decorate_view(public_read)
def list_solicitations(request, params: Query[PublicSolicitationListParams]):
    today = timezone.localdate()
    qs = public_solicitations()
    if params.agency:
        qs = qs.filter(agency__credit_code=params.agency.strip().upper())
    if params.kind:
        qs = qs.filter(kind=params.kind)
    if params.phase:
        qs = in_phase(qs, params.phase, today)
    if params.before:
        qs = qs.filter(pk__lt=params.before)
    rows = list(qs.order_by("-pk")[: params.limit + 1])
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    return {
        "items": [summary_of(request, s, today) for s in rows],
        "next": rows[-1].pk if more and rows else None,
    }


def _feedback(request, s: Solicitation) -> dict | None:
    if s.status != Status.FEEDBACK_PUBLISHED:
        return None
    final = s.final_item if s.final_item_id and s.final_item.is_public else None
    return {
        "published_on": _local_date(s.feedback_published_at),
        "summary": s.feedback_summary,
        "hearing_record": s.hearing_record,
        "attended_count": s.attended_count,
        "entries": [
            {
                "summary": e.summary,
                "decision": e.decision,
                "reason": e.reason,
                "comments": e.n_comments,
            }
            for e in entries_of(s)
        ],
        "final_document": {
            "id": final.pk,
            "title": final.title,
            "doc_number": final.doc_number,
            "url": request.build_absolute_uri(final.get_absolute_url()),
        }
        if final
        else None,
    }


@router.get(
    "/solicitations/{solicitation_id}",
    operation_id="getSolicitation",
    response={200: SolicitationDetail, 404: Error},
    summary="一项意见征集或听证：草案、已公开的意见和采纳情况",
)
@decorate_view(public_read)
def get_solicitation(request, solicitation_id: int):
    if not 0 < solicitation_id < 2**63:
        raise Http404
    s = get_object_or_404(public_solicitations(), pk=solicitation_id)
    today = timezone.localdate()
    return {
        **summary_of(request, s, today),
        "draft_html": s.draft_html,
        "explanation_html": s.explanation_html,
        "short_period_reason": s.short_period_reason,
        "closed_early_reason": s.closed_early_reason,
        "contact_department": s.contact_department,
        "contact_phone": s.contact_phone,
        "comment_email": s.comment_email,
        "comment_address": s.comment_address,
        "files": [
            {
                "name": f.name,
                "role": f.role,
                "type": f.kind,
                "size": f.size,
                "url": request.build_absolute_uri(reverse("solicitation:file", args=[s.pk, f.pk])),
            }
            for f in s.files.all()
        ],
        "comments": [
            {
                "id": c.pk,
                "shown_as": c.nickname
                or (HEARING_NAME if c.channel == Channel.HEARING else PUBLIC_NAME),
                "section": c.section,
                "text": c.public_text,
                "received_on": c.received_on,
            }
            for c in approved_comments(s)
        ],
        "feedback": _feedback(request, s),
    }
