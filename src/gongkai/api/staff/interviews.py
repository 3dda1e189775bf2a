"""Staff API of online interviews: every step of the screens — create, edit, announce, start,
end, archive, delete a draft, moderate, answer, correct, host messages — through the same
services, as the token's staff member, so the same permission checks and audit events apply.

An interview the token's staff member may not see answers 404 like one that does not exist.
A question's contact is not in any listing; ``GET …/contact`` returns it and is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from gongkai.agencies.models import Agency, Leader
from gongkai.api.staff.auth import StaffToken
from gongkai.api.staff.calls import call_service as _call
from gongkai.interviews import services
from gongkai.interviews.figures import figures_for, figures_for_many
from gongkai.interviews.models import Answer, Interview, Question
from gongkai.interviews.selectors import interviews_visible_to

router = Router(auth=StaffToken(), tags=["staff: interviews"])


# --- schemas ----------------------------------------------------------------------------


class GuestIn(Schema):
    name: str = ""
    post: str = ""
    leader_id: int | None = None  # a leader of the agency (agencies directory)


class GuestOut(Schema):
    id: int
    name: str
    post: str
    leader_id: int | None


class InterviewIn(Schema):
    topic: str
    summary: str = ""
    host: str
    scheduled_start: dt.datetime
    scheduled_end: dt.datetime
    guests: list[GuestIn] = []


class CreateIn(InterviewIn):
    agency: str  # credit code


class FiguresOut(Schema):
    participants: int
    questions: int
    approved: int
    rejected: int
    pending: int
    answered_live: int
    answered_afterwards: int


class InterviewOut(Schema):
    id: int
    agency: str
    topic: str
    summary: str
    host: str
    status: str
    version: int
    scheduled_start: dt.datetime
    scheduled_end: dt.datetime
    announced_at: dt.datetime | None
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    archived_at: dt.datetime | None
    guests: list[GuestOut]
    figures: FiguresOut


class InterviewList(Schema):
    items: list[InterviewOut]
    next: int | None


class AnswerOut(Schema):
    guest_id: int
    text: str
    phase: str
    answered_at: dt.datetime
    corrected_at: dt.datetime | None


class QuestionOut(Schema):
    id: int
    nickname: str
    text: str
    status: str
    has_contact: bool
    asked_live: bool
    submitted_at: dt.datetime
    moderated_at: dt.datetime | None
    reject_reason: str
    answer: AnswerOut | None


class QuestionList(Schema):
    items: list[QuestionOut]


class RejectIn(Schema):
    reason: str = ""


class AnswerIn(Schema):
    guest_id: int
    text: str


class CorrectIn(Schema):
    text: str


class MessageIn(Schema):
    text: str


class MessageOut(Schema):
    id: int
    text: str
    posted_at: dt.datetime


class ContactOut(Schema):
    contact: str


# --- helpers ----------------------------------------------------------------------------


def _get(request, interview_id: int) -> Interview:
    return get_object_or_404(interviews_visible_to(request.auth), pk=interview_id)


def _question(interview: Interview, question_id: int) -> Question:
    return get_object_or_404(Question, pk=question_id, interview=interview)


def _out(interview: Interview, figures) -> dict[str, Any]:
    return {
        "id": interview.pk,
        "agency": interview.agency.credit_code,
        "topic": interview.topic,
        "summary": interview.summary,
        "host": interview.host,
        "status": interview.status,
        "version": interview.version,
        "scheduled_start": interview.scheduled_start,
        "scheduled_end": interview.scheduled_end,
        "announced_at": interview.announced_at,
        "started_at": interview.started_at,
        "ended_at": interview.ended_at,
        "archived_at": interview.archived_at,
        "guests": [
            {"id": g.pk, "name": g.name, "post": g.post, "leader_id": g.leader_id}
            for g in interview.guests.all()
        ],
        "figures": asdict(figures),
    }


def _detail(interview: Interview) -> dict[str, Any]:
    interview = Interview.objects.select_related("agency").get(pk=interview.pk)
    return _out(interview, figures_for(interview.pk))


def _question_out(q: Question) -> dict[str, Any]:
    answer = getattr(q, "answer", None)
    return {
        "id": q.pk,
        "nickname": q.nickname,
        "text": q.text,
        "status": q.status,
        "has_contact": bool(q.contact),
        "asked_live": q.asked_live,
        "submitted_at": q.submitted_at,
        "moderated_at": q.moderated_at,
        "reject_reason": q.reject_reason,
        "answer": None
        if answer is None
        else {
            "guest_id": answer.guest_id,
            "text": answer.text,
            "phase": answer.phase,
            "answered_at": answer.answered_at,
            "corrected_at": answer.corrected_at,
        },
    }


def _guests(agency: Agency, guests: list[GuestIn]) -> list[services.GuestData]:
    result = []
    for g in guests:
        leader = None
        if g.leader_id is not None:
            leader = Leader.objects.filter(pk=g.leader_id, agency=agency).first()
            if leader is None:
                raise HttpError(
                    422, _("A guest linked to a leader must be a leader of this agency.")
                )
        result.append(services.GuestData(name=g.name, post=g.post, leader=leader))
    return result


# --- interviews -------------------------------------------------------------------------


@router.get(
    "/interviews", response=InterviewList, summary="访谈列表", operation_id="staffListInterviews"
)
def list_interviews(request, status: str = "", before: int | None = None, limit: int = 50):
    """Interviews the token's staff member may see, newest first; ``next`` is the ``before``
    value of the next page."""
    limit = max(1, min(limit, 200))
    qs = interviews_visible_to(request.auth).order_by("-pk")
    if status:
        qs = qs.filter(status=status)
    if before:
        qs = qs.filter(pk__lt=before)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    figures = figures_for_many([i.pk for i in rows])
    return {
        "items": [_out(i, figures[i.pk]) for i in rows],
        "next": rows[-1].pk if more and rows else None,
    }


@router.post(
    "/interviews",
    response={201: InterviewOut},
    summary="新建访谈（草稿）",
    operation_id="staffCreateInterview",
)
def create_interview(request, payload: CreateIn):
    agency = get_object_or_404(Agency, credit_code=payload.agency.upper(), is_active=True)
    interview = _call(
        services.interview_create,
        actor=request.auth,
        agency=agency,
        topic=payload.topic,
        summary=payload.summary,
        host=payload.host,
        scheduled_start=payload.scheduled_start,
        scheduled_end=payload.scheduled_end,
        guests=_guests(agency, payload.guests),
    )
    return Status(201, _detail(interview))


@router.get(
    "/interviews/{interview_id}",
    response=InterviewOut,
    summary="访谈详情",
    operation_id="staffGetInterview",
)
def get_interview(request, interview_id: int):
    return _detail(_get(request, interview_id))


@router.put(
    "/interviews/{interview_id}",
    response=InterviewOut,
    summary="修改访谈（草稿或预告）",
    operation_id="staffEditInterview",
)
def edit_interview(request, interview_id: int, payload: InterviewIn):
    interview = _get(request, interview_id)
    _call(
        services.interview_edit,
        actor=request.auth,
        interview=interview,
        topic=payload.topic,
        summary=payload.summary,
        host=payload.host,
        scheduled_start=payload.scheduled_start,
        scheduled_end=payload.scheduled_end,
        guests=_guests(interview.agency, payload.guests),
    )
    return _detail(interview)


@router.delete(
    "/interviews/{interview_id}",
    response={204: None},
    summary="删除草稿",
    operation_id="staffDeleteInterview",
)
def delete_interview(request, interview_id: int):
    _call(services.interview_delete, actor=request.auth, interview=_get(request, interview_id))
    return Status(204, None)


def _step(name: str, service, summary: str):
    def view(request, interview_id: int):
        interview = _call(service, actor=request.auth, interview=_get(request, interview_id))
        return _detail(interview)

    view.__name__ = f"{name}_interview"
    router.post(
        f"/interviews/{{interview_id}}/{name}",
        response=InterviewOut,
        summary=summary,
        operation_id=f"staff{name.capitalize()}Interview",
    )(view)


_step("announce", services.interview_announce, "发布预告（开始征集问题）")
_step("start", services.interview_start, "开始访谈（直播）")
_step("end", services.interview_end, "结束访谈")
_step("archive", services.interview_archive, "归档文字实录")


# --- questions, answers, messages -------------------------------------------------------


@router.get(
    "/interviews/{interview_id}/questions",
    response=QuestionList,
    summary="提问列表（不含联系方式）",
    operation_id="staffListInterviewQuestions",
)
def list_questions(request, interview_id: int, status: str = ""):
    interview = _get(request, interview_id)
    qs = interview.questions.select_related("answer").order_by("submitted_at", "pk")
    if status:
        qs = qs.filter(status=status)
    return {"items": [_question_out(q) for q in qs]}


@router.post(
    "/interviews/{interview_id}/questions/{question_id}/approve",
    response=QuestionOut,
    summary="审核通过提问",
    operation_id="staffApproveInterviewQuestion",
)
def approve_question(request, interview_id: int, question_id: int):
    question = _question(_get(request, interview_id), question_id)
    return _question_out(_call(services.question_approve, actor=request.auth, question=question))


@router.post(
    "/interviews/{interview_id}/questions/{question_id}/reject",
    response=QuestionOut,
    summary="不予采纳提问",
    operation_id="staffRejectInterviewQuestion",
)
def reject_question(request, interview_id: int, question_id: int, payload: RejectIn):
    question = _question(_get(request, interview_id), question_id)
    return _question_out(
        _call(
            services.question_reject, actor=request.auth, question=question, reason=payload.reason
        )
    )


@router.post(
    "/interviews/{interview_id}/questions/{question_id}/answer",
    response={201: QuestionOut},
    summary="嘉宾答复",
    operation_id="staffAnswerInterviewQuestion",
)
def answer_question(request, interview_id: int, question_id: int, payload: AnswerIn):
    interview = _get(request, interview_id)
    question = _question(interview, question_id)
    guest = interview.guests.filter(pk=payload.guest_id).first()
    if guest is None:
        raise HttpError(422, _("Choose a guest of this interview."))
    _call(
        services.question_answer,
        actor=request.auth,
        question=question,
        guest=guest,
        text=payload.text,
    )
    return Status(201, _question_out(Question.objects.select_related("answer").get(pk=question.pk)))


@router.put(
    "/interviews/{interview_id}/questions/{question_id}/answer",
    response=QuestionOut,
    summary="更正答复",
    operation_id="staffCorrectInterviewAnswer",
)
def correct_answer(request, interview_id: int, question_id: int, payload: CorrectIn):
    question = _question(_get(request, interview_id), question_id)
    answer = get_object_or_404(Answer, question=question)
    _call(services.answer_correct, actor=request.auth, answer=answer, text=payload.text)
    return _question_out(Question.objects.select_related("answer").get(pk=question.pk))


@router.get(
    "/interviews/{interview_id}/questions/{question_id}/contact",
    response=ContactOut,
    summary="查看提问者联系方式（记入审计日志）",
    operation_id="staffRevealInterviewContact",
)
def reveal_contact(request, interview_id: int, question_id: int):
    question = _question(_get(request, interview_id), question_id)
    return {
        "contact": _call(services.question_contact_reveal, actor=request.auth, question=question)
    }


@router.post(
    "/interviews/{interview_id}/messages",
    response={201: MessageOut},
    summary="主持人消息",
    operation_id="staffPostInterviewMessage",
)
def post_message(request, interview_id: int, payload: MessageIn):
    message = _call(
        services.host_message_post,
        actor=request.auth,
        interview=_get(request, interview_id),
        text=payload.text,
    )
    return Status(201, {"id": message.pk, "text": message.text, "posted_at": message.posted_at})
