"""Staff API of 点题公开: moderation, routing and answers through the same services as the
screens. The proposer's contact details are a separate, audited read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from gongkai.agencies.models import Agency
from gongkai.api.staff.auth import StaffToken
from gongkai.api.staff.calls import call_service as _call
from gongkai.audit.services import record_event
from gongkai.catalog.models import Item
from gongkai.topics.models import TopicRequest
from gongkai.topics.permissions import mask_mobile, sees_contact
from gongkai.topics.selectors import staff_filter, topics_visible_to
from gongkai.topics.services import topic_answer, topic_approve, topic_reject, topic_route

router = Router(auth=StaffToken(), tags=["staff: topics"])


class StaffTopic(Schema):
    id: int
    agency: str = Field(description="统一社会信用代码")
    agency_unsure: bool = Field(description="点题人未选择机关")
    routed_at: dt.datetime | None
    title: str
    description: str
    reason: str
    status: str = Field(description="pending / approved / rejected / answered")
    submitted_at: dt.datetime
    moderated_at: dt.datetime | None
    reject_reason: str
    support_count: int
    mobile_masked: str
    answer_kind: str
    answer_text: str
    promised_by: dt.date | None
    item_id: int | None
    url: str
    answered_on: dt.date | None
    overdue_flagged_on: dt.date | None


class StaffTopicList(Schema):
    items: list[StaffTopic]
    next: int | None


class TopicContact(Schema):
    name: str
    mobile: str
    email: str


class TopicApproveIn(Schema):
    title: str | None = None
    description: str | None = None
    reason: str | None = None


class TopicRejectIn(Schema):
    reason: str


class TopicRouteIn(Schema):
    agency: str = Field(description="统一社会信用代码")


class TopicAnswerIn(Schema):
    kind: str = Field(description="will_publish / published / cannot")
    text: str = ""
    promised_by: dt.date | None = None
    item_id: int | None = Field(None, description="已公开信息的 id")
    url: str = ""


def _get(request, topic_id: int) -> TopicRequest:
    return get_object_or_404(topics_visible_to(request.auth), pk=topic_id)


def _out(t: TopicRequest) -> dict[str, Any]:
    return {
        "id": t.pk,
        "agency": t.agency.credit_code,
        "agency_unsure": t.agency_unsure,
        "routed_at": t.routed_at,
        "title": t.title,
        "description": t.description,
        "reason": t.reason,
        "status": t.status,
        "submitted_at": t.submitted_at,
        "moderated_at": t.moderated_at,
        "reject_reason": t.reject_reason,
        "support_count": t.support_count,
        "mobile_masked": mask_mobile(t.mobile),
        "answer_kind": t.answer_kind,
        "answer_text": t.answer_text,
        "promised_by": t.promised_by,
        "item_id": t.item_id,
        "url": t.url,
        "answered_on": t.answered_on,
        "overdue_flagged_on": t.overdue_flagged_on,
    }


@router.get("/topics", response=StaffTopicList, summary="点题列表")
def list_topics(request, status: str = "", before: int | None = None, limit: int = 50):
    limit = max(1, min(limit, 200))
    qs = staff_filter(topics_visible_to(request.auth), status=status).order_by("-pk")
    if before:
        qs = qs.filter(pk__lt=before)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [_out(t) for t in rows], "next": rows[-1].pk if more and rows else None}


@router.get("/topics/{topic_id}", response=StaffTopic, summary="点题详情")
def topic_detail(request, topic_id: int):
    return _out(_get(request, topic_id))


@router.get("/topics/{topic_id}/contact", response=TopicContact, summary="点题人联系方式（留痕）")
def topic_contact(request, topic_id: int):
    topic = _get(request, topic_id)
    if not sees_contact(request.auth, topic):
        raise HttpError(403, _("You may not do this."))
    with transaction.atomic():
        record_event(actor=request.auth, action="topic.contact_view", obj=topic, data={"api": True})
    return {"name": topic.name, "mobile": topic.mobile, "email": topic.email}


@router.post("/topics/{topic_id}/approve", response=StaffTopic, summary="审核通过（公开）")
def approve(request, topic_id: int, payload: TopicApproveIn):
    topic = _call(
        topic_approve,
        actor=request.auth,
        topic=_get(request, topic_id),
        edits=payload.dict(exclude_none=True),
    )
    return _out(topic)


@router.post("/topics/{topic_id}/reject", response=StaffTopic, summary="审核不通过")
def reject(request, topic_id: int, payload: TopicRejectIn):
    topic = _call(
        topic_reject, actor=request.auth, topic=_get(request, topic_id), reason=payload.reason
    )
    return _out(topic)


@router.post("/topics/{topic_id}/route", response=StaffTopic, summary="转交机关（公开办）")
def route(request, topic_id: int, payload: TopicRouteIn):
    agency = get_object_or_404(Agency, credit_code=payload.agency.upper())
    topic = _call(topic_route, actor=request.auth, topic=_get(request, topic_id), agency=agency)
    return _out(topic)


@router.post("/topics/{topic_id}/answer", response=StaffTopic, summary="答复点题")
def answer(request, topic_id: int, payload: TopicAnswerIn):
    item = get_object_or_404(Item, pk=payload.item_id) if payload.item_id else None
    topic = _call(
        topic_answer,
        actor=request.auth,
        topic=_get(request, topic_id),
        kind=payload.kind,
        text=payload.text,
        promised_by=payload.promised_by,
        item=item,
        url=payload.url,
    )
    return _out(topic)
