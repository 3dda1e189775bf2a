"""The people of the applications demo: the receiving agencies' staff accounts (a 办理人 and a
领导 each, when the agency has none) and the invented applicants' resident ID numbers."""

from __future__ import annotations

import datetime as dt
import functools
import random

from django.conf import settings
from django.contrib.auth.hashers import make_password

from gongkai.accounts.models import Role, RoleAssignment, User
from gongkai.agencies.models import Agency
from gongkai.applications.demo.plan import STAFF_NAMES
from gongkai.catalog.privacy import ID_CHECK_CHARS, ID_WEIGHTS


class _Desk:
    """One receiving agency with its handler and leader."""

    def __init__(self, key: str, agency: Agency, handler: User, leader: User):
        self.key, self.agency, self.handler, self.leader = key, agency, handler, leader


@functools.cache
def _demo_password_hash() -> str:
    """The demo password hashed once (hashing takes about a second here; a new salt per
    account buys nothing for a published demo password)."""
    return make_password(settings.GONGKAI_DEMO_PASSWORD)


def _account(username: str, full_name: str, role: str, agency: Agency) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=full_name, email=f"{username}@lanwan.example.cn")
        user.password = _demo_password_hash()
        user.save()
    if not RoleAssignment.objects.filter(user=user, agency=agency, role=role).exists():
        RoleAssignment.objects.create(user=user, agency=agency, role=role)
    return user


def _staff(key: str, agency: Agency, role: str) -> User:
    existing = (
        User.objects.filter(roles__agency=agency, roles__role=role, is_active=True)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    handler_name, leader_name = STAFF_NAMES.get(key, (f"{key}办理人（演示）", f"{key}领导（演示）"))
    if role == Role.HANDLER:
        return _account(f"{key}_handler", handler_name, role, agency)
    return _account(f"{key}_leader", leader_name, role, agency)


def resident_id(rng: random.Random, born: dt.date) -> str:
    """A well-formed (GB 11643) resident ID number of an invented person born on ``born``."""
    body = (
        f"33{rng.randint(1, 99):02d}{rng.randint(1, 30):02d}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    )
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK_CHARS[total % 11]
