"""Demo data of the service hall, built after the matters (``build_services``): for every
agency of the demo county its commitments (the three standard ones and some of its own), its
windows in the county service centre with the matters handled there and the cards of the
people at them (invented names, generated faceless portraits), and a year of ratings of its
published matters — mostly good; the bad ones verified and closed on time (rectified or not
substantiated, the rater told by e-mail or called back), except one case left overdue and one
still within its time limit.

Everything goes through the services with the times it would have happened at; the random
choices are seeded. Leaves a ``demo.servicehall`` audit event, and when that event exists a
second run does nothing. An agency without a published matter gets no ratings.
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
from gongkai.audit.models import Event
from gongkai.audit.services import record_event
from gongkai.casework import notify
from gongkai.servicehall import demo_data as data
from gongkai.servicehall.models import (
    Commitment,
    Rating,
    RatingLevel,
    Rectification,
    RectificationStatus,
    Window,
    WindowStaff,
)
from gongkai.servicehall.photos import placeholder_portrait
from gongkai.servicehall.selectors import public_matters
from gongkai.servicehall.services import (
    commitment_create,
    rating_submit,
    rectification_close,
    rectification_record_callback,
    window_create,
    window_staff_create,
)

MARKER = "demo.servicehall"
SEED = 2026
LEVELS = list(RatingLevel)
WEIGHTS = [46, 30, 14, 7, 3]  # 非常满意 … 非常不满意
# Bad ratings closer to today than this are not planned (they would still be open); the two
# open cases of the demo are placed on purpose.
SETTLED_DAYS = 24
OVERDUE_DAYS_AGO = 35
OPEN_DAYS_AGO = 2


@dataclass
class ServicehallDemoResult:
    created: bool
    commitments: int
    windows: int
    cards: int
    ratings: int
    cases: int


def _result(created: bool) -> ServicehallDemoResult:
    return ServicehallDemoResult(
        created=created,
        commitments=Commitment.objects.count(),
        windows=Window.objects.count(),
        cards=WindowStaff.objects.count(),
        ratings=Rating.objects.count(),
        cases=Rectification.objects.count(),
    )


def build_servicehall() -> ServicehallDemoResult:
    from gongkai.core.demo.county import root_code

    gov = Agency.objects.filter(credit_code=root_code()).first()
    if gov is None or Event.objects.filter(action=MARKER).exists():
        return _result(False)
    today = timezone.localdate()
    with notify.suppressed(), transaction.atomic():
        builder = _Builder(random.Random(SEED), today)
        builder.build()
        record_event(
            actor=None,
            action=MARKER,
            agency=gov,
            data={"ratings": builder.ratings, "cases": builder.cases},
        )
    return _result(True)


@functools.cache
def _password() -> str:
    return make_password(settings.GONGKAI_DEMO_PASSWORD)


def _staff(agency: Agency, role: str, label: str) -> User:
    """The agency's first active account with ``role``, or a demo account made for it."""
    existing = (
        User.objects.filter(roles__agency=agency, roles__role=role, is_active=True)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    username = f"sh{agency.pk}_{role}"
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


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _weekday(day: dt.date) -> dt.date:
    """The service centre is open on weekdays: a Saturday or Sunday becomes the Friday."""
    return day - dt.timedelta(days=max(0, day.weekday() - 4))


class _Builder:
    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng, self.today = rng, today
        self.window_number = 0
        self.staff_number = 100
        self.ratings = 0
        self.cases = 0
        self.placed_open = False

    def build(self) -> None:
        agencies = list(Agency.objects.filter(is_active=True).order_by("sort_order", "pk"))
        for agency in agencies:
            admin = _staff(agency, Role.AGENCY_ADMIN, "机关管理员")
            handler = _staff(agency, Role.HANDLER, "办理人")
            matters = list(public_matters(agency))
            self.commitments(agency, admin, matters)
            windows = self.windows(agency, admin, matters)
            if matters:
                self.year_of_ratings(agency, handler, matters, windows)

    # --- Commitments, windows, cards ---------------------------------------------------------

    def commitments(self, agency: Agency, admin: User, matters) -> None:
        for i, (kind, title, text, limit, note, link) in enumerate(data.COMMITMENTS, start=1):
            commitment_create(
                actor=admin,
                agency=agency,
                kind=kind,
                title=title,
                text=text,
                limit_value=limit,
                limit_note=note,
                matters=matters if link else (),
                sort_order=10 * i,
            )
        for i, (title, text, limit, note) in enumerate(
            self.rng.sample(data.OWN_COMMITMENTS, k=self.rng.randint(1, 2))
        ):
            commitment_create(
                actor=admin,
                agency=agency,
                kind="own",
                title=title,
                text=text,
                limit_value=limit,
                limit_note=note,
                sort_order=200 + i,
            )

    def person(self) -> str:
        return self.rng.choice(data.SURNAMES) + self.rng.choice(data.GIVEN)

    def windows(self, agency: Agency, admin: User, matters) -> list[Window]:
        count = 2 if len(matters) < 6 else 3
        area = self.rng.choice(data.HALL_AREAS)
        windows = []
        for i in range(count):
            self.window_number += 1
            handled = matters[i::count]
            window = window_create(
                actor=admin,
                agency=agency,
                number=f"{self.window_number}号窗口",
                name=f"{agency.short_name or agency.name}{data.WINDOW_NAMES[i]}",
                location=f"蓝湾县政务服务中心{area}",
                matters=handled,
                sort_order=i,
            )
            window.handled = {m.pk for m in handled}
            windows.append(window)
            posts = [data.POSTS[0], data.POSTS[1]] if i == 0 else [data.POSTS[1 + (i % 3)]]
            for j, (post, duties) in enumerate(posts):
                self.staff_number += 1
                name = self.person()
                window_staff_create(
                    actor=admin,
                    agency=agency,
                    window=window,
                    name=name,
                    post=post,
                    duties=duties,
                    staff_number=f"LW{self.staff_number:03d}",
                    supervision_phone=agency.phone or "0570-12345",
                    photo=placeholder_portrait(f"{agency.pk}-{window.number}-{name}"),
                    sort_order=j,
                )
        return windows

    # --- Ratings -----------------------------------------------------------------------------

    def contact(self) -> dict[str, str]:
        roll = self.rng.random()
        if roll < 0.4:
            return {"contact_email": f"rater{self.rng.randint(1000, 9999)}@example.cn"}
        if roll < 0.8:
            digits = "".join(str(self.rng.randint(0, 9)) for _ in range(8))
            return {"contact_phone": f"139{digits}"}
        return {}

    def rate(self, agency, matter, level, day: dt.date, windows, extra=None) -> Rating:
        at_window = [w for w in windows if matter.pk in w.handled]
        window = at_window[0] if at_window and self.rng.random() < 0.8 else None
        bad = level in (RatingLevel.DISSATISFIED, RatingLevel.VERY_DISSATISFIED)
        comment = self.rng.choice(data.BAD_COMMENTS if bad else data.GOOD_COMMENTS)
        rating = rating_submit(
            agency=agency,
            matter=matter,
            window=window,
            data={"level": level, "comment": comment, **(extra or {})},
            now=_at(day, self.rng.randint(9, 16), self.rng.choice((0, 15, 30, 45))),
        )
        self.ratings += 1
        if bad:
            self.cases += 1
        return rating

    def year_of_ratings(self, agency, handler, matters, windows) -> None:
        for matter in matters:
            for _ in range(self.rng.randint(3, 8)):
                day = _weekday(self.today - dt.timedelta(days=self.rng.randint(1, 364)))
                level = self.rng.choices(LEVELS, weights=WEIGHTS)[0]
                bad = level in (RatingLevel.DISSATISFIED, RatingLevel.VERY_DISSATISFIED)
                if bad and (self.today - day).days < SETTLED_DAYS:
                    level = RatingLevel.SATISFIED
                    bad = False
                rating = self.rate(
                    agency, matter, level, day, windows, self.contact() if bad else None
                )
                if bad:
                    self.settle(rating, handler)
        if not self.placed_open:
            # One case left past its time limit, one still within it (the staff lists show both).
            self.placed_open = True
            for days_ago, level in (
                (OVERDUE_DAYS_AGO, RatingLevel.VERY_DISSATISFIED),
                (OPEN_DAYS_AGO, RatingLevel.DISSATISFIED),
            ):
                day = _weekday(self.today - dt.timedelta(days=days_ago))
                self.rate(agency, matters[0], level, day, windows, self.contact())

    def settle(self, rating: Rating, handler: User) -> None:
        """Verify and close the case of a bad rating on time; call a phone-only rater back."""
        case = rating.rectification
        latest = case.due_date or rating.rated_on + dt.timedelta(days=14)
        closed_on = min(rating.rated_on + dt.timedelta(days=self.rng.randint(2, 12)), latest)
        closed_on = min(max(closed_on, rating.rated_on), self.today)
        if self.rng.random() < 0.75:
            outcome = RectificationStatus.RECTIFIED
            verification, result = self.rng.choice(data.RECTIFIED)
        else:
            outcome = RectificationStatus.UNFOUNDED
            verification, result = self.rng.choice(data.UNFOUNDED)
        closed_at = max(_at(closed_on, 15), rating.rated_at)
        case = rectification_close(
            actor=handler,
            case=case,
            outcome=outcome,
            verification=verification,
            result=result,
            now=closed_at,
        )
        if rating.contact_phone and not rating.contact_email:
            rectification_record_callback(
                actor=handler,
                case=case,
                note=self.rng.choice(data.CALLBACK_NOTES),
                now=closed_at + dt.timedelta(hours=1),
            )
