"""Helpers of the interview tests: take an interview to a given state through the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.interviews import services
from gongkai.interviews.models import Interview


def at(days: float = 0, hours: float = 0) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days, hours=hours)


def draft(county, **overrides) -> Interview:
    """A draft of bureau A with the director as guest, tomorrow 9:30–11:00 or so."""
    values = {
        "actor": county.officer_a,
        "agency": county.a,
        "topic": "义务教育阶段招生政策解读",
        "summary": "县教育局局长在线解答今年义务教育招生入学的有关问题。",
        "host": "主持人小周",
        "scheduled_start": at(days=1),
        "scheduled_end": at(days=1, hours=1.5),
        "guests": [services.GuestData(leader=county.director)],
    }
    values.update(overrides)
    return services.interview_create(**values)


def announced(county, **overrides) -> Interview:
    return services.interview_announce(actor=county.officer_a, interview=draft(county, **overrides))


def live(county, **overrides) -> Interview:
    return services.interview_start(
        actor=county.officer_a, interview=announced(county, **overrides)
    )


def ask(interview: Interview, text: str = "今年学区划分有没有调整？", **fields):
    return services.question_submit(interview=interview, text=text, **fields)


def approved(county, interview: Interview, text: str = "今年学区划分有没有调整？", **fields):
    return services.question_approve(
        actor=county.reviewer_a, question=ask(interview, text, **fields)
    )


def answered(
    county, interview: Interview, text: str = "招生报名什么时候开始？", answer="六月中旬开始。"
):
    question = approved(county, interview, text)
    return services.question_answer(
        actor=county.leader_a,
        question=question,
        guest=interview.guests.get(),
        text=answer,
    )
