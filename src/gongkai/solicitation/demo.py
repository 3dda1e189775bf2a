"""Demo data of solicitations: a year of drafts and two hearings of the demo county, in every
state — a draft, one announced, three open (one with a period under 30 days and its reason, one
hearing taking registrations), one closed awaiting its feedback, and four answered, three of
them linked to their final document in the catalog (published for the demo through the
catalog's own services).

The texts come from ``demo_data`` (invented); the commenters' names and phone numbers are
invented by a seeded random generator. Everything goes through the real services with the
day it happened as ``now``. Leaves a ``demo.solicitation`` audit event; when that event exists
a second run does nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
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
from gongkai.core.demo.county import GIVEN, SURNAMES
from gongkai.solicitation import services
from gongkai.solicitation.demo_data import AGENCY_NAMES, DEPARTMENTS, NICKNAMES, PLANS, Plan
from gongkai.solicitation.models import Channel, Kind, Solicitation

MARKER = "demo.solicitation"
SEED = 2026
STAFF_NAMES = {"officer": "信息员（演示）", "reviewer": "审核员（演示）"}


@dataclass
class SolicitationDemoResult:
    created: bool
    solicitations: int = 0


def build_solicitation() -> SolicitationDemoResult:
    """Build the demo solicitations once (see the module docstring)."""
    from gongkai.core.demo.county import root_code

    gov = Agency.objects.filter(credit_code=root_code()).first()
    if gov is None or Event.objects.filter(action=MARKER).exists():
        return SolicitationDemoResult(created=False, solicitations=Solicitation.objects.count())
    with notify.suppressed(), transaction.atomic():
        builder = _Builder(random.Random(SEED), timezone.localdate())
        for plan in PLANS:
            builder.build(plan)
        services.solicitations_close_due()
        record_event(actor=None, action=MARKER, agency=gov, data={"solicitations": builder.count})
    return SolicitationDemoResult(created=True, solicitations=Solicitation.objects.count())


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


def _at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _docx(title: str, paragraphs: tuple[str, ...]) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Builder:
    def __init__(self, rng: random.Random, today: dt.date):
        self.rng, self.today = rng, today
        self.count = 0
        self.phones: set[str] = set()

    # --- invented people ------------------------------------------------------------------

    def person(self) -> dict[str, str]:
        rng = self.rng
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        while True:
            phone = f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
            if phone not in self.phones:
                self.phones.add(phone)
                break
        email = f"demo{len(self.phones)}@example.com" if rng.random() < 0.4 else ""
        return {"name": name, "phone": phone, "email": email}

    # --- one plan -------------------------------------------------------------------------

    def build(self, plan: Plan) -> None:
        agency = Agency.objects.filter(name=AGENCY_NAMES[plan.key]).first()
        if agency is None:
            return
        officer = _staff(plan.key, agency, Role.OFFICER)
        reviewer = _staff(plan.key, agency, Role.REVIEWER)
        opens = self.today + dt.timedelta(days=plan.opens)
        closes = opens + dt.timedelta(days=plan.days - 1)
        s = services.solicitation_create(
            actor=officer, agency=agency, kind=plan.kind, **self.fields(plan, agency, opens, closes)
        )
        self.count += 1
        if plan.files:
            services.solicitation_attach(
                actor=officer,
                solicitation=s,
                content=_docx(plan.title, plan.articles),
                name=f"{plan.title}.docx",
            )
        if plan.state == "draft":
            return
        published = min(opens - dt.timedelta(days=2), self.today)
        publish_at = _at(published, 16) if published < self.today else timezone.now()
        s = services.solicitation_publish(
            actor=officer, solicitation=s, confirm_findings=True, now=publish_at
        )
        if plan.state == "upcoming":
            return
        if plan.kind == Kind.HEARING:
            self.registrations(plan, s, officer, opens, closes)
        else:
            comments = self.comments(plan, s, officer, reviewer, opens, closes)
        if plan.state == "open":
            return
        services.solicitations_close_due(now=_at(closes + dt.timedelta(days=1), 0, 5))
        s.refresh_from_db()
        if plan.kind == Kind.HEARING:
            comments = self.hearing_opinions(plan, s, officer, reviewer, closes)
        self.decide(plan, s, officer, comments)
        if plan.state == "feedback":
            self.feedback(plan, s, officer, reviewer, closes)

    def fields(self, plan: Plan, agency: Agency, opens: dt.date, closes: dt.date) -> dict:
        fields = {
            "title": plan.title,
            "summary": plan.summary,
            "draft_html": "".join(f"<p>{line}</p>" for line in plan.articles),
            "explanation_html": f"<p>{plan.explanation}</p>" if plan.explanation else "",
            "opens_on": opens,
            "closes_on": closes,
            "short_period_reason": plan.short_reason,
            "contact_department": DEPARTMENTS[plan.key],
            "contact_phone": agency.phone,
        }
        if plan.kind == Kind.HEARING:
            fields.update(
                hearing_at=_at(closes + dt.timedelta(days=plan.hearing_after), 9, 30),
                hearing_place=plan.hearing_place,
                seats=plan.seats,
                signup_instructions=plan.signup,
            )
        else:
            fields.update(
                accepts_online=True,
                comment_email=f"yijian.{plan.key}@lanwan.example.cn",
                comment_address=agency.address,
                comment_postcode=agency.postcode,
            )
        return fields

    def day_in(self, opens: dt.date, closes: dt.date) -> dt.date:
        last = min(closes, self.today)
        return opens + dt.timedelta(days=self.rng.randint(0, max(0, (last - opens).days)))

    # --- hearings -------------------------------------------------------------------------

    def registrations(self, plan: Plan, s, officer, opens: dt.date, closes: dt.date) -> None:
        people = []
        for i in range(plan.registrations):
            day = self.day_in(opens, closes)
            people.append(
                services.registration_submit(
                    solicitation=s,
                    data={
                        **self.person(),
                        "organisation": ("城东社区", "蓝湾县个体劳动者协会", "县第一中学")[i % 3],
                        "standpoint": "拟就调整方案的合理性发表意见。",
                    },
                    now=_at(day, 9 + i % 8),
                )
            )
        decided = min(closes + dt.timedelta(days=1), self.today)
        for i, registration in enumerate(people):
            if i < plan.selected:
                services.registration_decide(
                    actor=officer, registration=registration, selected=True, now=_at(decided, 15)
                )
            elif plan.state != "open":
                services.registration_decide(
                    actor=officer, registration=registration, selected=False, now=_at(decided, 15)
                )

    # --- comments -------------------------------------------------------------------------

    def comments(self, plan: Plan, s, officer, reviewer, opens, closes) -> list[list]:
        """The comments of each point (in order), sent, entered and moderated; the last
        ``plan.pending`` of an open solicitation still wait."""
        made: list[tuple[dt.datetime, object, int]] = []
        posted = 0
        for index, point in enumerate(plan.points):
            for n, text in enumerate(point.texts):
                day = self.day_in(opens, closes)
                person = self.person()
                if index == 1 and n == 0:  # someone who wrote his own phone number in
                    text = f"我是{person['name']}，电话{person['phone']}。{text}"
                data = {**person, "section": point.section, "text": text}
                if self.rng.random() < 0.3:
                    data["nickname"] = self.rng.choice(NICKNAMES)
                if posted < plan.by_post and n == 0 and index >= 2:
                    posted += 1
                    comment = services.comment_register(
                        actor=officer,
                        solicitation=s,
                        channel=Channel.POST,
                        received_on=day,
                        data=data,
                        now=_at(min(day + dt.timedelta(days=2), self.today), 11),
                    )
                else:
                    comment = services.comment_submit(
                        solicitation=s, data=data, now=_at(day, self.rng.randint(8, 21))
                    )
                made.append((comment.submitted_at, comment, index))
        rejected = []
        for text, reason in plan.rejected:
            day = self.day_in(opens, closes)
            comment = services.comment_submit(
                solicitation=s, data={**self.person(), "text": text}, now=_at(day, 23)
            )
            rejected.append((comment, reason))
        made.sort(key=lambda row: (row[0], row[1].pk))
        waiting = {row[1].pk for row in made[len(made) - plan.pending :]} if plan.pending else set()
        grouped: list[list] = [[] for _ in plan.points]
        for submitted, comment, index in made:
            grouped[index].append(comment)
            if comment.pk in waiting:
                continue
            moderated = min(timezone.localdate(submitted) + dt.timedelta(days=1), self.today)
            services.comment_approve(
                actor=reviewer,
                comment=comment,
                public_text=services.suggested_public_text(comment),
                confirm_findings=True,
                now=max(_at(moderated, 9), submitted),
            )
        for comment, reason in rejected:
            moderated = min(comment.received_on + dt.timedelta(days=1), self.today)
            services.comment_reject(
                actor=reviewer,
                comment=comment,
                reason=reason,
                now=max(_at(moderated, 9), comment.submitted_at),
            )
        return grouped

    def hearing_opinions(self, plan: Plan, s, officer, reviewer, closes) -> list[list]:
        hearing_day = closes + dt.timedelta(days=plan.hearing_after)
        grouped: list[list] = []
        for point in plan.points:
            group = []
            for text in point.texts:
                comment = services.comment_register(
                    actor=officer,
                    solicitation=s,
                    channel=Channel.HEARING,
                    received_on=hearing_day,
                    data={"text": text},
                    now=_at(hearing_day, 17),
                )
                services.comment_approve(
                    actor=reviewer, comment=comment, now=_at(hearing_day + dt.timedelta(days=1), 9)
                )
                group.append(comment)
            grouped.append(group)
        return grouped

    # --- decisions and feedback -----------------------------------------------------------

    def decide(self, plan: Plan, s, officer, comments: list[list]) -> None:
        for point, group in zip(plan.points, comments, strict=True):
            if not point.decision or not group:
                continue
            services.entry_save(
                actor=officer,
                solicitation=s,
                summary=point.summary,
                decision=point.decision,
                reason=point.reason,
                comments=group,
            )

    def feedback(self, plan: Plan, s, officer, reviewer, closes: dt.date) -> None:
        day = closes + dt.timedelta(days=plan.feedback_after)
        final = self.final_document(plan, s.agency, officer, reviewer, day - dt.timedelta(days=1))
        services.feedback_update(
            actor=officer,
            solicitation=s,
            summary=plan.feedback_summary,
            hearing_record=plan.hearing_record,
            attended_count=plan.attended if plan.kind == Kind.HEARING else None,
            final_item=final,
        )
        services.feedback_publish(actor=officer, solicitation=s, now=_at(day, 15))

    def final_document(self, plan: Plan, agency, officer, reviewer, day: dt.date):
        """The adopted document, drafted and published in the catalog on ``day``."""
        if not plan.final_title:
            return None
        from gongkai.catalog.models import Category
        from gongkai.catalog.services import catalog_create_from_template
        from gongkai.catalog.services.items import item_approve, item_create, item_submit

        catalog_create_from_template(actor=None, agency=agency)
        category = Category.objects.filter(agency=agency, code="policy.normative").first()
        if category is None:
            return None
        body = "".join(f"<p>{line}</p>" for line in plan.articles)
        item = item_create(
            actor=officer,
            agency=agency,
            category=category,
            title=plan.final_title,
            summary=plan.summary,
            body_html=body,
            written_date=day - dt.timedelta(days=3),
            formed_on=day - dt.timedelta(days=3),
        )
        item_submit(actor=officer, item=item)
        return item_approve(actor=reviewer, item=item, now=_at(day, 10))
