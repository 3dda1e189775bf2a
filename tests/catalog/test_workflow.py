"""Review before publishing: who may do each step, which steps are legal, what each leaves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind
from gongkai.audit.models import Event
from gongkai.catalog.models import Category, FindingDecision, Item, ItemStatus, Validity
from gongkai.catalog.services import catalog_create_from_template
from gongkai.catalog.services.items import (
    WorkflowError,
    finding_decide,
    item_approve,
    item_create,
    item_publish_due,
    item_return,
    item_revise,
    item_set_validity,
    item_submit,
    item_update,
    item_withdraw,
)
from tests.factories import AgencyFactory, published_item, staff

pytestmark = pytest.mark.django_db

VALID_ID = "11010519491231002X"  # constructed with the GB 11643 check digit


@pytest.fixture
def county():
    gov = AgencyFactory(kind=AgencyKind.GOVERNMENT)
    a = AgencyFactory(parent=gov)
    b = AgencyFactory(parent=gov)
    for agency in (gov, a, b):
        catalog_create_from_template(actor=None, agency=agency)
    return gov, a, b


@pytest.fixture
def people(county):
    gov, a, b = county
    return {
        "officer_a": staff(Role.OFFICER, a),
        "reviewer_a": staff(Role.REVIEWER, a),
        "officer_b": staff(Role.OFFICER, b),
        "reviewer_b": staff(Role.REVIEWER, b),
        "admin_a": staff(Role.AGENCY_ADMIN, a),
        "office": staff(Role.DISCLOSURE_OFFICE, gov),
        "handler_a": staff(Role.HANDLER, a),
        "leader_a": staff(Role.LEADER, a),
        "sysadmin": staff(Role.SYSTEM_ADMIN),
    }


def category(agency, code="policy.normative"):
    return Category.objects.get(agency=agency, code=code)


def draft(agency, officer, **fields):
    fields.setdefault("body_html", "<p>为进一步做好相关工作，现将有关事项通知如下。</p>")
    fields.setdefault("title", "关于做好年度工作的通知")
    return item_create(actor=officer, agency=agency, category=category(agency), **fields)


def events(item, action):
    return Event.objects.filter(object_type="catalog.item", object_id=str(item.pk), action=action)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("officer_a", True),
        ("reviewer_a", False),
        ("officer_b", False),
        ("admin_a", False),
        ("office", False),
        ("handler_a", False),
        ("leader_a", False),
        ("sysadmin", True),
    ],
)
def test_who_may_draft_in_agency_a(county, people, who, allowed):
    _gov, a, _b = county
    if allowed:
        item = draft(a, people[who])
        assert item.status == ItemStatus.DRAFT
        assert events(item, "item.create").count() == 1
    else:
        with pytest.raises(PermissionDenied):
            draft(a, people[who])
        assert not Item.objects.exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("officer_a", False),
        ("reviewer_a", True),
        ("reviewer_b", False),
        ("office", False),
        ("admin_a", False),
        ("leader_a", False),
        ("sysadmin", True),
    ],
)
def test_who_may_approve_and_publish(county, people, who, allowed):
    _gov, a, _b = county
    item = item_submit(actor=people["officer_a"], item=draft(a, people["officer_a"]))
    if allowed:
        item = item_approve(actor=people[who], item=item)
        assert item.status == ItemStatus.PUBLISHED
        assert item.index_number
        assert events(item, "item.approve").count() == 1
        assert events(item, "item.publish").count() == 1
    else:
        with pytest.raises(PermissionDenied):
            item_approve(actor=people[who], item=item)
        item.refresh_from_db()
        assert item.status == ItemStatus.SUBMITTED
        assert item.index_number is None
        assert not events(item, "item.publish").exists()


@pytest.mark.parametrize("who", ["officer_a", "reviewer_b", "office"])
def test_return_and_withdraw_are_refused_to_others(county, people, who):
    _gov, a, _b = county
    submitted = item_submit(actor=people["officer_a"], item=draft(a, people["officer_a"]))
    with pytest.raises(PermissionDenied):
        item_return(actor=people[who], item=submitted, comment="请修改")
    published = published_item(a, title="已发布")
    with pytest.raises(PermissionDenied):
        item_withdraw(actor=people[who], item=published, reason="错误")
    with pytest.raises(PermissionDenied):
        item_revise(actor=people[who], item=published, note="更正", title="新标题")


def test_submit_by_another_agencys_officer_is_refused(county, people):
    _gov, a, _b = county
    item = draft(a, people["officer_a"])
    with pytest.raises(PermissionDenied):
        item_submit(actor=people["officer_b"], item=item)
    with pytest.raises(PermissionDenied):
        item_update(actor=people["officer_b"], item=item, title="改标题")


def test_illegal_transitions_are_refused_with_a_reason(county, people):
    _gov, a, _b = county
    officer, reviewer = people["officer_a"], people["reviewer_a"]
    item = draft(a, officer)
    with pytest.raises(WorkflowError):
        item_approve(actor=reviewer, item=item)  # a draft cannot be approved
    with pytest.raises(WorkflowError):
        item_withdraw(actor=reviewer, item=item, reason="x")
    with pytest.raises(WorkflowError):
        item_revise(actor=reviewer, item=item, note="x", title="y")
    item_submit(actor=officer, item=item)
    with pytest.raises(WorkflowError):
        item_submit(actor=officer, item=item)  # twice
    with pytest.raises(WorkflowError):
        item_return(actor=reviewer, item=item, comment="  ")  # comments required
    returned = item_return(actor=reviewer, item=item, comment="请补充政策依据。")
    assert returned.status == ItemStatus.RETURNED
    assert returned.return_comment == "请补充政策依据。"
    # The officer edits and submits again.
    item_update(actor=officer, item=returned, body_html="<p>依据《某某办法》制定。</p>")
    assert item_submit(actor=officer, item=returned).status == ItemStatus.SUBMITTED


def test_an_empty_item_cannot_be_submitted(county, people):
    _gov, a, _b = county
    item = draft(a, people["officer_a"], body_html="")
    with pytest.raises(WorkflowError):
        item_submit(actor=people["officer_a"], item=item)


def test_findings_block_approval_until_fixed_or_allowed(county, people):
    _gov, a, _b = county
    officer, reviewer = people["officer_a"], people["reviewer_a"]
    item = draft(a, officer, body_html=f"<p>联系人身份证号{VALID_ID}，电话13812345678。</p>")
    item_submit(actor=officer, item=item)
    assert {f.kind for f in item.findings.all()} == {"id_number", "mobile"}
    with pytest.raises(WorkflowError):
        item_approve(actor=reviewer, item=item)
    # The reviewer removes the ID number from the text: that finding counts as fixed.
    item_update(actor=reviewer, item=item, body_html="<p>联系电话13812345678。</p>")
    id_finding = item.findings.get(kind="id_number")
    assert not id_finding.still_present and id_finding.decision == FindingDecision.FIXED
    # The office telephone may stay, with a reason.
    mobile = item.findings.get(kind="mobile")
    with pytest.raises(WorkflowError):
        finding_decide(actor=reviewer, finding=mobile, reason="")
    finding_decide(actor=reviewer, finding=mobile, reason="这是单位值班电话，应当公开。")
    published = item_approve(actor=reviewer, item=item)
    assert published.status == ItemStatus.PUBLISHED
    assert events(item, "item.finding_allowed").count() == 1


def test_a_secrecy_word_is_a_finding(county, people):
    _gov, a, _b = county
    item = draft(a, people["officer_a"], title="内部资料：会议纪要")
    item_submit(actor=people["officer_a"], item=item)
    assert item.findings.filter(kind="word").exists()


def test_scheduled_publication_waits_for_its_time(county, people):
    _gov, a, _b = county
    officer, reviewer = people["officer_a"], people["reviewer_a"]
    now = timezone.now()
    item = item_submit(actor=officer, item=draft(a, officer))
    item = item_approve(actor=reviewer, item=item, publish_at=now + dt.timedelta(hours=2), now=now)
    assert item.status == ItemStatus.APPROVED and item.index_number is None
    assert item_publish_due(now=now + dt.timedelta(hours=1)) == 0
    assert item_publish_due(now=now + dt.timedelta(hours=3)) == 1
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.index_number
    assert item_publish_due(now=now + dt.timedelta(hours=4)) == 0  # idempotent


def test_revision_keeps_every_version_and_marks_the_item(county, people):
    _gov, a, _b = county
    item = published_item(a, title="原标题")
    reviewer = people["reviewer_a"]
    with pytest.raises(WorkflowError):
        item_revise(actor=reviewer, item=item, note="", title="新标题")
    item = item_revise(actor=reviewer, item=item, note="更正标题中的错字", title="新标题")
    assert item.version == 2 and item.revised_at is not None
    assert list(item.versions.order_by("number").values_list("data__title", flat=True)) == [
        "原标题",
        "新标题",
    ]
    assert item.index_number.endswith("-00001")  # the number does not change
    with pytest.raises(WorkflowError):
        item_revise(actor=reviewer, item=item, note="补充", body_html=f"<p>{VALID_ID}</p>")


def test_withdrawal_needs_a_reason_and_is_audited(county, people):
    _gov, a, _b = county
    item = published_item(a)
    reviewer = people["reviewer_a"]
    with pytest.raises(WorkflowError):
        item_withdraw(actor=reviewer, item=item, reason=" ")
    item = item_withdraw(actor=reviewer, item=item, reason="内容有误，撤回更正")
    assert item.status == ItemStatus.WITHDRAWN and item.withdrawn_at
    event = events(item, "item.withdraw").get()
    assert event.actor == reviewer and event.data["reason"] == "内容有误，撤回更正"


def test_validity_and_replacement(county, people):
    _gov, a, _b = county
    old = published_item(a, title="旧办法")
    new = published_item(a, title="新办法")
    reviewer = people["reviewer_a"]
    item_set_validity(
        actor=reviewer,
        item=old,
        validity=Validity.REPEALED,
        changed_on=dt.date(2026, 6, 1),
        replaced_by=new,
    )
    old.refresh_from_db()
    assert old.validity == Validity.REPEALED and old.replaced_by == new
    with pytest.raises(WorkflowError):
        item_set_validity(
            actor=reviewer,
            item=old,
            validity=Validity.REPEALED,
            changed_on=dt.date(2026, 6, 1),
            replaced_by=old,
        )


def test_doc_number_form_and_friendly_hint(county, people):
    _gov, a, _b = county
    officer = people["officer_a"]
    assert draft(a, officer, doc_number="蓝政发〔2026〕3号").doc_number == "蓝政发〔2026〕3号"
    for wrong in ("蓝政发[2026]3号", "蓝政发【2026】3号", "蓝政发〔2026〕03号"):
        with pytest.raises(ValidationError) as exc:
            draft(a, officer, doc_number=wrong)
        assert "蓝政发〔2026〕3号" in str(exc.value)
    with pytest.raises(ValidationError):
        draft(a, officer, doc_number="第三号文件")


def test_category_must_belong_to_the_agency(county, people):
    _gov, a, b = county
    with pytest.raises(ValidationError):
        item_create(
            actor=people["officer_a"],
            agency=a,
            category=category(b),
            title="错放目录",
            body_html="<p>x</p>",
        )


def test_timeliness_due_date_and_late_flag(county, people):
    _gov, a, _b = county
    # Formed on 2026-09-15: 20 working days later is 2026-10-19 (Mid-autumn and National Day).
    on_time = published_item(
        a,
        title="按时",
        formed_on=dt.date(2026, 9, 15),
        now=timezone.make_aware(dt.datetime(2026, 10, 19, 10, 0)),
    )
    assert on_time.due_date == dt.date(2026, 10, 19)
    assert on_time.published_late is False
    late = published_item(
        a,
        title="超期",
        formed_on=dt.date(2026, 9, 15),
        now=timezone.make_aware(dt.datetime(2026, 10, 20, 10, 0)),
    )
    assert late.published_late is True


def test_body_html_is_sanitised(county, people):
    _gov, a, _b = county
    item = draft(
        a,
        people["officer_a"],
        body_html='<p onclick="x()">正文<script>alert(1)</script></p><iframe src="//e"></iframe>',
    )
    assert (
        "script" not in item.body_html
        and "onclick" not in item.body_html
        and "iframe" not in item.body_html
    )
    assert item.body_text == "正文"


def test_tick_publishes_scheduled_items_and_is_idempotent(county, people):
    from io import StringIO

    from django.core.management import call_command

    _gov, a, _b = county
    officer, reviewer = people["officer_a"], people["reviewer_a"]
    now = timezone.now()
    item = item_submit(actor=officer, item=draft(a, officer))
    item_approve(actor=reviewer, item=item, publish_at=now + dt.timedelta(minutes=30), now=now)
    later = (now + dt.timedelta(hours=1)).isoformat()
    out = StringIO()
    call_command("tick", "--now", later, stdout=out)
    assert "catalog.publish_scheduled: published 1" in out.getvalue()
    out = StringIO()
    call_command("tick", "--now", later, stdout=out)
    assert "catalog.publish_scheduled: published 0" in out.getvalue()
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED


def test_withdrawing_a_scheduled_item_returns_it_with_the_reason(county, people):
    _gov, a, _b = county
    officer, reviewer = people["officer_a"], people["reviewer_a"]
    now = timezone.now()
    item = item_submit(actor=officer, item=draft(a, officer))
    item_approve(actor=reviewer, item=item, publish_at=now + dt.timedelta(days=1), now=now)
    item = item_withdraw(actor=reviewer, item=item, reason="发布时间需与新闻发布会一致")
    assert item.status == ItemStatus.RETURNED
    assert item.return_comment == "发布时间需与新闻发布会一致"
    assert item.index_number is None
    assert item_publish_due(now=now + dt.timedelta(days=2)) == 0
