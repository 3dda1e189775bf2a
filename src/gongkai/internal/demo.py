"""Demo data of internal disclosure: a year of internal items for two demo bureaus
(蓝湾县财政局 and 蓝湾县民政局).

For the twelve months before this one: the monthly statements (收支情况) and official-spending
reports (三公经费, 差旅费 …), except last month's, which is not posted yet (so the reminder has
something to say from the 10th); last year's leaders' integrity report, a salary adjustment
(one posted with a mistake, withdrawn and posted again), three leadership decisions, last
year's evaluation results for the 办公室 only, a draft, read receipts after each posting and
a few questions answered by the poster.

Everything goes through the services with the times it would have happened at, people and
texts are invented and the random choices seeded. Leaves a ``demo.internal`` audit event, and
when that event exists a second run does nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import RoleAssignment, User
from gongkai.agencies.models import Agency, Department
from gongkai.audit.models import Event
from gongkai.audit.services import record_event
from gongkai.casework.calendars import calendar_for
from gongkai.casework.notify import suppressed
from gongkai.internal import demo_data as data
from gongkai.internal import services as s
from gongkai.internal.models import (
    DepartmentMembership,
    InternalItem,
    InternalKind,
    SpendingCategory,
)
from gongkai.internal.selectors import viewers_of
from gongkai.internal.tables import RowData, category_label
from gongkai.workdays.calendar import CalendarMissing

MARKER = "demo.internal"
SEED = 1010


@dataclass
class InternalDemoResult:
    created: bool
    items: int


@functools.cache
def _password() -> str:
    return make_password(settings.GONGKAI_DEMO_PASSWORD)


def _staff(key: str, agency: Agency, who: str) -> User:
    """The agency's first active holder of the role, or a new demo account ``<key>_<who>``."""
    role, label = data.ROLES[who]
    existing = (
        User.objects.filter(roles__agency=agency, roles__role=role, is_active=True)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    username = f"{key}_{who}"
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


def _months_back(today: dt.date, n: int) -> list[tuple[int, int]]:
    """The ``n`` months before the month of ``today``, oldest first."""
    year, month = today.year, today.month
    out = []
    for _ in range(n):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        out.append((year, month))
    return list(reversed(out))


class _Builder:
    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng, self.today = rng, today
        try:
            self.calendar = calendar_for(today)
        except CalendarMissing:
            self.calendar = None
        self.items = 0

    def workday(self, day: dt.date) -> dt.date:
        while True:
            try:
                if self.calendar is not None and self.calendar.covers(day.year):
                    if self.calendar.is_working_day(day):
                        return day
                elif day.weekday() < 5:
                    return day
            except CalendarMissing:
                if day.weekday() < 5:
                    return day
            day += dt.timedelta(days=1)

    def at(self, day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def bureau(self, key: str, name: str, departments: dict, restricted_to: str, scale: float):
        agency = Agency.objects.filter(name=name).first()
        if agency is None:
            return
        people = {who: _staff(key, agency, who) for who in data.ROLES}
        admin = people["admin"]
        for dept_name, members in departments.items():
            department, _ = Department.objects.get_or_create(agency=agency, name=dept_name)
            for who in members:
                if not DepartmentMembership.objects.filter(
                    department=department, user=people[who]
                ).exists():
                    s.membership_add(actor=admin, department=department, user=people[who])
        months = _months_back(self.today, 12)
        self.monthly(agency, people, months, scale)
        self.yearly(agency, people, restricted_to, months)

    # --- monthly tables -----------------------------------------------------------------

    def posting_day(self, year: int, month: int) -> dt.date:
        first = dt.date(year + (month == 12), month % 12 + 1, 1)
        return self.workday(first + dt.timedelta(days=self.rng.randint(2, 6)))

    def monthly(self, agency, people, months, scale) -> None:
        officer = people["officer"]
        totals: dict[tuple[int, str], Decimal] = {}
        for year, month in months[:-1]:  # last month's are not posted yet
            day = self.posting_day(year, month)
            finance = self.post_table(
                agency,
                officer,
                InternalKind.FINANCE,
                year,
                month,
                day,
                self.finance_rows(year, month, scale, totals),
                data.FINANCE_BODY,
            )
            spending = self.post_table(
                agency,
                officer,
                InternalKind.SPENDING,
                year,
                month,
                day,
                self.spending_rows(year, month, scale, totals),
                data.SPENDING_BODY,
            )
            self.reads(finance)
            self.reads(spending)
        self.latest = {"finance": finance, "spending": spending}

    def post_table(self, agency, actor, kind, year, month, day, rows, body) -> InternalItem:
        created = self.at(day, 9, self.rng.randint(0, 50))
        item = s.internal_item_create(
            actor=actor,
            agency=agency,
            kind=kind,
            year=year,
            month=month,
            body_html=body,
            now=created,
        )
        s.internal_item_set_rows(actor=actor, item=item, rows=rows, now=created)
        self.items += 1
        return s.internal_item_post(actor=actor, item=item, now=self.at(day, 10))

    def amount(self, typical: float, spread: float = 0.25) -> Decimal:
        value = typical * self.rng.uniform(1 - spread, 1 + spread)
        return Decimal(str(round(value, 2)))

    def cumulative(self, totals, year: int, line: str, value: Decimal) -> Decimal:
        key = (year, line)
        totals[key] = totals.get(key, Decimal(0)) + value
        return totals[key]

    def finance_rows(self, year, month, scale, totals) -> list[RowData]:
        income = self.amount(420000 * scale, 0.08)
        spent = self.amount(float(income) * 0.93, 0.06)
        rows = []

        def lines(title, whole, parts, yearly):
            cut = [Decimal(str(round(float(whole) * share, 2))) for _label, share in parts]
            cut[0] += whole - sum(cut)  # the parts add up to the total exactly
            budget_total = Decimal(yearly)
            rows.append(
                RowData(
                    title,
                    this_month=whole,
                    year_to_date=self.cumulative(totals, year, title, whole),
                    budget=budget_total,
                )
            )
            for (label, share), value in zip(parts, cut, strict=True):
                rows.append(
                    RowData(
                        label,
                        this_month=value,
                        year_to_date=self.cumulative(totals, year, label, value),
                        budget=(budget_total * Decimal(str(share))).quantize(Decimal("1")),
                    )
                )

        yearly = int(5_200_000 * scale)
        lines("一、收入合计", income, data.INCOME_LINES, yearly)
        lines("二、支出合计", spent, data.SPENDING_LINES, yearly)
        return rows

    def spending_rows(self, year, month, scale, totals) -> list[RowData]:
        rows = []
        for code in SpendingCategory.values:
            budget, typical = data.SPENDING_BUDGET[code]
            value = self.amount(typical * scale, 0.6) if typical else Decimal("0.00")
            note = ""
            if code == SpendingCategory.RECEPTION and value:
                batches = self.rng.randint(1, 4)
                note = f"接待{batches}批次{batches * self.rng.randint(4, 9)}人次"
            rows.append(
                RowData(
                    category_label(code),
                    category=code,
                    this_month=value,
                    year_to_date=self.cumulative(totals, year, code, value),
                    budget=Decimal(int(budget * scale)),
                    note=note,
                )
            )
        return rows

    # --- the other kinds -----------------------------------------------------------------

    def post_text(self, agency, actor, kind, year, month, day, title, paragraphs, **kw):
        created = self.at(day or self.today, 9)
        item = s.internal_item_create(
            actor=actor,
            agency=agency,
            kind=kind,
            year=year,
            month=month,
            title=title,
            body_html="".join(paragraphs),
            now=created,
            **kw,
        )
        self.items += 1
        if day is None:
            return item
        item = s.internal_item_post(actor=actor, item=item, now=self.at(day, 15))
        self.reads(item)
        return item

    def yearly(self, agency, people, restricted_to, months) -> None:
        officer, admin = people["officer"], people["admin"]
        # Last year's reports are posted in late January; in January itself, the year before's.
        last_year = self.today.year - (1 if self.today.month > 1 else 2)
        january = self.workday(dt.date(last_year + 1, 1, 20))
        title, text = data.INTEGRITY
        self.post_text(
            agency,
            admin,
            InternalKind.INTEGRITY,
            last_year,
            None,
            january,
            title.format(year=last_year),
            [p.format(year=last_year) for p in text],
        )
        title, text = data.EVALUATION
        department = Department.objects.get(agency=agency, name=restricted_to)
        counts = {"excellent": self.rng.randint(2, 4), "good": self.rng.randint(12, 20)}
        self.post_text(
            agency,
            admin,
            InternalKind.EVALUATION,
            last_year,
            None,
            self.workday(january + dt.timedelta(days=7)),
            title.format(year=last_year),
            [p.format(year=last_year, **counts) for p in text],
            departments=[department],
        )
        # The salary adjustment: posted with a wrong count, withdrawn, posted again.
        year, month = months[6]
        day = self.workday(dt.date(year, month, 12))
        title, text = data.SALARY
        wrong = {"n1": 31, "n2": 4, "n3": 2}
        first = self.post_text(
            agency,
            officer,
            InternalKind.SALARY,
            year,
            month,
            day,
            title.format(year=year, month=month),
            [p.format(year=year, month=month, **wrong) for p in text],
        )
        s.internal_item_withdraw(
            actor=officer,
            item=first,
            reason="薪级晋升人数统计有误，更正后重新发布。",
            now=self.at(day, 17),
        )
        right = {**wrong, "n1": 29}
        self.salary = self.post_text(
            agency,
            officer,
            InternalKind.SALARY,
            year,
            month,
            self.workday(day + dt.timedelta(days=1)),
            title.format(year=year, month=month),
            [p.format(year=year, month=month, **right) for p in text],
        )
        for n, index in enumerate((1, 5, 9), start=1):
            year, month = months[index]
            title, text = data.DECISIONS[n - 1]
            amount = self.rng.randint(8, 40)
            self.post_text(
                agency,
                officer,
                InternalKind.DECISION,
                year,
                month,
                self.workday(dt.date(year, month, 18)),
                title.format(year=year, n=n),
                [p.format(amount=amount) for p in text],
            )
        # A decision still being drafted.
        title, text = data.DECISIONS[0]
        self.post_text(
            agency,
            officer,
            InternalKind.DECISION,
            self.today.year,
            self.today.month,
            None,
            title.format(year=self.today.year, n=4),
            [p.format(amount=12) for p in text],
        )
        self.questions(agency, people)

    # --- reading and asking ----------------------------------------------------------------

    def reads(self, item: InternalItem) -> None:
        """Most of the staff read an item within a few days of its posting."""
        now = timezone.now()
        for user in viewers_of(item):
            if self.rng.random() < 0.15:
                continue
            read_at = item.posted_at + dt.timedelta(
                hours=self.rng.randint(0, 96), minutes=self.rng.randint(0, 59)
            )
            if read_at < now:
                s.internal_item_read(actor=user, item=item, now=read_at)

    def questions(self, agency, people) -> None:
        targets = {
            "spending": self.latest["spending"],
            "finance": self.latest["finance"],
            "finance_latest": self.latest["finance"],
            "salary": self.salary,
        }
        askers = [people["handler"], people["reviewer"], people["leader"]]
        now = timezone.now()
        for index, (target, text, answer) in enumerate(data.QUESTIONS):
            item = targets[target]
            asker = askers[index % len(askers)]
            asked = min(item.posted_at + dt.timedelta(days=1, hours=index), now)
            s.internal_item_read(actor=asker, item=item, now=asked)
            question = s.question_ask(actor=asker, item=item, text=text, now=asked)
            if answer:
                s.question_answer(
                    actor=item.posted_by,
                    question=question,
                    text=answer,
                    now=min(asked + dt.timedelta(hours=20), now),
                )


def build_internal() -> InternalDemoResult:
    """Build the demo internal items once (see the module docstring)."""
    if Event.objects.filter(action=MARKER).exists():
        return InternalDemoResult(created=False, items=InternalItem.objects.count())
    names = [name for _key, name, *_rest in data.BUREAUS]
    if not Agency.objects.filter(name__in=names).exists():
        return InternalDemoResult(created=False, items=InternalItem.objects.count())
    builder = _Builder(random.Random(SEED), timezone.localdate())
    with suppressed(), transaction.atomic():
        for key, name, departments, restricted_to, scale in data.BUREAUS:
            builder.bureau(key, name, departments, restricted_to, scale)
        record_event(actor=None, action=MARKER, data={"items": builder.items})
    return InternalDemoResult(created=True, items=builder.items)
