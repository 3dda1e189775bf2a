"""Public read API of 点题公开: the approved topics with their supports and the agencies'
answers. Who proposed a topic is never part of it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from gongkai.api.caching import public_read
from gongkai.api.errors import NotFound
from gongkai.api.schemas import Error
from gongkai.topics.models import TopicRequest
from gongkai.topics.selectors import (
    PUBLIC_FILTERS,
    filter_public,
    order_public,
    public_topic,
    public_topics,
)

router = Router(tags=["topics"])


class TopicAgencyRef(Schema):
    credit_code: str = Field(description="统一社会信用代码")
    name: str


class PublicTopicAnswer(Schema):
    kind: str = Field(
        description="will_publish = 将于某日前公开；published = 已公开；cannot = 不予公开"
    )
    kind_label: str
    text: str = Field(description="说明；不予公开时为理由")
    promised_by: dt.date | None = Field(description="承诺公开日期（will_publish）")
    overdue: bool = Field(description="承诺日期已过仍未公开")
    link: str = Field(description="已公开信息的地址（published）")
    answered_on: dt.date


class PublicTopic(Schema):
    id: int
    title: str
    description: str
    reason: str
    agency: TopicAgencyRef
    submitted_on: dt.date
    support_count: int = Field(description="附议人数")
    answer: PublicTopicAnswer | None
    url: str


class PublicTopicList(Schema):
    items: list[PublicTopic]
    next: int | None = Field(description="下一页的 offset 参数；没有下一页时为 null")


def topic_data(request, topic: TopicRequest, today: dt.date) -> dict:
    answer = None
    if topic.answer_kind:
        link = topic.link
        answer = {
            "kind": topic.answer_kind,
            "kind_label": topic.get_answer_kind_display(),
            "text": topic.answer_text,
            "promised_by": topic.promised_by,
            "overdue": topic.promise_overdue(today),
            "link": request.build_absolute_uri(link) if link.startswith("/") else link,
            "answered_on": topic.answered_on,
        }
    return {
        "id": topic.pk,
        "title": topic.title,
        "description": topic.description,
        "reason": topic.reason,
        "agency": {"credit_code": topic.agency.credit_code, "name": topic.agency.name},
        "submitted_on": timezone.localdate(topic.submitted_at),
        "support_count": topic.support_count,
        "answer": answer,
        "url": request.build_absolute_uri(topic.get_absolute_url()),
    }


@router.get(
    "/topics",
    operation_id="listTopics",
    response=PublicTopicList,
    summary="点题公开：已公开的点题及机关答复",
)
@decorate_view(public_read)
def list_topics(
    request,
    agency: str = "",
    state: str = Query("", description="awaiting, will_publish, overdue, published, cannot"),
    sort: str = Query("support", description="support（附议多的在前）或 newest"),
    offset: int = 0,
    limit: int = 20,
):
    today = timezone.localdate()
    limit = max(1, min(limit, 100))
    offset = max(0, offset)
    qs = public_topics()
    if agency:
        qs = qs.filter(agency__credit_code=agency.upper())
    if state in PUBLIC_FILTERS:
        qs = filter_public(qs, state=state, today=today)
    rows = list(
        order_public(qs, "newest" if sort == "newest" else "support")[offset : offset + limit + 1]
    )
    more = len(rows) > limit
    return {
        "items": [topic_data(request, t, today) for t in rows[:limit]],
        "next": offset + limit if more else None,
    }


@router.get(
    "/topics/{topic_id}",
    operation_id="getTopic",
    response={200: PublicTopic, 404: Error},
    summary="一条点题及机关答复",
)
@decorate_view(public_read)
def get_topic(request, topic_id: int):
    topic = public_topic(topic_id)
    if topic is None:
        raise NotFound(_("Not found"))
    return topic_data(request, topic, timezone.localdate())
