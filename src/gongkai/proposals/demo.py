"""Demo data of proposals: a year of 人大代表建议 and 政协委员提案 of the demo county in every state.

- last year's session: every proposal replied and closed (the counts page has a year before);
- this year's session, registered about nine months ago with the usual three-month deadline:
  most replied on time and closed with the delegates' feedback, some late, some still waiting
  for feedback, one 不满意 handled a second time and closed, one 不满意 handled again now, one
  不满意 waiting for the office's decision, and a few never answered (overdue);
- suggestions made between sessions (闭会期间), registered in the last weeks: waiting to be
  assigned, assigned with a co-handling opinion missing, drafted, returned by the leader,
  signed off and about to be sent.

Replies that concern the public interest are published. Everything goes through the services
with the dates it would have happened on; texts are invented (``demo_data``); the random
choices are seeded. Leaves a ``demo.proposals`` audit event, and when that event exists a
second run does nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Role, RoleAssignment, User
from gongkai.agencies.models import Agency
from gongkai.applications import notify
from gongkai.audit.models import Event
from gongkai.audit.services import record_event
from gongkai.proposals import demo_data as data
from gongkai.proposals import services
from gongkai.proposals.models import Proposal, ProposalKind, ReplyCategory, Satisfaction

MARKER = "demo.proposals"
SEED = 2026
NPC_SESSION = "蓝湾县第十八届人民代表大会第{n}次会议"
CPPCC_SESSION = "政协蓝湾县第十届委员会第{n}次会议"
NPC_BETWEEN = "蓝湾县第十八届人大常委会闭会期间"
CPPCC_BETWEEN = "政协蓝湾县第十届委员会闭会期间"


@dataclass
class ProposalsDemoResult:
    created: bool
    proposals: int


@functools.cache
def _password() -> str:
    return make_password(settings.GONGKAI_DEMO_PASSWORD)


def _staff(agency: Agency, role: str, label: str) -> User:
    """The agency's first active holder of ``role``, or a new demo account for it."""
    existing = (
        User.objects.filter(roles__agency=agency, roles__role=role, is_active=True)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    username = f"{_agency_key(agency)}_{role}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            full_name=f"{agency.short_name or agency.name}{label}（演示）",
            email=f"{username}@lanwan.example.cn",
            password=_password(),
        )
        user.save()
    RoleAssignment.objects.get_or_create(user=user, agency=agency, role=role)
    return user


def _agency_key(agency: Agency) -> str:
    """The demo county's short key of an agency (``qsz``, ``scj``), for user names."""
    from gongkai.core.demo.county import BUREAUS, TOWNS

    keys = {name: key for key, name, *_rest in [*BUREAUS, *TOWNS]}
    return keys.get(agency.name, "gov" if agency.parent_id is None else f"a{agency.pk}")


def _workday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


class _Builder:
    def __init__(self, rng: random.Random, office: User, today: dt.date) -> None:
        self.rng, self.office, self.today = rng, office, today
        self.numbers = {}
        self.people: dict[str, tuple[User, User]] = {}
        self.count = 0

    def desk(self, agency: Agency) -> tuple[User, User]:
        if agency.pk not in self.people:
            self.people[agency.pk] = (
                _staff(agency, Role.HANDLER, "办理人"),
                _staff(agency, Role.LEADER, "领导"),
            )
        return self.people[agency.pk]

    def person(self) -> str:
        return self.rng.choice(data.SURNAMES) + self.rng.choice(data.GIVEN)

    def register(self, subject, kind: str, session: str, year: int, day: dt.date) -> Proposal:
        lead_name, co_names, what, ask, _done = subject
        agency = Agency.objects.get(name=lead_name)
        cohandlers = list(Agency.objects.filter(name__in=co_names))
        groups = data.NPC_GROUPS if kind == ProposalKind.NPC else data.CPPCC_GROUPS
        delegates = [
            (self.person(), self.rng.choice(groups)) for _ in range(self.rng.randint(1, 4))
        ]
        key = (kind, session)
        self.numbers[key] = self.numbers.get(key, 0) + self.rng.randint(1, 6)
        suffix = "建议" if kind == ProposalKind.NPC else "提案"
        self.count += 1
        return services.proposal_register(
            actor=self.office,
            kind=kind,
            number=self.numbers[key],
            session=session,
            year=year,
            title=f"关于{what}的{suffix}",
            content=(
                f"近年来，{what}工作取得了一定成效，但群众反映仍有不足。建议{ask}，"
                "并明确责任单位和完成时限，让群众有更多获得感。"
            ),
            agency=agency,
            delegates=delegates,
            cohandlers=cohandlers,
            registered_on=day,
            today=day,
        )

    # --- the steps, each on its own day --------------------------------------------------

    def assign(self, p: Proposal, day: dt.date, *, opinions: bool = True) -> None:
        handler, _leader = self.desk(p.agency)
        services.proposal_assign(actor=self.office, proposal=p, handler=handler)
        if not opinions:
            return
        for cohandling in p.cohandlings.select_related("agency"):
            co_handler, _ = self.desk(cohandling.agency)
            sent = min(day + dt.timedelta(days=self.rng.randint(7, 20)), self.today)
            services.cohandling_opinion_send(
                actor=co_handler,
                cohandling=cohandling,
                opinion=self.rng.choice(data.OPINIONS),
                sent_on=sent,
                today=sent,
            )

    def reply_text(self, p: Proposal, category: str, subject, second: bool = False) -> str:
        _lead, _co, what, ask, done = subject
        lead = p.delegates.get(lead=True)
        template = data.SECOND_REPLY if second else data.REPLIES[category]
        return template.format(name=lead.name, title=p.title, ask=ask, done=done, area=what)

    def draft(self, p: Proposal, subject, day: dt.date, *, second: bool = False) -> None:
        handler, _ = self.desk(p.agency)
        category = ReplyCategory.A if second else self.rng.choice("AABBBC")
        services.reply_draft(
            actor=handler,
            proposal=p,
            category=category,
            text=self.reply_text(p, category, subject, second),
            public_interest=self.rng.random() < 0.7,
            now=_at(day),
        )

    def approve(self, p: Proposal, day: dt.date) -> None:
        _, leader = self.desk(p.agency)
        reply = services.current_reply(p)
        services.reply_approve(
            actor=leader, proposal=p, publish=reply.public_interest, now=_at(day)
        )

    def send(self, p: Proposal, day: dt.date) -> None:
        handler, _ = self.desk(p.agency)
        services.reply_send(actor=handler, proposal=p, replied_on=day, today=day)

    def feedback(self, p: Proposal, day: dt.date, satisfaction: str) -> None:
        handler, _ = self.desk(p.agency)
        comment = (
            self.rng.choice(data.NOT_SATISFIED)
            if satisfaction == Satisfaction.NOT_SATISFIED
            else self.rng.choice(data.COMMENTS)
        )
        services.feedback_record(
            actor=handler,
            proposal=p,
            satisfaction=satisfaction,
            comment=comment,
            received_on=day,
            today=day,
        )

    def close(self, p: Proposal, day: dt.date) -> None:
        services.proposal_close(actor=self.office, proposal=p, closed_on=day, today=day)

    def answered(self, p, subject, start: dt.date, *, late: bool = False, second=False) -> dt.date:
        """Draft, sign off and send the reply from ``start``; returns the day it was sent."""
        before = p.deadline - start
        # After the co-handling opinions (sent within three weeks), before the deadline.
        spread = max(before.days - 10, 22)
        drafted = _workday(start + dt.timedelta(days=self.rng.randint(21, spread)))
        if late:
            drafted = _workday(p.deadline + dt.timedelta(days=self.rng.randint(3, 20)))
        self.draft(p, subject, drafted, second=second)
        approved = _workday(drafted + dt.timedelta(days=self.rng.randint(1, 4)))
        self.approve(p, approved)
        sent = _workday(approved + dt.timedelta(days=self.rng.randint(1, 3)))
        self.send(p, sent)
        return sent


def build_proposals() -> ProposalsDemoResult:
    from gongkai.core.demo.county import root_code

    gov = Agency.objects.filter(credit_code=root_code()).first()
    office = User.objects.filter(username="gkb").first()
    if gov is None or office is None or Event.objects.filter(action=MARKER).exists():
        return ProposalsDemoResult(created=False, proposals=Proposal.objects.count())
    today = timezone.localdate()
    with notify.suppressed(), transaction.atomic():
        builder = _Builder(random.Random(SEED), office, today)
        _build(builder, today)
        record_event(actor=None, action=MARKER, agency=gov, data={"proposals": builder.count})
    return ProposalsDemoResult(created=True, proposals=Proposal.objects.count())


def _build(b: _Builder, today: dt.date) -> None:
    rng = b.rng
    this_start = _workday(today - dt.timedelta(days=270))
    last_start = _workday(this_start - dt.timedelta(days=365))
    year, last_year = this_start.year, last_start.year
    sessions = {
        last_year: (NPC_SESSION.format(n="二"), CPPCC_SESSION.format(n="二")),
        year: (NPC_SESSION.format(n="三"), CPPCC_SESSION.format(n="三")),
    }

    # Last year's session: all replied and closed.
    for i, subject in enumerate(data.SUBJECTS[:18]):
        kind = ProposalKind.NPC if i % 2 == 0 else ProposalKind.CPPCC
        npc, cppcc = sessions[last_year]
        p = b.register(
            subject, kind, npc if kind == ProposalKind.NPC else cppcc, last_year, last_start
        )
        b.assign(p, last_start)
        sent = b.answered(p, subject, last_start, late=(i == 5))
        happy = rng.choice([Satisfaction.SATISFIED] * 3 + [Satisfaction.BASICALLY])
        b.feedback(p, sent + dt.timedelta(days=15), happy)
        b.close(p, sent + dt.timedelta(days=20))

    # This year's session.
    plan = (
        ["closed"] * 22
        + ["closed_late"] * 3
        + ["feedback"] * 4
        + ["replied"] * 3
        + ["second_closed", "second_open", "not_satisfied"]
        + ["overdue_assigned", "overdue_assigned", "overdue_drafted", "overdue_registered"]
    )
    subjects = [data.SUBJECTS[i % len(data.SUBJECTS)] for i in range(len(plan))]
    rng.shuffle(subjects)
    npc, cppcc = sessions[year]
    for i, (state, subject) in enumerate(zip(plan, subjects, strict=True)):
        kind = ProposalKind.NPC if i % 5 < 3 else ProposalKind.CPPCC
        day = _workday(this_start + dt.timedelta(days=rng.randint(0, 4)))
        p = b.register(subject, kind, npc if kind == ProposalKind.NPC else cppcc, year, day)
        if state == "overdue_registered":
            continue
        b.assign(p, day)
        if state == "overdue_assigned":
            continue
        if state == "overdue_drafted":
            b.draft(p, subject, _workday(p.deadline - dt.timedelta(days=3)))
            continue
        sent = b.answered(p, subject, day, late=(state == "closed_late"))
        if state == "replied":
            continue
        feedback_day = sent + dt.timedelta(days=rng.randint(10, 30))
        if state in ("second_closed", "second_open", "not_satisfied"):
            b.feedback(p, feedback_day, Satisfaction.NOT_SATISFIED)
            if state == "not_satisfied":
                continue
            reopened = _workday(feedback_day + dt.timedelta(days=3))
            services.proposal_reopen(actor=b.office, proposal=p, today=reopened)
            p.refresh_from_db()
            if state == "second_open":
                continue
            second = b.answered(p, subject, reopened, second=True)
            b.feedback(p, second + dt.timedelta(days=12), Satisfaction.BASICALLY)
            b.close(p, second + dt.timedelta(days=15))
            continue
        satisfaction = rng.choice(
            [Satisfaction.SATISFIED] * 6
            + [Satisfaction.BASICALLY] * 3
            + [Satisfaction.NOT_SATISFIED]
        )
        if state == "feedback" and satisfaction == Satisfaction.NOT_SATISFIED:
            satisfaction = Satisfaction.BASICALLY
        b.feedback(p, feedback_day, satisfaction if state == "feedback" else _happy(satisfaction))
        if state.startswith("closed"):
            b.close(p, feedback_day + dt.timedelta(days=rng.randint(2, 8)))

    _between_sessions(b, today, year)


def _happy(satisfaction: str) -> str:
    # A closed proposal of the first round ended with 满意 or 基本满意.
    return Satisfaction.BASICALLY if satisfaction == Satisfaction.NOT_SATISFIED else satisfaction


def _between_sessions(b: _Builder, today: dt.date, year: int) -> None:
    """Suggestions made between sessions, registered in the last weeks, in the open states."""
    states = [
        "registered",
        "registered",
        "missing_opinion",
        "assigned",
        "drafted",
        "returned",
        "approved",
    ]
    picks = [s for s in data.SUBJECTS if s[1]][: len(states)]
    for i, (state, subject) in enumerate(zip(states, picks, strict=True)):
        kind = ProposalKind.NPC if i % 2 == 0 else ProposalKind.CPPCC
        session = NPC_BETWEEN if kind == ProposalKind.NPC else CPPCC_BETWEEN
        day = _workday(today - dt.timedelta(days=45 - 5 * i))
        if day > today:
            day = today
        p = b.register(subject, kind, session, year, day)
        if state == "registered":
            continue
        b.assign(p, day, opinions=state != "missing_opinion")
        if state in ("missing_opinion", "assigned"):
            continue
        drafted = min(day + dt.timedelta(days=20), today)
        b.draft(p, subject, drafted)
        if state == "returned":
            _, leader = b.desk(p.agency)
            services.reply_return(
                actor=leader, proposal=p, comment="请补充具体的完成时限和资金安排。"
            )
        elif state == "approved":
            b.approve(p, min(drafted + dt.timedelta(days=2), today))
