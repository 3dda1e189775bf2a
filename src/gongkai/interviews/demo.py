"""Demo data of online interviews: a year of interviews of the demo county in every state.

- twelve archived interviews, about one a month over the past year, each with questions
  asked before and during the event, some rejected, most answered live and a few answered
  afterwards, host messages and participants;
- one that ended a few days ago, with approved questions still to be answered and one still
  waiting for moderation (so it cannot be archived yet);
- one live now, with questions answered, waiting and pending;
- one announced for the coming days (questions coming in), one draft.

Everything goes through the services with the times it would have happened at; texts are
invented (``demo_data``); the random choices are seeded. Leaves a ``demo.interviews`` audit
event, and when that event exists a second run does nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.audit.models import Event
from gongkai.audit.services import record_event
from gongkai.interviews import demo_data, services
from gongkai.interviews.models import Interview, Question, Viewer
from gongkai.interviews.viewers import token_for

MARKER = "demo.interviews"
SEED = 2026
GOV = "蓝湾县人民政府"
CZJ = "蓝湾县财政局"


@dataclass
class InterviewsDemoResult:
    created: bool
    interviews: int


@dataclass
class Cast:
    manager: User
    moderator: User
    answerer: User


def _cast(agency: Agency, users: dict[str, User]) -> Cast:
    """Who runs the interviews of ``agency`` in the demo: the 财政局's own 信息员 and 审核员, the
    county government's 领导 answering; elsewhere the system administrator."""
    admin = users["admin"]
    if agency.name == CZJ and "czj_officer" in users and "czj_reviewer" in users:
        return Cast(users["czj_officer"], users["czj_reviewer"], users["czj_officer"])
    if agency.name == GOV and "gov_leader" in users:
        return Cast(admin, admin, users["gov_leader"])
    return Cast(admin, admin, admin)


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _guests(agency: Agency, rng: random.Random) -> list[services.GuestData]:
    leaders = list(agency.leaders.order_by("sort_order", "pk"))
    wanted = demo_data.GUESTS.get(agency.name)
    if wanted:
        leaders = [leader for leader in leaders if leader.title in wanted] or leaders
    guests = [services.GuestData(leader=leaders[0])] if leaders else []
    departments = list(agency.departments.order_by("sort_order", "pk")[1:])
    if departments and rng.random() < 0.6:
        department = rng.choice(departments)
        guests.append(
            services.GuestData(
                name=rng.choice(["周文静", "陈思远", "吴海燕", "郑志强", "孙雅琴"]),
                post=f"{department.name}负责人",
            )
        )
    return guests


class _Builder:
    def __init__(self, rng: random.Random, users: dict[str, User]) -> None:
        self.rng = rng
        self.users = users

    def create(self, agency, topic, summary, start, minutes=90) -> tuple[Interview, Cast]:
        cast = _cast(agency, self.users)
        interview = services.interview_create(
            actor=cast.manager,
            agency=agency,
            topic=topic,
            summary=summary,
            host=self.rng.choice(["林晓雯", "周沁", "陈思源"]),
            scheduled_start=start,
            scheduled_end=start + dt.timedelta(minutes=minutes),
            guests=_guests(agency, self.rng),
        )
        return interview, cast

    def ask(self, interview, text, when) -> Question:
        return services.question_submit(
            interview=interview,
            text=text,
            nickname=self.rng.choice(demo_data.NICKNAMES),
            contact=self.rng.choice(["", "", "", "13700000000", "reader@example.cn"]),
            now=when,
        )

    def approve(self, cast, question, when) -> Question:
        return services.question_approve(actor=cast.moderator, question=question, now=when)

    def answer(self, cast, interview, question, text, when) -> None:
        guests = list(interview.guests.all())
        services.question_answer(
            actor=cast.answerer,
            question=question,
            guest=guests[0] if self.rng.random() < 0.75 or len(guests) == 1 else guests[1],
            text=text,
            now=when,
        )

    def reject(self, cast, interview, when) -> None:
        question = self.ask(interview, self.rng.choice(demo_data.REJECTED), when)
        services.question_reject(
            actor=cast.moderator,
            question=question,
            reason="与访谈主题无关",
            now=when + dt.timedelta(minutes=3),
        )

    def viewers(self, interview, n: int, start: dt.datetime, end: dt.datetime) -> None:
        span = max((end - start).total_seconds(), 60)
        Viewer.objects.bulk_create(
            Viewer(
                interview=interview,
                token=token_for(interview.pk, f"demo-{interview.pk}-{i}"),
                first_seen=start + dt.timedelta(seconds=self.rng.uniform(0, span)),
            )
            for i in range(n)
        )

    def opening(self, cast, interview, when) -> None:
        names = "、".join(f"{g.post}{g.name}" for g in interview.guests.all())
        services.host_message_post(
            actor=cast.manager,
            interview=interview,
            text=demo_data.HOST_OPENING.format(guests=names),
            now=when,
        )

    def run_event(
        self,
        agency: Agency,
        spec,
        start: dt.datetime,
        *,
        live_until: dt.datetime | None = None,
        answer_after: int = 1,
        left_open: int = 0,
        pending: int = 0,
        archive: bool = True,
    ) -> Interview:
        """Announce a week before ``start``, take questions before and during the event,
        answer most live and ``answer_after`` afterwards (``left_open`` stay unanswered,
        ``pending`` unmoderated); stop at ``live_until`` when the event is running now."""
        _name, topic, summary, pairs = spec
        rng = self.rng
        interview, cast = self.create(agency, topic, summary, start)
        announced = start - dt.timedelta(days=7)
        interview = services.interview_announce(
            actor=cast.manager, interview=interview, now=announced
        )
        pairs = list(pairs)
        before = pairs[: max(1, len(pairs) // 3)]
        during = pairs[len(before) :]
        asked = []
        for k, (text, reply) in enumerate(before):
            when = announced + dt.timedelta(days=1 + k, hours=rng.randint(1, 10))
            question = self.approve(
                cast, self.ask(interview, text, when), when + dt.timedelta(hours=2)
            )
            asked.append((question, reply))
        self.reject(cast, interview, announced + dt.timedelta(days=2, hours=3))
        interview = services.interview_start(actor=cast.manager, interview=interview, now=start)
        self.opening(cast, interview, start + dt.timedelta(minutes=1))
        clock = start + dt.timedelta(minutes=3)
        for text, reply in during:
            clock += dt.timedelta(minutes=rng.randint(4, 9))
            question = self.approve(
                cast, self.ask(interview, text, clock), clock + dt.timedelta(minutes=1)
            )
            asked.append((question, reply))
        if rng.random() < 0.5:
            self.reject(cast, interview, start + dt.timedelta(minutes=40))
        now = live_until or start + dt.timedelta(minutes=88)
        later = asked[len(asked) - answer_after - left_open :] if answer_after + left_open else []
        answered_at = start + dt.timedelta(minutes=5)
        for question, reply in asked[: len(asked) - len(later)]:
            answered_at = max(answered_at, question.moderated_at) + dt.timedelta(
                minutes=rng.randint(2, 6)
            )
            if answered_at >= now:
                later.insert(0, (question, reply))
                continue
            self.answer(cast, interview, question, reply, answered_at)
        for k in range(pending):
            self.ask(
                interview,
                f"{topic}方面，我还想再问一个具体问题：第{k + 1}条。",
                now - dt.timedelta(minutes=2 + k),
            )
        self.viewers(interview, rng.randint(150, 900), announced, now)
        if live_until is not None:
            return interview
        services.host_message_post(
            actor=cast.manager,
            interview=interview,
            text=demo_data.HOST_CLOSING,
            now=start + dt.timedelta(minutes=89),
        )
        end = start + dt.timedelta(minutes=90)
        interview = services.interview_end(actor=cast.manager, interview=interview, now=end)
        for k, (question, reply) in enumerate(later[: len(later) - left_open]):
            self.answer(cast, interview, question, reply, end + dt.timedelta(days=1 + k, hours=2))
        if archive:
            interview = services.interview_archive(
                actor=cast.manager, interview=interview, now=end + dt.timedelta(days=4)
            )
        return interview


def build_interviews() -> InterviewsDemoResult:
    if Event.objects.filter(action=MARKER).exists():
        return InterviewsDemoResult(created=False, interviews=Interview.objects.count())
    names = {spec[0] for spec in demo_data.TOPICS} | {
        demo_data.LIVE[0],
        demo_data.ENDED[0],
        demo_data.ANNOUNCED[0],
        demo_data.DRAFT[0],
    }
    agencies = {a.name: a for a in Agency.objects.filter(name__in=names)}
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["admin", "gov_leader", "czj_officer", "czj_reviewer"]
        )
    }
    if set(agencies) != names or "admin" not in users:
        return InterviewsDemoResult(created=False, interviews=Interview.objects.count())
    rng = random.Random(SEED)
    builder = _Builder(rng, users)
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        for i, spec in enumerate(demo_data.TOPICS):
            day = _weekday(today - dt.timedelta(days=365 - i * 29 - rng.randint(0, 6)))
            start = _at(day, *rng.choice([(9, 30), (10, 0), (15, 0)]))
            builder.run_event(agencies[spec[0]], spec, start, answer_after=rng.randint(1, 2))
        start = _at(_weekday(today - dt.timedelta(days=7)), 9, 30)
        builder.run_event(
            agencies[demo_data.ENDED[0]],
            demo_data.ENDED,
            start,
            answer_after=0,
            left_open=2,
            pending=1,
            archive=False,
        )
        builder.run_event(
            agencies[demo_data.LIVE[0]],
            demo_data.LIVE,
            now - dt.timedelta(minutes=60),
            live_until=now,
            answer_after=1,
            pending=2,
        )
        _announced(builder, agencies[demo_data.ANNOUNCED[0]], now, today)
        _name, topic, summary, _pairs = demo_data.DRAFT
        day = _weekday(today + dt.timedelta(days=30))
        builder.create(agencies[demo_data.DRAFT[0]], topic, summary, _at(day, 9, 30))
        record_event(actor=None, action=MARKER, agency=agencies[GOV], data={})
    return InterviewsDemoResult(created=True, interviews=Interview.objects.count())


def _announced(builder: _Builder, agency: Agency, now: dt.datetime, today: dt.date) -> None:
    _name, topic, summary, pairs = demo_data.ANNOUNCED
    start = _at(_weekday(today + dt.timedelta(days=10)), 15, 0)
    interview, cast = builder.create(agency, topic, summary, start, minutes=60)
    announced = now - dt.timedelta(days=1)
    interview = services.interview_announce(actor=cast.manager, interview=interview, now=announced)
    local = timezone.localtime(start)
    services.host_message_post(
        actor=cast.manager,
        interview=interview,
        text=f"本期访谈将于{local.month}月{local.day}日{local:%H:%M}开始，欢迎提前提问。",
        now=announced + dt.timedelta(minutes=5),
    )
    first, second = pairs
    question = builder.ask(interview, first[0], announced + dt.timedelta(hours=3))
    builder.approve(cast, question, announced + dt.timedelta(hours=5))
    builder.ask(interview, second[0], now - dt.timedelta(hours=2))
    builder.viewers(interview, 40, announced, now)
