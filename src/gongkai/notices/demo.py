"""Demo data of notices: a year of 公示 of every kind for the demo county — most ended with their
result (closed or not), some with objections verified and answered, one over and waiting for
its result with an objection still to handle, four in their period now (two with objections),
one published ahead of its period, one waiting for review and one draft.

The plans and texts come from ``demo_data`` (invented; seeded random names). Everything goes
through the real services with the day it happened as ``now``; a working-day notice whose
dates fall in a year without calendar data is left out. Leaves a ``demo.notices`` audit event;
when that event exists a second run does nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Role, RoleAssignment, User
from gongkai.agencies.models import Agency
from gongkai.applications import notify
from gongkai.audit.models import Event
from gongkai.audit.services import record_event
from gongkai.notices import services
from gongkai.notices.demo_data import (
    AGENCY_NAMES,
    DEPARTMENTS,
    PLANS,
    Objector,
    Plan,
    body_for,
    person,
)
from gongkai.notices.models import Kind, Notice

MARKER = "demo.notices"
SEED = 2026
STAFF_NAMES = {
    Role.OFFICER: "信息员（演示）",
    Role.REVIEWER: "审核员（演示）",
    Role.AGENCY_ADMIN: "机关管理员（演示）",
}


@dataclass
class NoticesDemoResult:
    created: bool
    notices: int = 0


def build_notices() -> NoticesDemoResult:
    """Build the demo notices once (see the module docstring)."""
    from gongkai.core.demo.county import root_code

    gov = Agency.objects.filter(credit_code=root_code()).first()
    if gov is None or Event.objects.filter(action=MARKER).exists():
        return NoticesDemoResult(created=False, notices=Notice.objects.count())
    with notify.suppressed(), transaction.atomic():
        builder = _Builder(random.Random(SEED), timezone.localdate())
        for plan in PLANS:
            builder.build(plan)
        services.notices_index_started()
        record_event(actor=None, action=MARKER, agency=gov, data={"notices": builder.count})
    return NoticesDemoResult(created=True, notices=Notice.objects.count())


@functools.cache
def _demo_password_hash() -> str:
    return make_password(settings.GONGKAI_DEMO_PASSWORD)


def _staff(key: str, agency: Agency, role: str) -> User:
    """The agency's first active holder of ``role``, or a new demo account ``<key>_<role>``."""
    existing = (
        User.objects.filter(roles__agency=agency, roles__role=role, is_active=True)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    username = f"{key}_{role}"
    user = User.objects.filter(username=username).first()
    if user is None:
        short = agency.short_name or agency.name
        user = User(
            username=username,
            full_name=f"{short}{STAFF_NAMES[role]}",
            email=f"{username}@lanwan.example.cn",
        )
        user.password = _demo_password_hash()
        user.save()
    RoleAssignment.objects.get_or_create(user=user, agency=agency, role=role)
    return user


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


class _Builder:
    def __init__(self, rng: random.Random, today: dt.date):
        self.rng, self.today = rng, today
        self.count = 0

    def phone(self) -> str:
        return f"1{self.rng.choice('3578')}{self.rng.randint(0, 9)}{self.rng.randint(10_000_000, 99_999_999)}"

    def build(self, plan: Plan) -> None:
        agency = Agency.objects.filter(name=AGENCY_NAMES[plan.key]).first()
        if agency is None:
            return
        officer = _staff(plan.key, agency, Role.OFFICER)
        reviewer = _staff(plan.key, agency, Role.REVIEWER)
        admin = _staff(plan.key, agency, Role.AGENCY_ADMIN)
        start = self.today + dt.timedelta(days=plan.start)
        drafted = min(start - dt.timedelta(days=3), self.today)
        try:
            n = self.create(plan, agency, officer, start, drafted)
        except ValidationError:
            return  # working days in a year whose calendar is not entered
        self.count += 1
        if plan.stage == "draft":
            return
        services.notice_submit(actor=officer, notice=n, now=_at(drafted, 15))
        if plan.stage == "submitted":
            return
        published = min(start - dt.timedelta(days=1), self.today)
        services.notice_publish(actor=reviewer, notice=n, now=_at(published, 9))
        n.refresh_from_db()
        for i, objector in enumerate(plan.objections):
            self.objection(n, admin, objector, i)
        if plan.stage == "published" or n.ends_on >= self.today:
            return
        day_after = n.ends_on + dt.timedelta(days=1)
        if day_after + dt.timedelta(days=1) > self.today:
            return
        services.notice_record_result(
            actor=admin,
            notice=n,
            outcome=plan.outcome,
            text=plan.result,
            now=_at(day_after + dt.timedelta(days=1)),
        )
        closing = day_after + dt.timedelta(days=6)
        if plan.stage == "closed" and closing <= self.today:
            services.notice_close(actor=admin, notice=n, now=_at(closing, 16))

    def create(self, plan, agency, officer, start, drafted) -> Notice:
        fields = {
            "kind": plan.kind,
            "title": f"关于{plan.subject}的{_title_word(plan.kind)}",
            "body_html": body_for(plan, agency.short_name or agency.name, self.rng),
            "starts_on": start,
            "contact_department": _department(plan),
            "objection_phone": agency.phone,
            "objection_address": agency.address,
            "accepts_online": True,
        }
        n = services.notice_create(actor=officer, agency=agency, **fields)
        if plan.extend:
            n = services.notice_update(
                actor=officer,
                notice=n,
                ends_on=n.ends_on + dt.timedelta(days=3),
                end_reason=plan.extend,
            )
        return n

    def objection(self, n: Notice, admin: User, o: Objector, i: int) -> None:
        day = min(n.starts_on + dt.timedelta(days=1 + i), n.ends_on, self.today)
        contact = (
            {"name": "", "phone": ""}
            if o.anonymous
            else {
                "name": person(self.rng),
                "phone": self.phone(),
            }
        )
        data = {**contact, "text": o.text}
        if o.channel == "online":
            objection = services.objection_submit(notice=n, data=data, now=_at(day, 20))
        else:
            objection = services.objection_register(
                actor=admin,
                notice=n,
                channel=o.channel,
                received_on=day,
                data=data,
                now=_at(day, 16),
            )
        if o.finding:
            handled = min(n.ends_on + dt.timedelta(days=1), self.today)
            services.objection_handle(
                actor=admin,
                objection=objection,
                finding=o.finding,
                reply_note=o.reply,
                now=_at(handled, 11),
            )


def _department(plan: Plan) -> str:
    """Subsidy lists of other agencies than 民政局 are taken by their own office."""
    if plan.kind == Kind.SUBSIDY and plan.key != "mzj":
        return "办公室"
    return DEPARTMENTS[plan.kind]


def _title_word(kind: str) -> str:
    return "任前公示" if kind == Kind.APPOINTMENT else "公示"
