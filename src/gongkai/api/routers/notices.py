"""Public read API of 公示: notices from the first day of their period on, with the period (its
counting and the days left), how to object, and — after the period — the result with the
number of objections received.

Only public notices exist here; a draft's id answers the same 404 as an unused one. No
objection, and no name or phone of anyone who objected, appears in any shape; the number of
objections appears only with the published result.
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
from gongkai.notices.display import period_facts
from gongkai.notices.models import Notice, Status
from gongkai.notices.selectors import in_public_phase, public_notices, public_objection_count

router = Router(tags=["notices"])

KINDS = Literal["appointment", "project", "award", "expropriation", "subsidy", "other"]


class Result(Schema):
    outcome: Literal["no_objection", "not_upheld", "upheld", "partly_upheld"] = Field(
        description="无异议 / 有异议经核实不属实 / 有异议经核实属实 / 有异议经核实部分属实"
    )
    text: str = Field(description="公示结果")
    published_on: dt.date | None = Field(description="结果发布日期")
    objections_received: int = Field(description="公示期内收到异议件数（各渠道合计）")
    correction: str = Field(description="更正结果的理由（未更正时为空）")


class NoticeSummary(Schema):
    id: int
    kind: KINDS = Field(
        description="拟任职前公示 / 项目审批前公示 / 评优评先公示 / 征收补偿公示 / 补助救助对象公示 / 其他公示"
    )
    title: str
    agency: AgencyRef
    starts_on: dt.date = Field(description="公示开始日期（计入公示期）")
    ends_on: dt.date = Field(description="公示截止日期（当日仍可提出异议）")
    counting: Literal["natural", "working"] = Field(description="按自然日 / 工作日计算")
    period_days: int = Field(description="公示期天数（按 counting 计，首日计入）")
    phase: Literal["in_period", "over", "result", "closed"] = Field(
        description="公示中 / 已到期待公布结果 / 已公布结果 / 已办结"
    )
    days_remaining: int | None = Field(
        description="剩余天数（按 counting 计，今日计入）；不在公示期内为 0；工作日历未录入时为 null"
    )
    result: Result | None = Field(description="公示结果（公示期满并公布后才有）")
    url: str = Field(description="本站页面的绝对地址")
    pdf_url: str = Field(description="公示栏张贴用 A4 PDF")


class NoticePage(Schema):
    items: list[NoticeSummary]
    next: int | None = Field(description="下一页的 before 参数；没有更多时为 null")


class NoticeDetail(NoticeSummary):
    body_html: str = Field(description="公示正文（已净化的 HTML）")
    end_reason: str = Field(description="截止日期晚于按公示期计算的日期时的理由")
    contact_department: str = Field(description="受理异议的部门")
    objection_phone: str = Field(description="异议电话")
    objection_address: str = Field(description="来信来访地址")
    accepts_online: bool = Field(description="是否可通过本站提出异议")


class ListParams(Schema):
    agency: str = Field("", description="机关的统一社会信用代码")
    kind: Literal["", "appointment", "project", "award", "expropriation", "subsidy", "other"] = ""
    phase: Literal["", "in_period", "ended"] = Field(
        "", description="in_period 公示中；ended 已结束（含已公布结果）"
    )
    before: int | None = Field(None, description="上一页返回的 next")
    limit: int = Field(20, ge=1, le=100)


def summary_of(request, n: Notice, today: dt.date) -> dict:
    facts = period_facts(n, today)
    count = public_objection_count(n)
    return {
        "id": n.pk,
        "kind": n.kind,
        "title": n.title,
        "agency": {"credit_code": n.agency.credit_code, "name": n.agency.name},
        "starts_on": n.starts_on,
        "ends_on": n.ends_on,
        "counting": n.counting,
        "period_days": facts.length if facts.length is not None else n.period_days,
        "phase": facts.phase.value,
        "days_remaining": facts.days_left if facts.in_period else 0,
        "result": {
            "outcome": n.outcome,
            "text": n.result_text,
            "published_on": n.result_on,
            "objections_received": count,
            "correction": n.result_correction,
        }
        if count is not None and n.status in (Status.RESULT, Status.CLOSED)
        else None,
        "url": request.build_absolute_uri(n.get_absolute_url()),
        "pdf_url": request.build_absolute_uri(reverse("notices:pdf", args=[n.pk])),
    }


@router.get(
    "/notices",
    operation_id="listNotices",
    response={200: NoticePage},
    summary="公示列表",
    description="公示期已开始的公示，按 id 从新到旧；用 next 作为下一页的 before。",
)
@decorate_view(public_read)
def list_notices(request, params: Query[ListParams]):
    today = timezone.localdate()
    qs = public_notices(today)
    if params.agency:
        qs = qs.filter(agency__credit_code=params.agency.strip().upper())
    if params.kind:
        qs = qs.filter(kind=params.kind)
    if params.phase:
        qs = in_public_phase(qs, params.phase, today)
    if params.before:
        qs = qs.filter(pk__lt=params.before)
    rows = list(qs.order_by("-pk")[: params.limit + 1])
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    return {
        "items": [summary_of(request, n, today) for n in rows],
        "next": rows[-1].pk if more and rows else None,
    }


@router.get(
    "/notices/{notice_id}",
    operation_id="getNotice",
    response={200: NoticeDetail, 404: Error},
    summary="一则公示：正文、公示期、异议渠道和公示结果",
)
@decorate_view(public_read)
def get_notice(request, notice_id: int):
    if not 0 < notice_id < 2**63:
        raise Http404
    today = timezone.localdate()
    n = get_object_or_404(public_notices(today), pk=notice_id)
    return {
        **summary_of(request, n, today),
        "body_html": n.body_html,
        "end_reason": n.end_reason,
        "contact_department": n.contact_department,
        "objection_phone": n.objection_phone,
        "objection_address": n.objection_address,
        "accepts_online": n.accepts_online,
    }
