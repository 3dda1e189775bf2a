"""Public read API of 办事指南: published service matters with every element of their current
guide, the life events of the directory, each agency's fee list (收费项目及标准) and the
comparison of promised against statutory time limits.

Only the current version of a published matter is here; a draft, a version under review or
a withdrawn matter answers the same 404 as an unknown code. No staff member appears in any
shape.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from gongkai.agencies.models import Agency
from gongkai.api.caching import public_read
from gongkai.api.schemas import AgencyRef, Error
from gongkai.services import limits
from gongkai.services.content import public_data
from gongkai.services.models import MatterType
from gongkai.services.selectors import (
    for_audience,
    life_events,
    limit_rows,
    public_fee_items,
    public_matter,
    public_matters,
)

router = Router(tags=["services"])

UnitCode = Literal["working", "natural"]


class MatterFileRef(Schema):
    name: str
    type: str = Field(description="文件类型（pdf、docx …）")
    size: int
    url: str = Field(description="下载地址")


class MatterLegalBasis(Schema):
    title: str = Field(description="法律法规名称")
    article: str = Field(description="条款")
    excerpt: str = Field(description="条款内容")
    item_url: str | None = Field(description="该法律法规在公开目录中的页面（已公开时）")


class MatterMaterial(Schema):
    name: str = Field(description="材料名称")
    form: Literal["original", "copy", "original_and_copy", "electronic"] = Field(
        description="材料形式：原件 / 复印件 / 原件和复印件 / 电子件"
    )
    form_label: str
    copies: int = Field(description="份数")
    required: bool = Field(description="是否必要（否：视情况提交）")
    source: str = Field(description="来源渠道")
    requirements: str = Field(description="要求")
    blank_form: MatterFileRef | None = Field(description="空白表格")
    sample: MatterFileRef | None = Field(description="示例样表")


class MatterStep(Schema):
    title: str = Field(description="环节")
    description: str = Field(description="办理内容")
    time_limit: str = Field(description="本环节时限")


class MatterStatutoryLimit(Schema):
    value: int = Field(description="天数")
    unit: UnitCode = Field(description="working 工作日 / natural 自然日")
    text: str = Field(description="如“20个工作日”")
    note: str = Field(description="说明")


class MatterPromisedLimit(Schema):
    value: int = Field(description="天数（即办件为 0）")
    unit: UnitCode
    text: str = Field(description="如“5个工作日”或“即办件”")
    note: str


class MatterFeeRef(Schema):
    name: str = Field(description="收费项目")
    standard: str = Field(description="收费标准")
    amount: str | None = Field(description="金额（元）")


class MatterQuestion(Schema):
    question: str
    answer: str


class MatterSummary(Schema):
    implementation_code: str = Field(description="实施编码")
    name: str = Field(description="事项名称")
    agency: AgencyRef
    matter_type: str = Field(
        description="事项类型：licensing 行政许可、confirmation 行政确认、payment 行政给付、"
        "levy 行政征收、award 行政奖励、adjudication 行政裁决、other_power 其他行政权力、"
        "public_service 公共服务"
    )
    serves_natural_persons: bool = Field(description="服务对象含自然人")
    serves_organizations: bool = Field(description="服务对象含法人")
    case_kind: Literal["immediate", "promised"] = Field(description="即办件 / 承诺件")
    promised_text: str = Field(description="承诺办结时限")
    visits: int = Field(description="到办事现场次数（0 全程网办）")
    changed_on: dt.date | None = Field(description="最近更新日期")
    url: str = Field(description="本站页面的绝对地址")


class MatterPage(Schema):
    items: list[MatterSummary]
    next: int | None = Field(description="下一页的 after 参数；没有更多时为 null")


class MatterDetail(Schema):
    implementation_code: str = Field(description="实施编码")
    basic_code: str = Field(description="基本编码")
    name: str = Field(description="事项名称")
    agency: AgencyRef
    department: str = Field(description="承办科室")
    matter_type: str = Field(description="事项类型代码")
    matter_type_label: str = Field(description="事项类型")
    power_source: str = Field(description="权力来源代码")
    power_source_label: str = Field(description="权力来源")
    implementing_body: str = Field(description="实施主体")
    serves_natural_persons: bool
    serves_organizations: bool
    legal_bases: list[MatterLegalBasis] = Field(description="设定依据")
    conditions: str = Field(description="受理条件")
    materials: list[MatterMaterial] = Field(description="申请材料")
    steps: list[MatterStep] = Field(description="办理流程")
    case_kind: Literal["immediate", "promised"] = Field(description="办件类型：即办件 / 承诺件")
    statutory_limit: MatterStatutoryLimit | None = Field(
        description="法定办结时限（法律未规定时为 null）"
    )
    promised_limit: MatterPromisedLimit = Field(description="承诺办结时限")
    special_procedures: str = Field(description="特别程序（不计入办结时限）")
    visits: int = Field(description="到办事现场次数")
    charges_fee: bool = Field(description="是否收费")
    fee_basis: str = Field(description="收费依据")
    fee_standard: str = Field(description="收费标准")
    fee_items: list[MatterFeeRef] = Field(description="关联的收费目录项目")
    place: str = Field(description="办理地点")
    hours: str = Field(description="办理时间")
    consultation_phone: str = Field(description="咨询电话")
    consultation_other: str = Field(description="其他咨询方式")
    complaint_phone: str = Field(description="监督投诉电话")
    complaint_other: str = Field(description="其他投诉方式")
    online_url: str = Field(description="网上办理地址")
    mobile_url: str = Field(description="移动端办理地址")
    online_depth: Literal["information", "booking", "pre_review", "full"] = Field(
        description="网上办理深度：一级至四级"
    )
    online_depth_label: str
    result_name: str = Field(description="办理结果名称")
    result_type: str = Field(description="办理结果类型代码")
    result_type_label: str = Field(description="办理结果类型")
    result_sample: MatterFileRef | None = Field(description="办理结果样本")
    questions: list[MatterQuestion] = Field(description="常见问题")
    life_events: list[str] = Field(description="所属人生事件")
    version: int = Field(description="版本号")
    changed_on: dt.date | None = Field(description="最近更新日期（本版本审核通过之日）")
    url: str


class PublicLifeEvent(Schema):
    slug: str = Field(description="地址中的标识，用作 life_event 参数")
    name: str = Field(description="人生事件")
    description: str
    for_natural_persons: bool
    for_organizations: bool
    matters: int = Field(description="已公开事项数")


class PublicLifeEventList(Schema):
    items: list[PublicLifeEvent]


class PublicFeeItem(Schema):
    name: str = Field(description="收费项目")
    standard: str = Field(description="收费标准")
    amount: str | None = Field(description="金额（元），按件等固定金额时")
    unit: str = Field(description="计费单位")
    basis: str = Field(description="收费依据")
    basis_url: str | None = Field(description="收费依据在公开目录中的页面")
    note: str = Field(description="说明（减免等）")
    matters: list[str] = Field(description="收取该费用的事项的实施编码")


class PublicFeeList(Schema):
    agency: AgencyRef
    items: list[PublicFeeItem]


class AgencyTimeLimits(Schema):
    agency: AgencyRef
    matters: int = Field(description="已公开事项数")
    compared: int = Field(description="有法定办结时限的事项数")
    immediate: int = Field(description="即办件数")
    statutory_total: float = Field(description="法定时限合计（工作日）")
    promised_total: float = Field(description="承诺时限合计（工作日）")
    reduction_total: float = Field(description="压缩合计（工作日）")
    reduction_average: float | None = Field(description="平均每项压缩（工作日）")
    reduction_rate: float | None = Field(description="压缩比例（0–1）")


class TimeLimitComparison(Schema):
    rule: str = Field(description="不同单位的折算规则")
    agencies: list[AgencyTimeLimits]


class MatterListParams(Schema):
    agency: str = Field("", description="机关的统一社会信用代码")
    life_event: str = Field("", description="人生事件的 slug")
    audience: Literal["", "natural", "organization"] = Field(
        "", description="natural 个人办事 / organization 法人办事"
    )
    type: str = Field("", description="事项类型代码")
    after: int | None = Field(None, description="上一页返回的 next")
    limit: int = Field(50, ge=1, le=200)


def _summary(request, m) -> dict:
    v = m.current_version
    return {
        "implementation_code": m.implementation_code,
        "name": v.name,
        "agency": {"credit_code": m.agency.credit_code, "name": m.agency.name},
        "matter_type": v.matter_type,
        "serves_natural_persons": v.serves_natural_persons,
        "serves_organizations": v.serves_organizations,
        "case_kind": v.case_kind,
        "promised_text": v.promised_text,
        "visits": v.visits,
        "changed_on": v.published_on,
        "url": request.build_absolute_uri(m.get_absolute_url()),
    }


@router.get(
    "/matters",
    operation_id="listMatters",
    response={200: MatterPage},
    summary="政务服务事项列表",
    description="已公开的政务服务事项，按 id 排序；用 next 作为下一页的 after。",
)
@decorate_view(public_read)
def list_matters(request, params: Query[MatterListParams]):
    qs = public_matters()
    if params.agency:
        qs = qs.filter(agency__credit_code=params.agency.strip().upper())
    if params.life_event:
        qs = qs.filter(life_events__slug=params.life_event, life_events__is_active=True)
    if params.audience:
        qs = for_audience(qs, params.audience)
    if params.type in MatterType.values:
        qs = qs.filter(current_version__matter_type=params.type)
    if params.after:
        qs = qs.filter(pk__gt=params.after)
    rows = list(qs.order_by("pk")[: params.limit + 1])
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    return {
        "items": [_summary(request, m) for m in rows],
        "next": rows[-1].pk if more and rows else None,
    }


@router.get(
    "/matters/{code}",
    operation_id="getMatter",
    response={200: MatterDetail, 404: Error},
    summary="一个事项的办事指南（全部要素）",
)
@decorate_view(public_read)
def get_matter(request, code: str):
    matter = public_matter(code)
    if matter is None:
        raise Http404
    return public_data(matter, matter.current_version, url=request.build_absolute_uri)


@router.get(
    "/life-events",
    operation_id="listLifeEvents",
    response={200: PublicLifeEventList},
    summary="人生事件（事项目录的主题）",
)
@decorate_view(public_read)
def list_life_events(request):
    return {
        "items": [
            {
                "slug": e.slug,
                "name": e.name,
                "description": e.description,
                "for_natural_persons": e.for_natural_persons,
                "for_organizations": e.for_organizations,
                "matters": e.n_matters,
            }
            for e in life_events()
        ]
    }


@router.get(
    "/fee-lists/{credit_code}",
    operation_id="getFeeList",
    response={200: PublicFeeList, 404: Error},
    summary="一个机关的收费项目及标准",
)
@decorate_view(public_read)
def get_fee_list(request, credit_code: str):
    agency = get_object_or_404(Agency, credit_code=credit_code.upper(), is_active=True)
    items = list(public_fee_items(agency))
    if not items:
        raise Http404
    return {
        "agency": {"credit_code": agency.credit_code, "name": agency.name},
        "items": [
            {
                "name": f.name,
                "standard": f.standard,
                "amount": str(f.amount) if f.amount is not None else None,
                "unit": f.unit,
                "basis": f.basis,
                "basis_url": request.build_absolute_uri(f.basis_item.get_absolute_url())
                if f.basis_item_id and f.basis_item.is_public
                else None,
                "note": f.note,
                "matters": [
                    v.matter.implementation_code
                    for v in f.public_versions
                    if v.matter.current_version_id == v.pk
                ],
            }
            for f in items
        ],
    }


def _float(value) -> float | None:
    return None if value is None else round(float(value), 4)


@router.get(
    "/matter-time-limits",
    operation_id="compareTimeLimits",
    response={200: TimeLimitComparison},
    summary="承诺时限与法定时限对比（按机关）",
    description="各机关已公开事项的法定和承诺办结时限合计、压缩天数和比例，均以工作日计。",
)
@decorate_view(public_read)
def compare_time_limits(request):
    agencies = limits.compare(limit_rows())
    codes = dict(
        Agency.objects.filter(pk__in=[a.agency_id for a in agencies]).values_list(
            "pk", "credit_code"
        )
    )
    return {
        "rule": str(limits.MIXED_UNITS_RULE),
        "agencies": [
            {
                "agency": {"credit_code": codes[a.agency_id], "name": a.name},
                "matters": a.matters,
                "compared": a.compared,
                "immediate": a.immediate,
                "statutory_total": _float(a.statutory_total),
                "promised_total": _float(a.promised_total),
                "reduction_total": _float(a.reduction_total),
                "reduction_average": _float(a.reduction_average),
                "reduction_rate": _float(a.reduction_rate),
            }
            for a in agencies
        ],
    }
