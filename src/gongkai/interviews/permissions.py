"""Who may do what with an interview, on top of ``accounts.permissions.can``.

- ``interview.manage`` (信息员, 机关管理员): create, edit, announce, start, end, archive, delete
  a draft, post host messages;
- ``interview.moderate`` (信息员, 审核员): approve or reject questions;
- ``interview.answer`` (领导, and 信息员 typing on a guest's behalf): answer approved questions;
- ``interview.view`` (the above and 公开办 for the agencies it supervises): see the staff pages.

A question's contact is seen only by those who moderate or manage the interview's agency,
one question at a time and audited (``question_contact_reveal``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from gongkai.accounts.permissions import can
from gongkai.interviews.models import Interview


def may(user, action: str, interview: Interview) -> bool:
    return can(user, action, agency=interview.agency)


def require(user, action: str, interview: Interview) -> None:
    if not may(user, action, interview):
        raise PermissionDenied


def may_see_contact(user, interview: Interview) -> bool:
    return may(user, "interview.moderate", interview) or may(user, "interview.manage", interview)
