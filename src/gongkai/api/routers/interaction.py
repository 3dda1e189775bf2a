"""Published letters (公开的来信及答复) and the letters' figures: the public read API.

Only the reviewed public copy of a published letter exists here (``public_title``,
``public_content``, ``public_reply``, agency, type, dates) — never a writer field, never a
举报; a withdrawn or unknown number is the same 404. The figures are the ones of the public
figures page (``interaction.figures``: what is counted is stated there and in the schema).
"""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from gongkai.agencies.models import Agency
from gongkai.api import cursors
from gongkai.api.caching import public_read
from gongkai.api.errors import NotFound, bad_cursor
from gongkai.api.schemas import AgencyRef, Error
from gongkai.interaction.figures import Tally, first_year, letter_figures
from gongkai.interaction.models import Message, MessageKind
from gongkai.interaction.search_provider import search_published
from gongkai.interaction.selectors import published_messages

router = Router(tags=["letters"])

PUBLIC_KINDS = [k for k in MessageKind.values if k != MessageKind.REPORT]


class LetterSummary(Schema):
    number: str = Field(description="来信编号")
    title: str = Field(description="公开标题（已去除个人信息）")
    agency: AgencyRef
    kind: str = Field(
        description="类型：inquiry 咨询 / suggestion 建议 / complaint 投诉 / help 求助 / praise 表扬"
    )
    received_on: dt.date = Field(description="来信日期")
    replied_on: dt.date | None = Field(description="答复日期")
    published_at: dt.datetime | None = Field(description="公开时间")
    url: str = Field(description="本站页面的绝对地址")


class LetterDetail(LetterSummary):
    content: str = Field(description="公开的来信内容（已去除个人信息）")
    reply: str = Field(description="公开的答复内容")


class LetterPage(Schema):
    items: list[LetterSummary]
    next: str | None = Field(description="下一页的游标（作为 cursor 参数传回）；最后一页为 null")


class LetterListParams(Schema):
    agency: str | None = Field(None, description="机关的统一社会信用代码")
    kind: str | None = Field(None, description="类型（举报不公开，不可选）")
    year: int | None = Field(None, ge=2000, le=2100, description="来信年份")
    q: str = Field("", max_length=100, description="全文检索（中文分词）")
    limit: int = Field(20, ge=1, le=100)
    cursor: str | None = None


def _summary(request, message: Message) -> dict:
    return {
        "number": message.number,
        "title": message.public_title,
        "agency": {"credit_code": message.agency.credit_code, "name": message.agency.name},
        "kind": message.kind,
        "received_on": message.received_on,
        "replied_on": message.replied_on,
        "published_at": timezone.localtime(message.published_at) if message.published_at else None,
        "url": request.build_absolute_uri(
            reverse("interaction:published_detail", args=[message.number])
        ),
    }


@router.get(
    "/letters",
    operation_id="listLetters",
    response={200: LetterPage, 400: Error, 404: Error},
    summary="公开的来信及答复：筛选、全文检索、游标分页",
    description=(
        "只有来信人同意公开、经审核公开的来信，且只含去除个人信息后的公开文本；举报不公开。"
        "不带 q 时按公开时间从新到旧排列；带 q 时按相关度排列（最多前 1000 条）。"
    ),
)
@decorate_view(public_read)
def list_letters(request, params: Query[LetterListParams]):
    messages = published_messages()
    agency = None
    if params.agency:
        agency = Agency.objects.filter(credit_code=params.agency, is_active=True).first()
        if agency is None:
            raise NotFound(_("There is no agency with this credit code"))
        messages = messages.filter(agency=agency)
    if params.kind:
        if params.kind not in PUBLIC_KINDS:
            raise NotFound(_("Not found"))
        messages = messages.filter(kind=params.kind)
    if params.year:
        messages = messages.filter(received_on__year=params.year)
    try:
        start = cursors.decode_offset(params.cursor).offset if params.cursor else 0
    except cursors.InvalidCursor:
        raise bad_cursor() from None
    q = params.q.strip()
    if q:
        order, _tokens, _capped = search_published(q, agency=agency, year=params.year)
        by_id = messages.in_bulk(order)
        rows = [by_id[pk] for pk in order if pk in by_id][start : start + params.limit + 1]
    else:
        rows = list(messages[start : start + params.limit + 1])
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    return {
        "items": [_summary(request, m) for m in rows],
        "next": cursors.encode(cursors.Offset(start + params.limit)) if more else None,
    }


@router.get(
    "/letters/{number}",
    operation_id="getLetter",
    response={200: LetterDetail, 404: Error},
    summary="一封公开的来信及其答复",
)
@decorate_view(public_read)
def get_letter(request, number: str):
    message = published_messages().filter(number=number).first()
    if message is None:
        raise NotFound(_("Not found"))
    return {
        **_summary(request, message),
        "content": message.public_content,
        "reply": message.public_reply,
    }


class PublicLetterFiguresOut(Schema):
    received: int = Field(description="收到：当年来信数，不含并入先前来信的重复来信")
    not_accepted: int = Field(description="其中不予受理")
    replied: int = Field(description="答复：当年答复的来信数")
    replied_on_time: int = Field(description="按期答复数")
    on_time_rate: float | None = Field(description="按期答复率 = 按期答复 / 有答复期限的答复")
    average_working_days: float | None = Field(description="平均答复用时（工作日，自受理起）")
    satisfied: int = Field(description="满意")
    basically_satisfied: int = Field(description="基本满意")
    dissatisfied: int = Field(description="不满意")
    satisfaction_rate: float | None = Field(description="满意率 =（满意 + 基本满意）/ 已评价")


class MonthFigures(PublicLetterFiguresOut):
    month: int


class KindFigures(PublicLetterFiguresOut):
    kind: str


class AgencyFigures(PublicLetterFiguresOut):
    agency: AgencyRef


class LetterFigures(Schema):
    year: int
    agency: AgencyRef | None = Field(description="机关；全站合计为 null")
    total: PublicLetterFiguresOut
    by_month: list[MonthFigures]
    by_kind: list[KindFigures]
    by_agency: list[AgencyFigures] = Field(description="各机关（仅全站合计时）")


class FiguresParams(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="年份，默认今年")
    agency: str | None = Field(None, description="机关的统一社会信用代码；不填为全站")


def _figures(tally: Tally) -> dict:
    return {
        "received": tally.received,
        "not_accepted": tally.not_accepted,
        "replied": tally.replied,
        "replied_on_time": tally.on_time,
        "on_time_rate": tally.on_time_rate,
        "average_working_days": tally.average_working_days,
        "satisfied": tally.satisfied,
        "basically_satisfied": tally.basically,
        "dissatisfied": tally.dissatisfied,
        "satisfaction_rate": tally.satisfaction_rate,
    }


def _ref(agency: Agency) -> dict:
    return {"credit_code": agency.credit_code, "name": agency.name}


@router.get(
    "/letter-figures",
    operation_id="getLetterFigures",
    response={200: LetterFigures, 404: Error},
    summary="来信办理情况统计（全站或一个机关，一年）",
    description=(
        "与公开的统计页面相同的数字：收到（不含并单）、答复、按期答复、平均答复用时、满意度，"
        "按月、按类型（含举报件数，不含内容）和按机关。来信计入其现所在机关（转办后为接收机关）。"
    ),
)
@decorate_view(public_read)
def get_letter_figures(request, params: Query[FiguresParams]):
    this_year = timezone.localdate().year
    year = params.year or this_year
    first = min(first_year() or this_year, this_year)
    if not first <= year <= this_year:
        raise NotFound(_("Not found"))
    agency = None
    if params.agency:
        agency = get_object_or_404(Agency, credit_code=params.agency, is_active=True)
    figures = letter_figures(year=year, agency=agency)
    return {
        "year": year,
        "agency": _ref(agency) if agency else None,
        "total": _figures(figures.total),
        "by_month": [{"month": m, **_figures(t)} for m, t in figures.by_month.items()],
        "by_kind": [{"kind": k, **_figures(t)} for k, t in figures.by_kind.items()],
        "by_agency": [{"agency": _ref(a), **_figures(t)} for a, t in figures.agency_rows()],
    }
