"""Every step is allowed to the roles that hold its action for the solicitation's agency and
refused to everybody else: the other bureau's staff, and each role that lacks the action."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.solicitation import services
from gongkai.solicitation.models import Channel, Decision, Kind
from tests.solicitation.conftest import (
    NOW,
    TODAY,
    at,
    closed,
    comment,
    create,
    publish,
    solicitation_fields,
)

MANAGERS = ["officer_a", "admin_a", "sysadmin"]
NOT_MANAGERS = ["reviewer_a", "leader_a", "handler_a", "office", "officer_b", "reviewer_b"]
MODERATORS = ["reviewer_a", "sysadmin"]
NOT_MODERATORS = ["officer_a", "admin_a", "leader_a", "handler_a", "office", "reviewer_b"]


def _closed_with_comment(county):
    s = publish(county, create(county))
    c = comment(s)
    services.comment_approve(actor=county.reviewer_a, comment=c, now=NOW)
    return closed(county, s), c


def _decided(county):
    s, c = _closed_with_comment(county)
    services.entry_save(
        actor=county.officer_a,
        solicitation=s,
        summary="建议公开绩效评价结果",
        decision=Decision.ADOPTED,
        comments=[c],
    )
    services.feedback_update(actor=county.officer_a, solicitation=s, summary="共收到意见1条。")
    return s


def _hearing_registration(county):
    s = publish(county, create(county, kind=Kind.HEARING))
    r = services.registration_submit(
        solicitation=s, data={"name": "王五", "phone": "13700001111"}, now=NOW
    )
    return r


MANAGE_STEPS = {
    "create": (
        lambda county: None,
        lambda county, actor, _state: services.solicitation_create(
            actor=actor, agency=county.a, **solicitation_fields()
        ),
    ),
    "update": (
        lambda county: create(county),
        lambda county, actor, s: services.solicitation_update(
            actor=actor, solicitation=s, title="新标题", now=NOW
        ),
    ),
    "attach": (
        lambda county: create(county),
        lambda county, actor, s: services.solicitation_attach(
            actor=actor, solicitation=s, content=b"%PDF-1.4\n%%EOF\n", name="draft.pdf"
        ),
    ),
    "publish": (
        lambda county: create(county),
        lambda county, actor, s: services.solicitation_publish(
            actor=actor, solicitation=s, now=NOW
        ),
    ),
    "close": (
        lambda county: publish(county, create(county)),
        lambda county, actor, s: services.solicitation_close(
            actor=actor, solicitation=s, reason="草案已撤回", now=NOW
        ),
    ),
    "register offline comment": (
        lambda county: publish(county, create(county)),
        lambda county, actor, s: services.comment_register(
            actor=actor,
            solicitation=s,
            channel=Channel.EMAIL,
            received_on=TODAY,
            data={"text": "来信意见。"},
            now=NOW,
        ),
    ),
    "decide": (
        _closed_with_comment,
        lambda county, actor, state: services.entry_save(
            actor=actor,
            solicitation=state[0],
            summary="意见",
            decision=Decision.ADOPTED,
            comments=[state[1]],
        ),
    ),
    "feedback text": (
        lambda county: _closed_with_comment(county)[0],
        lambda county, actor, s: services.feedback_update(
            actor=actor, solicitation=s, summary="小结"
        ),
    ),
    "publish feedback": (
        _decided,
        lambda county, actor, s: services.feedback_publish(
            actor=actor, solicitation=s, now=at("2026-06-10")
        ),
    ),
    "choose participant": (
        _hearing_registration,
        lambda county, actor, r: services.registration_decide(
            actor=actor, registration=r, selected=True, now=NOW
        ),
    ),
}


@pytest.mark.parametrize("step", list(MANAGE_STEPS))
@pytest.mark.parametrize("who", MANAGERS)
def test_managers_may(county, step, who):
    prepare, do = MANAGE_STEPS[step]
    do(county, getattr(county, who), prepare(county))


@pytest.mark.parametrize("step", list(MANAGE_STEPS))
@pytest.mark.parametrize("who", NOT_MANAGERS)
def test_everybody_else_is_refused(county, step, who):
    prepare, do = MANAGE_STEPS[step]
    state = prepare(county)
    with pytest.raises(PermissionDenied):
        do(county, getattr(county, who), state)


def test_the_other_bureaus_officer_may_manage_only_his_own(county):
    mine = create(county, agency=county.b, actor=county.officer_b)
    publish(county, mine, actor=county.officer_b)
    with pytest.raises(PermissionDenied):
        services.solicitation_close(actor=county.officer_a, solicitation=mine, reason="x", now=NOW)


MODERATE_STEPS = {
    "approve": lambda actor, c: services.comment_approve(actor=actor, comment=c, now=NOW),
    "reject": lambda actor, c: services.comment_reject(
        actor=actor, comment=c, reason="与征集内容无关", now=NOW
    ),
}


@pytest.mark.parametrize("step", list(MODERATE_STEPS))
@pytest.mark.parametrize("who", MODERATORS)
def test_moderators_may(county, open_solicitation, step, who):
    MODERATE_STEPS[step](getattr(county, who), comment(open_solicitation))


@pytest.mark.parametrize("step", list(MODERATE_STEPS))
@pytest.mark.parametrize("who", NOT_MODERATORS)
def test_moderation_is_refused_to_others(county, open_solicitation, step, who):
    c = comment(open_solicitation)
    with pytest.raises(PermissionDenied):
        MODERATE_STEPS[step](getattr(county, who), c)


@pytest.mark.parametrize("who", ["officer_a", "reviewer_a", "admin_a", "sysadmin"])
def test_contact_details_are_revealed_to_the_office_and_audited(county, open_solicitation, who):
    from gongkai.audit.models import Event

    c = comment(open_solicitation)
    contact = services.comment_reveal_contact(actor=getattr(county, who), comment=c)
    assert contact == {"name": "李四", "phone": "13912345678", "email": "lisi@example.com"}
    event = Event.objects.get(action="solicitation.comment_contact_view")
    assert event.actor == getattr(county, who) and event.data == {"comment": c.pk}


@pytest.mark.parametrize("who", ["leader_a", "handler_a", "office", "reviewer_b", "officer_b"])
def test_contact_details_are_refused_to_others(county, open_solicitation, who):
    c = comment(open_solicitation)
    with pytest.raises(PermissionDenied):
        services.comment_reveal_contact(actor=getattr(county, who), comment=c)
