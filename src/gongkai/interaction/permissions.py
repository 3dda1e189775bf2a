"""Who may see and do what with a letter, on the one scope rule of ``accounts.permissions``.

- ``message.view`` (办理人, 审核员, 领导, 机关管理员 of the agency; the 公开办 for the agencies it
  supervises) sees the letters of an agency; the assigned handler sees his or her letters.
- The writer's identity of a 举报 (report) is shown only to the assigned handler and a 领导 of
  the letter's agency, and only through ``message_reveal_identity`` (audited, every time).
"""

from __future__ import annotations

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import can, roles_of


def can_view_message(user, message) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if message.handler_id is not None and message.handler_id == user.pk:
        return True
    return can(user, "message.view", agency=message.agency)


def can_see_identity(user, message) -> bool:
    """May ``user`` see who wrote ``message``? Everybody who may view it, except for a 举报:
    then only the assigned handler and a 领导 of its agency (not the 公开办, not a superuser)."""
    if not can_view_message(user, message):
        return False
    if not message.is_report:
        return True
    if message.handler_id is not None and message.handler_id == user.pk:
        return True
    return Role.LEADER in roles_of(user, message.agency)
