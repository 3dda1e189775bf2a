"""Public read API of the service hall: the agencies' service commitments and the figures of
the ratings (好差评) per agency, matter and month. Counts only: no comment and no rater's
contact is ever part of it."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from gongkai.agencies.models import Agency
from gongkai.api.caching import public_read
from gongkai.api.schemas import Error
from gongkai.servicehall.figures import Tally, rating_figures
from gongkai.servicehall.links import matter_url
from gongkai.servicehall.models import Commitment
from gongkai.servicehall.selectors import PUBLIC_MATTER
from gongkai.services.models import Matter, MatterStatus

router = Router(tags=["servicehall"])

DEFINITIONS = (
    "ratings = 当年评价数（按评价日期）；satisfaction_rate = (非常满意+满意+基本满意)/全部评价，"
    "无评价时为 null；bad = 不满意+非常不满意（差评），每条差评形成一件整改案件；"
    "rectified = 经核实已整改；unfounded = 经核实不属实；on_time = 在整改期限内办结；"
    "open = 尚在核实整改；overdue = 其中已超过整改期限。"
)


class RatingTally(Schema):
    ratings: int = Field(description="评价总数")
    very_satisfied: int = Field(description="非常满意")
    satisfied: int = Field(description="满意")
    basically: int = Field(description="基本满意")
    dissatisfied: int = Field(description="不满意")
    very_dissatisfied: int = Field(description="非常不满意")
    satisfaction_rate: float | None = Field(description="满意率 (非常满意+满意+基本满意)/全部评价")
    bad: int = Field(description="差评（不满意+非常不满意）")
    rectified: int = Field(description="已整改")
    unfounded: int = Field(description="经核实不属实")
    on_time: int = Field(description="在整改期限内办结")
    open: int = Field(description="尚在核实整改")
    overdue: int = Field(description="尚未办结且已超过整改期限")


class RatingAgencyRef(Schema):
    credit_code: str = Field(description="统一社会信用代码")
    name: str


class AgencyTally(Schema):
    agency: RatingAgencyRef
    figures: RatingTally


class MatterRef(Schema):
    implementation_code: str = Field(description="实施编码")
    name: str
    url: str = Field(description="办事指南地址；事项已不公开时为空")


class MatterTally(Schema):
    matter: MatterRef
    figures: RatingTally


class MonthTally(Schema):
    month: int
    figures: RatingTally


class RatingFigures(Schema):
    year: int
    definitions: str
    total: RatingTally
    months: list[MonthTally]
    agencies: list[AgencyTally] = Field(description="每个机关一行（全站统计）")


class AgencyRatingFigures(Schema):
    year: int
    definitions: str
    agency: RatingAgencyRef
    total: RatingTally
    months: list[MonthTally]
    matters: list[MatterTally] = Field(description="每个事项一行")


class PublicCommitment(Schema):
    id: int
    agency: RatingAgencyRef
    kind: str = Field(
        description="first_contact = 首问负责制；time_limit = 限时办结制；"
        "one_time_notice = 一次性告知制；own = 其他服务承诺"
    )
    kind_label: str
    title: str
    text: str
    limit_value: int | None = Field(description="承诺时限")
    limit_unit: str = Field(description="working = 工作日；natural = 自然日")
    limit_note: str
    matters: list[MatterRef]


def _tally(t: Tally) -> dict:
    return {
        "ratings": t.ratings,
        "very_satisfied": t.very_satisfied,
        "satisfied": t.satisfied,
        "basically": t.basically,
        "dissatisfied": t.dissatisfied,
        "very_dissatisfied": t.very_dissatisfied,
        "satisfaction_rate": t.satisfaction_rate,
        "bad": t.bad,
        "rectified": t.rectified,
        "unfounded": t.unfounded,
        "on_time": t.on_time,
        "open": t.open,
        "overdue": t.overdue,
    }


def _agency_ref(agency: Agency) -> dict:
    return {"credit_code": agency.credit_code, "name": agency.name}


def _matter_ref(request, matter) -> dict:
    public = matter.status == MatterStatus.PUBLISHED and matter.current_version_id is not None
    url = matter_url(matter) if public else ""
    return {
        "implementation_code": matter.implementation_code,
        "name": matter.name,
        "url": request.build_absolute_uri(url) if url else "",
    }


def _year(year: int | None) -> int:
    this_year = timezone.localdate().year
    year = year or this_year
    if not 2000 <= year <= this_year:
        raise HttpError(422, _("Invalid parameters: %(fields)s") % {"fields": "year"})
    return year


@router.get(
    "/servicehall/figures",
    operation_id="listRatingFigures",
    response={200: RatingFigures, 422: Error},
    summary="好差评：全站统计（每个机关一行）",
)
@decorate_view(public_read)
def list_rating_figures(request, year: int | None = Query(None, description="默认今年")):
    year = _year(year)
    figures = rating_figures(year=year, today=timezone.localdate())
    return {
        "year": year,
        "definitions": DEFINITIONS,
        "total": _tally(figures.total),
        "months": [{"month": m, "figures": _tally(t)} for m, t in figures.by_month.items()],
        "agencies": [
            {"agency": _agency_ref(a), "figures": _tally(t)} for a, t in figures.agency_rows()
        ],
    }


@router.get(
    "/servicehall/figures/{credit_code}",
    operation_id="getAgencyRatingFigures",
    response={200: AgencyRatingFigures, 404: Error, 422: Error},
    summary="好差评：一个机关的统计（每个事项一行）",
)
@decorate_view(public_read)
def agency_rating_figures(
    request, credit_code: str, year: int | None = Query(None, description="默认今年")
):
    agency = get_object_or_404(Agency, credit_code=credit_code.upper(), is_active=True)
    year = _year(year)
    figures = rating_figures(year=year, agency=agency, today=timezone.localdate())
    return {
        "year": year,
        "definitions": DEFINITIONS,
        "agency": _agency_ref(agency),
        "total": _tally(figures.total),
        "months": [{"month": m, "figures": _tally(t)} for m, t in figures.by_month.items()],
        "matters": [
            {"matter": _matter_ref(request, m), "figures": _tally(t)}
            for m, t in figures.matter_rows()
        ],
    }


@router.get(
    "/servicehall/commitments",
    operation_id="listCommitments",
    response=list[PublicCommitment],
    summary="服务承诺（首问负责制、限时办结制、一次性告知制等）",
)
@decorate_view(public_read)
def list_commitments(request, agency: str = Query("", description="统一社会信用代码")):
    qs = (
        Commitment.objects.filter(is_active=True, agency__is_active=True)
        .select_related("agency")
        .order_by("agency__sort_order", "agency__name", "sort_order", "pk")
    )
    if agency:
        qs = qs.filter(agency__credit_code=agency.upper())
    rows = []
    public_matters = Prefetch("matters", queryset=Matter.objects.filter(PUBLIC_MATTER))
    for c in qs.prefetch_related(public_matters):
        rows.append(
            {
                "id": c.pk,
                "agency": _agency_ref(c.agency),
                "kind": c.kind,
                "kind_label": c.get_kind_display(),
                "title": c.title,
                "text": c.text,
                "limit_value": c.limit_value,
                "limit_unit": c.limit_unit,
                "limit_note": c.limit_note,
                "matters": [_matter_ref(request, m) for m in c.matters.all()],
            }
        )
    return rows
