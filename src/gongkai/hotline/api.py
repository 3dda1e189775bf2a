"""Staff API of the hotline (calls and visits), mounted under ``/api/v1/staff/hotline`` by the
letters' staff router (``gongkai.api.staff.interaction``). Every endpoint calls the same
service as the staff screen, as the token's staff member; a record the token may not see is a
404 like a missing one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from gongkai.agencies.models import Agency
from gongkai.api.staff.auth import StaffToken
from gongkai.api.staff.calls import call_service as _call
from gongkai.hotline import rules, services
from gongkai.hotline.counts import Counts, Period, contact_counts
from gongkai.hotline.models import Contact
from gongkai.hotline.selectors import contacts_visible_to, follow_ups_due

router = Router(auth=StaffToken(), tags=["staff: hotline"])


class FollowUpOut(Schema):
    at: dt.datetime
    reached: bool
    satisfaction: str
    note: str


class HotlineContactOut(Schema):
    number: str
    agency: str = Field(description="登记机关的统一社会信用代码")
    kind: str = Field(description="call 来电 / visit 来访")
    started_at: dt.datetime
    duration_minutes: int | None
    visitors: int
    group_visit: bool
    caller_name: str
    caller_phone: str
    category: str
    summary: str
    urgent: bool
    status: str = Field(description="registered / answered（当场答复）/ work_order（转为工单）")
    answer: str
    answered_at: dt.datetime | None
    letter: str | None = Field(description="工单（来信）编号")
    letter_agency: str | None = Field(description="工单现所在机关（派单后为承办机关）")
    letter_status: str | None
    concluded_at: dt.datetime | None
    follow_up: str = Field(description="'' 未回访 / done 已回访 / unreachable 无法联系")
    follow_up_pending: bool
    satisfaction: str
    follow_ups: list[FollowUpOut]


class ContactList(Schema):
    items: list[HotlineContactOut]
    next: int | None


class ContactFilters(Schema):
    day: dt.date | None = Field(None, description="来电来访日期")
    kind: str = ""
    status: str = ""
    agency: str = Field("", description="统一社会信用代码")
    before: int | None = None
    limit: int = Field(50, ge=1, le=200)


class ContactIn(Schema):
    agency: str = Field(description="统一社会信用代码")
    kind: str
    started_at: dt.datetime | None = Field(None, description="默认为现在")
    duration_minutes: int | None = None
    visitors: int | None = None
    caller_name: str = ""
    caller_phone: str = ""
    category: str = Field(description="inquiry / suggestion / complaint / help / report / praise")
    summary: str
    urgent: bool = False


class HotlineAnswerIn(Schema):
    answer: str


class WorkOrderIn(Schema):
    title: str
    kind: str | None = None
    publish_consent: bool = False
    dispatch_to: str | None = Field(None, description="派单机关的统一社会信用代码")
    dispatch_reason: str = ""


class FollowUpIn(Schema):
    reached: bool
    satisfaction: str = ""
    note: str = ""


class DueOut(Schema):
    number: str
    concluded_on: dt.date
    due: dt.date | None
    overdue: bool


class CountsOut(Schema):
    received: int
    visitors: int
    group_visits: int
    answered: int
    work_orders: int
    dispatched: int
    concluded: int
    followed_up: int
    unreachable: int
    satisfied: int
    basically_satisfied: int
    dissatisfied: int
    satisfaction_rate: float | None


class CountsRowOut(CountsOut):
    agency: str
    kind: str


class CountsPageOut(Schema):
    period: str
    start: dt.date
    end: dt.date
    calls: CountsOut
    visits: CountsOut
    total: CountsOut
    rows: list[CountsRowOut]
    sentence: str = Field(description="用于年度工作总结的表述")


class CountsParams(Schema):
    period: str = Field("year", description="year / quarter / month")
    year: int | None = None
    n: int | None = Field(None, description="季度（1–4）或月份（1–12）")
    agency: str = ""


def _get(request, number: str) -> Contact:
    contact = contacts_visible_to(request.auth).filter(number=number).first()
    if contact is None:
        raise Http404
    return contact


def _agency(credit_code: str) -> Agency:
    agency = Agency.objects.filter(credit_code=credit_code, is_active=True).first()
    if agency is None:
        raise HttpError(
            422, _("There is no agency with the credit code %(code)s.") % {"code": credit_code}
        )
    return agency


def _out(contact: Contact) -> dict[str, Any]:
    message = contact.message
    return {
        "number": contact.number,
        "agency": contact.agency.credit_code,
        "kind": contact.kind,
        "started_at": contact.started_at,
        "duration_minutes": contact.duration_minutes,
        "visitors": contact.visitors,
        "group_visit": rules.is_group_visit(contact.kind, contact.visitors),
        "caller_name": contact.caller_name,
        "caller_phone": contact.caller_phone,
        "category": contact.category,
        "summary": contact.summary,
        "urgent": contact.urgent,
        "status": contact.status,
        "answer": contact.answer,
        "answered_at": contact.answered_at,
        "letter": message.number if message else None,
        "letter_agency": message.agency.credit_code if message else None,
        "letter_status": message.status if message else None,
        "concluded_at": rules.concluded_at(contact),
        "follow_up": contact.follow_up,
        "follow_up_pending": rules.follow_up_pending(contact),
        "satisfaction": contact.satisfaction,
        "follow_ups": list(contact.follow_ups.values("at", "reached", "satisfaction", "note")),
    }


def _fresh(request, contact: Contact) -> dict[str, Any]:
    return _out(_get(request, contact.number))


@router.get("/contacts", response=ContactList, summary="来电来访列表")
def list_contacts(request, filters: Query[ContactFilters]):
    qs = contacts_visible_to(request.auth).order_by("-pk")
    if filters.day:
        qs = qs.filter(started_at__date=filters.day)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.agency:
        qs = qs.filter(agency__credit_code=filters.agency)
    if filters.before:
        qs = qs.filter(pk__lt=filters.before)
    rows = list(qs.prefetch_related("follow_ups")[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    return {"items": [_out(c) for c in rows], "next": rows[-1].pk if more and rows else None}


@router.post("/contacts", response={201: HotlineContactOut}, summary="登记来电或来访")
def register_contact(request, payload: ContactIn):
    agency = _agency(payload.agency)
    data = payload.dict(exclude={"agency"})
    data["started_at"] = data["started_at"] or timezone.now()
    contact = _call(services.contact_register, actor=request.auth, agency=agency, data=data)
    return Status(201, _fresh(request, contact))


@router.get("/contacts/{number}", response=HotlineContactOut, summary="来电来访记录")
def contact_detail(request, number: str):
    return _out(_get(request, number))


@router.post("/contacts/{number}/answer", response=HotlineContactOut, summary="当场答复")
def answer(request, number: str, payload: HotlineAnswerIn):
    contact = _get(request, number)
    _call(services.contact_answer, actor=request.auth, contact=contact, answer=payload.answer)
    return _fresh(request, contact)


@router.post(
    "/contacts/{number}/work-order", response=HotlineContactOut, summary="转为工单（可直接派单）"
)
def work_order(request, number: str, payload: WorkOrderIn):
    contact = _get(request, number)
    _call(
        services.contact_make_work_order,
        actor=request.auth,
        contact=contact,
        title=payload.title,
        kind=payload.kind,
        publish_consent=payload.publish_consent,
        to_agency=_agency(payload.dispatch_to) if payload.dispatch_to else None,
        dispatch_reason=payload.dispatch_reason,
    )
    return _fresh(request, contact)


@router.post("/contacts/{number}/follow-up", response=HotlineContactOut, summary="回访")
def follow_up(request, number: str, payload: FollowUpIn):
    contact = _get(request, number)
    _call(
        services.follow_up_record,
        actor=request.auth,
        contact=contact,
        reached=payload.reached,
        satisfaction=payload.satisfaction,
        note=payload.note,
    )
    return _fresh(request, contact)


@router.get("/follow-ups-due", response=list[DueOut], summary="待回访")
def due(request):
    rows = follow_ups_due(request.auth, timezone.localdate())
    return [
        {
            "number": r.contact.number,
            "concluded_on": r.concluded_on,
            "due": r.due,
            "overdue": r.overdue,
        }
        for r in rows
    ]


def _counts(c: Counts) -> dict[str, Any]:
    return {
        "received": c.received,
        "visitors": c.visitors,
        "group_visits": c.group_visits,
        "answered": c.answered,
        "work_orders": c.work_orders,
        "dispatched": c.dispatched,
        "concluded": c.concluded,
        "followed_up": c.followed_up,
        "unreachable": c.unreachable,
        "satisfied": c.satisfied,
        "basically_satisfied": c.basically,
        "dissatisfied": c.dissatisfied,
        "satisfaction_rate": c.satisfaction_rate,
    }


@router.get("/counts", response=CountsPageOut, summary="来电来访统计（月、季、年）")
def counts(request, params: Query[CountsParams]):
    query = {"period": params.period, "year": params.year, "n": params.n}
    period = Period.from_query(
        {k: v for k, v in query.items() if v is not None}, timezone.localdate()
    )
    if period is None:
        raise HttpError(422, _("Choose a year, a quarter (1–4) or a month (1–12)."))
    contacts = contacts_visible_to(request.auth)
    if params.agency:
        contacts = contacts.filter(agency__credit_code=params.agency)
    page = contact_counts(contacts, period)
    return {
        "period": page.period.label,
        "start": period.start,
        "end": period.end,
        "calls": _counts(page.calls),
        "visits": _counts(page.visits),
        "total": _counts(page.total),
        "rows": [
            {"agency": r.agency.credit_code, "kind": r.kind, **_counts(r.counts)} for r in page.rows
        ],
        "sentence": page.sentence,
    }
