"""The one rule of internal disclosure: staff of the agency itself, and of the named
departments when the item is restricted — never the 公开办 above, never a 系统管理员 who does
not work there, never another bureau. The screens answer a refusal like a missing page."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role, RoleAssignment
from gongkai.accounts.permissions import forget_cached_roles
from gongkai.accounts.services import role_revoke
from gongkai.internal.models import InternalKind
from gongkai.internal.permissions import can_view_internal
from gongkai.internal.selectors import items_visible_to, viewers_of
from gongkai.internal.services import (
    internal_item_create,
    internal_item_post,
    internal_item_withdraw,
    membership_add,
)
from tests.factories import staff

from .conftest import finance_item, text_item

pytestmark = pytest.mark.django_db


def everyone(w):
    return [
        w.office,
        w.a_admin,
        w.a_officer,
        w.a_reviewer,
        w.a_leader,
        w.a_handler,
        w.b_admin,
        w.b_officer,
        w.sysadmin,
    ]


def test_a_whole_agency_item_is_for_every_staff_member_of_that_agency_only(w):
    item = finance_item(w)
    for user in (w.a_admin, w.a_officer, w.a_reviewer, w.a_leader, w.a_handler):
        assert can_view_internal(user, item), user
    # another bureau, the supervising 公开办, a system administrator who works elsewhere
    for user in (w.b_admin, w.b_officer, w.office, w.sysadmin):
        assert not can_view_internal(user, item), user


def test_a_system_administrator_who_is_also_staff_there_may_read(w):
    item = finance_item(w)
    RoleAssignment.objects.create(user=w.sysadmin, agency=w.a, role=Role.LEADER)
    forget_cached_roles(w.sysadmin)
    assert can_view_internal(w.sysadmin, item)


def test_anonymous_and_inactive_accounts_read_nothing(w):
    from django.contrib.auth.models import AnonymousUser

    item = finance_item(w)
    assert not can_view_internal(AnonymousUser(), item)
    w.a_leader.is_active = False
    w.a_leader.save()
    assert not can_view_internal(w.a_leader, item)
    assert item not in items_visible_to(w.a_leader)


def test_an_item_restricted_to_a_department_is_for_its_members_and_the_poster(w):
    item = text_item(w, kind=InternalKind.EVALUATION, departments=[w.d_office])
    assert can_view_internal(w.a_leader, item)  # in 办公室
    assert can_view_internal(w.a_officer, item)  # posted it
    assert not can_view_internal(w.a_handler, item)  # in 预算科
    assert not can_view_internal(w.a_admin, item)  # in no department
    assert not can_view_internal(w.a_reviewer, item)
    # a person may belong to several departments
    membership_add(actor=w.a_admin, department=w.d_office, user=w.a_handler)
    assert can_view_internal(w.a_handler, item)


def test_a_member_of_a_department_of_another_agency_does_not_read(w):
    item = text_item(w, departments=[w.d_office])
    outsider = staff(Role.OFFICER, w.b)
    membership_add(actor=w.b_admin, department=w.d_b, user=outsider)
    assert not can_view_internal(outsider, item)


def test_leaving_the_agency_ends_the_access(w):
    item = finance_item(w)
    assert can_view_internal(w.a_handler, item)
    role_revoke(actor=w.a_admin, user=w.a_handler, agency=w.a, role=Role.HANDLER)
    forget_cached_roles(w.a_handler)
    assert not can_view_internal(w.a_handler, item)


def test_drafts_are_for_the_posters_and_withdrawn_items_for_the_admin(w):
    draft = finance_item(w, post=False)
    assert can_view_internal(w.a_officer, draft) and can_view_internal(w.a_admin, draft)
    for user in (w.a_leader, w.a_reviewer, w.a_handler, w.b_officer, w.office):
        assert not can_view_internal(user, draft), user
    posted = internal_item_withdraw(actor=w.a_officer, item=text_item(w), reason="内容有误")
    assert can_view_internal(w.a_officer, posted) and can_view_internal(w.a_admin, posted)
    for user in (w.a_leader, w.a_reviewer, w.a_handler):
        assert not can_view_internal(user, posted), user


def test_the_lists_and_the_read_list_follow_the_same_rule(w):
    """``items_visible_to`` (SQL), ``viewers_of`` (SQL) and ``can_view_internal`` agree for
    every person and item."""
    b_item = internal_item_post(
        actor=w.b_officer,
        item=internal_item_create(
            actor=w.b_officer,
            agency=w.b,
            kind=InternalKind.SALARY,
            year=2026,
            month=4,
            body_html="<p>民政局工资调整。</p>",
        ),
    )
    withdrawn = internal_item_withdraw(
        actor=w.a_officer, item=text_item(w, title="撤回的事项"), reason="重复发布"
    )
    items = [
        finance_item(w),
        finance_item(w, month=6, post=False),
        text_item(w, departments=[w.d_office]),
        text_item(w, departments=[w.d_office, w.d_budget]),
        text_item(w, departments=[w.d_budget], post=False),
        withdrawn,
        b_item,
    ]
    membership_add(actor=w.a_admin, department=w.d_budget, user=w.a_admin)
    for user, item in itertools.product(everyone(w), items):
        allowed = can_view_internal(user, item)
        assert (item in items_visible_to(user)) == allowed, (user, item)
        assert (user in viewers_of(item)) == allowed, (user, item)


@pytest.mark.parametrize("who", ["b_officer", "b_admin", "office", "sysadmin", "a_handler"])
def test_the_item_page_is_404_for_whoever_may_not_read_it(client, w, who):
    item = text_item(w, departments=[w.d_office], title="考核结果（仅办公室）")
    client.force_login(getattr(w, who))
    for name in ("detail", "reads", "edit", "table"):
        response = client.get(reverse(f"internal_staff:{name}", args=[item.pk]))
        assert response.status_code == 404, name
        assert "考核结果" not in response.content.decode()
    missing = client.get(reverse("internal_staff:detail", args=[item.pk + 1000]))
    assert missing.status_code == 404


def test_signed_out_visitors_are_sent_to_the_login_page(client, w):
    item = finance_item(w)
    response = client.get(reverse("internal_staff:detail", args=[item.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
