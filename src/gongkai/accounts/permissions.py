"""Who may do what: the one permission rule every module uses.

``can(user, action, agency=..., obj=...)`` answers "may this person do this action on this
object of this agency". The answer comes from the table ``ROLE_ACTIONS`` below (the only
place that says which role may do which action) and from the scope rule:

- 系统管理员 (system administrator) may do every action everywhere;
- 公开办 (disclosure office) supervises its own agency and every agency below it, for the
  actions listed under its role;
- every other role acts only for the agency it was granted for.

Modules add their object-level conditions (e.g. only the assigned handler may reveal an ID
number) in their own ``permissions.py`` on top of ``can``; they never bypass it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from gongkai.accounts.models import Role, RoleAssignment
from gongkai.agencies.models import Agency

# Action names are "<noun>.<verb>". A role not listed for an action may not do it.
# Interaction (政民互动): ``message.*`` is the letters office — a 办理人 accepts, assigns and
# answers letters and registers calls and visits, a 审核员 or 领导 reviews replies and approves
# publication, a 领导 approves extensions; ``solicitation``/``interview``/``topic`` are run by
# 信息员 and 机关管理员 and moderated by 审核员; proposals (建议提案) are registered by the
# 公开办 or 机关管理员, handled by a 办理人 and signed off by a 领导.
# Services (办事公开): guides are drafted by 信息员/机关管理员 and published by a 审核员
# (``service.*``); the 机关管理员 keeps commitments and window staff; bad ratings are verified and
# rectified by a 办理人 (``rating.rectify``); notices (公示) are drafted by 信息员 and published by
# a 审核员, their objections read by the 机关管理员 and 领导. Internal disclosure (内部公开) has
# no view action here on purpose: it is for the staff of the agency itself (any role held there
# directly), never for the 公开办 above it — see ``gongkai.internal.permissions``.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.DISCLOSURE_OFFICE: frozenset(
        {
            "staff.access",
            "agency.view",
            "agency.change",
            "staff.view",
            "audit.view",
            "item.view_internal",
            "item.view_staff",
            "catalog.supervise",
            "application.view",
            "application.supervise",
            "message.view",
            "message.supervise",
            "solicitation.view",
            "interview.view",
            "proposal.view",
            "proposal.register",
            "topic.view",
            "service.view",
            "rating.view",
            "notice.view",
            "report.view",
            "report.prepare",
            "report.manage",
            "stats.view",
            "target.manage",
            "selfcheck.view",
            "selfcheck.run",
        }
    ),
    Role.AGENCY_ADMIN: frozenset(
        {
            "staff.access",
            "agency.view",
            "agency.change",
            "staff.view",
            "staff.manage",
            "audit.view",
            "item.view_internal",
            "item.view_staff",
            "catalog.manage",
            "guide.change",
            "mailbox.manage",
            "message.view",
            "solicitation.view",
            "solicitation.manage",
            "interview.view",
            "interview.manage",
            "proposal.view",
            "proposal.register",
            "topic.view",
            "topic.answer",
            "service.view",
            "service.draft",
            "service.import",
            "commitment.manage",
            "window.manage",
            "rating.view",
            "rating.rectify",
            "notice.view",
            "notice.draft",
            "notice.objections",
            "internal.post",
            "internal.manage",
            "report.view",
            "report.prepare",
            "stats.view",
            "selfcheck.view",
            "selfcheck.run",
        }
    ),
    Role.OFFICER: frozenset(
        {
            "staff.access",
            "agency.view",
            "item.view_internal",
            "item.view_staff",
            "item.draft",
            "item.submit",
            "solicitation.view",
            "solicitation.manage",
            "interview.view",
            "interview.manage",
            "interview.moderate",
            "interview.answer",
            "topic.view",
            "topic.answer",
            "service.view",
            "service.draft",
            "notice.view",
            "notice.draft",
            "internal.post",
        }
    ),
    Role.REVIEWER: frozenset(
        {
            "staff.access",
            "agency.view",
            "item.view_internal",
            "item.view_staff",
            "item.review",
            "item.publish",
            "item.revise",
            "item.withdraw",
            "message.view",
            "message.review",
            "solicitation.view",
            "solicitation.moderate",
            "interview.view",
            "interview.moderate",
            "topic.view",
            "topic.moderate",
            "service.view",
            "service.review",
            "notice.view",
            "notice.publish",
            "rating.view",
            "stats.view",
            "selfcheck.view",
        }
    ),
    Role.HANDLER: frozenset(
        {
            "staff.access",
            "agency.view",
            "item.view_internal",
            "application.view",
            "application.register",
            "application.handle",
            "application.reveal_id",
            "message.view",
            "message.handle",
            "proposal.view",
            "proposal.handle",
            "service.view",
            "rating.view",
            "rating.rectify",
        }
    ),
    Role.LEADER: frozenset(
        {
            "staff.access",
            "agency.view",
            "item.view_internal",
            "item.view_staff",
            "application.view",
            "application.approve",
            "message.view",
            "message.approve",
            "message.review",
            "interview.view",
            "interview.answer",
            "proposal.view",
            "proposal.approve",
            "solicitation.view",
            "service.view",
            "rating.view",
            "notice.view",
            "notice.objections",
            "report.view",
            "stats.view",
        }
    ),
}

# Actions only a system administrator may do (there is no agency to scope them to).
SITE_ACTIONS = frozenset(
    {"workdays.change", "agency.create_root", "site.manage", "staff.manage_all"}
)

ALL_ACTIONS = frozenset().union(*ROLE_ACTIONS.values()) | SITE_ACTIONS


class UnknownAction(ValueError):
    pass


def _assignments(user) -> list[tuple[str, int | None]]:
    """The (role, agency id) pairs of a user, cached on the user object for this request."""
    cached = getattr(user, "_gongkai_role_cache", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).values_list("role", "agency_id"))
        user._gongkai_role_cache = cached
    return cached


def forget_cached_roles(user) -> None:
    if hasattr(user, "_gongkai_role_cache"):
        del user._gongkai_role_cache


def is_system_admin(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(role == Role.SYSTEM_ADMIN for role, _ in _assignments(user))


def roles_of(user, agency: Agency | None = None) -> set[str]:
    """The roles a user holds (for one agency, when given)."""
    if user is None or not user.is_authenticated:
        return set()
    return {
        role
        for role, agency_id in _assignments(user)
        if agency is None or agency_id == agency.pk or agency_id is None
    }


def _agency_of(obj: Any) -> Agency | None:
    if obj is None:
        return None
    if isinstance(obj, Agency):
        return obj
    agency = getattr(obj, "agency", None)
    if isinstance(agency, Agency):
        return agency
    return None


def can(user, action: str, *, agency: Agency | None = None, obj: Any = None) -> bool:
    """May ``user`` do ``action`` on ``obj`` (which belongs to ``agency``)?

    ``agency`` is taken from ``obj.agency`` when not given. An action without an agency is
    allowed only to system administrators.
    """
    if action not in ALL_ACTIONS:
        raise UnknownAction(f"Unknown action {action!r}: add it to ROLE_ACTIONS first.")
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if is_system_admin(user):
        return True
    if action in SITE_ACTIONS:
        return False
    if agency is None:
        agency = _agency_of(obj)
    if agency is None:
        return False
    ancestors: list[int] | None = None
    for role, agency_id in _assignments(user):
        if action not in ROLE_ACTIONS.get(role, ()):
            continue
        if agency_id == agency.pk:
            return True
        if role == Role.DISCLOSURE_OFFICE:
            if ancestors is None:
                ancestors = agency.ancestor_ids()
            if agency_id in ancestors:
                return True
    return False


def has_any_role(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and _assignments(user)) or bool(
        user and user.is_authenticated and user.is_superuser
    )


def descendant_ids(root_ids: Iterable[int]) -> set[int]:
    """Ids of the given agencies and every agency below them (one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Agency.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    result: set[int] = set()
    stack = list(root_ids)
    while stack:
        pk = stack.pop()
        if pk in result:
            continue
        result.add(pk)
        stack.extend(children.get(pk, ()))
    return result


def agencies_where(user, action: str) -> QuerySet[Agency]:
    """The agencies for which ``user`` may do ``action`` (for filtering lists and forms)."""
    if action not in ALL_ACTIONS:
        raise UnknownAction(f"Unknown action {action!r}: add it to ROLE_ACTIONS first.")
    if user is None or not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    if is_system_admin(user):
        return Agency.objects.all()
    if action in SITE_ACTIONS:
        return Agency.objects.none()
    direct: set[int] = set()
    supervised: set[int] = set()
    for role, agency_id in _assignments(user):
        if agency_id is None or action not in ROLE_ACTIONS.get(role, ()):
            continue
        (supervised if role == Role.DISCLOSURE_OFFICE else direct).add(agency_id)
    ids = direct | (descendant_ids(supervised) if supervised else set())
    return Agency.objects.filter(pk__in=ids)


# --- Staff accounts -----------------------------------------------------------------------

# Roles only a system administrator may grant or revoke.
ROLES_FOR_SYSTEM_ADMIN = frozenset({Role.SYSTEM_ADMIN, Role.DISCLOSURE_OFFICE})


def can_grant_role(actor, role: str, *, agency: Agency | None) -> bool:
    """May ``actor`` grant (or revoke) ``role`` for ``agency``?

    系统管理员 and 公开办 are granted by system administrators only; the other roles by
    whoever may do "staff.manage" on that agency (a 机关管理员 for his or her own agency).
    """
    if role in ROLES_FOR_SYSTEM_ADMIN:
        return is_system_admin(actor)
    if agency is None:
        return False
    return can(actor, "staff.manage", agency=agency)


def can_manage_user(actor, user) -> bool:
    """May ``actor`` change ``user``'s account (profile, password, active flag)?

    A system administrator may manage everyone. Anyone else must hold "staff.manage" for
    every agency in which ``user`` holds a role, so that a bureau's 机关管理员 cannot take over
    an account that also acts for another agency; nobody but a system administrator may
    manage a system administrator.
    """
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if is_system_admin(actor):
        return True
    if user.is_superuser or any(role == Role.SYSTEM_ADMIN for role, _ in _assignments(user)):
        return False
    agency_ids = {agency_id for _role, agency_id in _assignments(user)}
    if not agency_ids or None in agency_ids:
        return False
    manageable = set(agencies_where(actor, "staff.manage").values_list("pk", flat=True))
    return agency_ids <= manageable


def can_view_user(actor, user) -> bool:
    """May ``actor`` see ``user``'s account page (own page, or "staff.view" on one of the
    agencies the person works for)?"""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if actor.pk == user.pk or is_system_admin(actor):
        return True
    agency_ids = {agency_id for _role, agency_id in _assignments(user) if agency_id}
    if not agency_ids:
        return False
    return agencies_where(actor, "staff.view").filter(pk__in=agency_ids).exists()


def home_agency(user) -> Agency | None:
    """The agency a person's events are filed under: the first agency he or she was given a
    role for (``None`` for a system administrator without agency roles)."""
    if user is None or not getattr(user, "pk", None):
        return None
    assignment = (
        RoleAssignment.objects.filter(user=user, agency__isnull=False)
        .select_related("agency")
        .order_by("granted_at", "pk")
        .first()
    )
    return assignment.agency if assignment else None
