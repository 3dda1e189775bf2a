"""Online interviews (在线访谈) in the public API: the list of public interviews with their
figures, and one interview with its transcript (host messages, approved questions and their
answers) and the approved questions still waiting for an answer.

Only announced, live, ended and archived interviews exist here; a draft answers 404 like an
id that was never used. A question that was not approved, and any contact, never appear.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.decorators import decorate_view

from gongkai.api import schemas
from gongkai.api.caching import public_read
from gongkai.api.errors import NotFound
from gongkai.interviews.figures import figures_for, figures_for_many
from gongkai.interviews.models import Interview
from gongkai.interviews.selectors import public_interview, public_interviews
from gongkai.interviews.stream import Entry, public_entries, split

router = Router(tags=["interviews"])

StatusCode = Literal["announced", "live", "ended", "archived"]


class Guest(Schema):
    name: str = Field(description="嘉宾姓名")
    post: str = Field(description="职务")


class Figures(Schema):
    participants: int = Field(description="参与人数（不同的浏览器，不含个人信息）")
    questions: int = Field(description="收到的提问")
    approved: int = Field(description="审核通过并公开的提问")
    answered_live: int = Field(description="访谈中答复")
    answered_afterwards: int = Field(description="访谈后答复")


class InterviewSummary(Schema):
    id: int
    topic: str = Field(description="访谈主题")
    summary: str = Field(description="内容简介")
    agency: schemas.AgencyRef
    status: StatusCode = Field(description="状态：预告 / 直播中 / 已结束 / 已归档")
    host: str = Field(description="主持人")
    guests: list[Guest]
    scheduled_start: dt.datetime = Field(description="计划开始时间")
    scheduled_end: dt.datetime = Field(description="计划结束时间")
    started_at: dt.datetime | None = Field(description="实际开始时间")
    ended_at: dt.datetime | None = Field(description="实际结束时间")
    archived_at: dt.datetime | None = Field(description="归档时间")
    figures: Figures
    url: str = Field(description="本站访谈页面的绝对地址")


class InterviewPage(Schema):
    items: list[InterviewSummary]
    next: int | None = Field(description="下一页的 before 参数；没有下一页时为 null")


class Answer(Schema):
    guest: Guest
    text: str = Field(description="答复")
    phase: Literal["live", "afterwards"] = Field(description="访谈中答复 / 访谈后答复")
    answered_at: dt.datetime


class EntryOut(Schema):
    kind: Literal["message", "question"] = Field(description="主持人消息 / 网友提问")
    at: dt.datetime = Field(description="消息发布或提问时间")
    nickname: str = Field(description="提问者昵称（可为空）；主持人消息为空")
    text: str
    answer: Answer | None


class InterviewDetail(InterviewSummary):
    transcript: list[EntryOut] = Field(description="访谈实录：主持人消息和已答复的提问，按发布顺序")
    waiting: list[EntryOut] = Field(description="已公开、尚待答复的提问")
    transcript_text: str = Field(description="归档时固定的文字实录（未归档时为空）")


def _local(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value) if value else None


def _summary(request, interview: Interview, figures) -> dict:
    return {
        "id": interview.pk,
        "topic": interview.topic,
        "summary": interview.summary,
        "agency": {"credit_code": interview.agency.credit_code, "name": interview.agency.name},
        "status": interview.status,
        "host": interview.host,
        "guests": [{"name": g.name, "post": g.post} for g in interview.guests.all()],
        "scheduled_start": _local(interview.scheduled_start),
        "scheduled_end": _local(interview.scheduled_end),
        "started_at": _local(interview.started_at),
        "ended_at": _local(interview.ended_at),
        "archived_at": _local(interview.archived_at),
        "figures": figures.public(),
        "url": request.build_absolute_uri(reverse("interviews:detail", args=[interview.pk])),
    }


def _entry(entry: Entry) -> dict:
    if entry.message is not None:
        m = entry.message
        return {
            "kind": "message",
            "at": _local(m.posted_at),
            "nickname": "",
            "text": m.text,
            "answer": None,
        }
    q, a = entry.question, entry.answer
    return {
        "kind": "question",
        "at": _local(q.submitted_at),
        "nickname": q.nickname,
        "text": q.text,
        "answer": None
        if a is None
        else {
            "guest": {"name": a.guest.name, "post": a.guest.post},
            "text": a.text,
            "phase": a.phase,
            "answered_at": _local(a.answered_at),
        },
    }


@router.get(
    "/interviews",
    operation_id="listInterviews",
    response={200: InterviewPage, 404: schemas.Error},
    summary="在线访谈列表",
    description="已公开的在线访谈（预告、直播中、已结束、已归档），按计划开始时间从新到旧；"
    "可按状态和机关（统一社会信用代码）筛选；每页 limit 条（1–100，默认 20），"
    "把 next 作为 before 取下一页。",
)
@decorate_view(public_read)
def list_interviews(
    request,
    status: StatusCode | None = None,
    agency: str = "",
    before: int | None = None,
    limit: int = 20,
):
    limit = max(1, min(limit, 100))
    qs = public_interviews().order_by("-scheduled_start", "-pk")
    if status:
        qs = qs.filter(status=status)
    if agency:
        qs = qs.filter(agency__credit_code=agency.upper())
    if before:
        anchor = public_interviews().filter(pk=before).first()
        if anchor is None:
            raise NotFound(_("Not found"))
        qs = qs.filter(scheduled_start__lte=anchor.scheduled_start).exclude(
            scheduled_start=anchor.scheduled_start, pk__gte=anchor.pk
        )
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    figures = figures_for_many([i.pk for i in rows])
    return {
        "items": [_summary(request, i, figures[i.pk]) for i in rows],
        "next": rows[-1].pk if more and rows else None,
    }


@router.get(
    "/interviews/{interview_id}",
    operation_id="getInterview",
    response={200: InterviewDetail, 404: schemas.Error},
    summary="在线访谈详情与文字实录",
)
@decorate_view(public_read)
def get_interview(request, interview_id: int):
    interview = public_interview(interview_id)
    if interview is None:
        raise NotFound(_("Not found"))
    stream, waiting = split(public_entries(interview.pk))
    return {
        **_summary(request, interview, figures_for(interview.pk)),
        "transcript": [_entry(e) for e in stream],
        "waiting": [_entry(e) for e in waiting],
        "transcript_text": interview.transcript_text,
    }
