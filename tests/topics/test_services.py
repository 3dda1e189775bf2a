"""The steps of a topic request and who may take them; the answer kinds and their rules; the
support counted once; the overdue flag."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.audit.models import Event
from gongkai.search.models import SearchEntry
from gongkai.topics.models import AnswerKind, TopicRequest, TopicStatus, TopicSupport
from gongkai.topics.services import (
    flag_overdue,
    topic_answer,
    topic_approve,
    topic_reject,
    topic_route,
    topic_support,
)
from tests.factories import published_item

from .conftest import PROPOSER, D, submit_topic

pytestmark = pytest.mark.django_db


# --- proposing ------------------------------------------------------------------------------


def test_a_topic_waits_for_moderation_and_the_audit_keeps_no_personal_data(county):
    topic = submit_topic(county.a)
    assert topic.status == TopicStatus.PENDING and not topic.is_public
    event = Event.objects.get(action="topic.submit")
    assert PROPOSER["mobile"] not in str(event.data) and PROPOSER["name"] not in str(event.data)
    assert not SearchEntry.objects.filter(kind="topic").exists()


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"title": ""}, "title"),
        ({"description": " "}, "description"),
        ({"name": ""}, "name"),
        ({"mobile": "0570-8800001"}, "mobile"),
        ({"email": "not-an-address"}, "email"),
        ({"description": "请公开，我的电话13957001234。"}, "description"),
        ({"reason": "我的身份证号11010519491231002X"}, "reason"),
        ({"title": "x" * 201}, "title"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_written(county, fields, field):
    with pytest.raises(ValidationError) as exc:
        submit_topic(county.a, **fields)
    assert field in exc.value.message_dict
    assert not TopicRequest.objects.exists()


def test_not_sure_goes_to_the_top_agency_and_the_office_routes_it(county):
    topic = submit_topic(None)
    assert topic.agency == county.government and topic.agency_unsure
    for actor in (county.reviewer_gov, county.officer_a, county.other_office):
        with pytest.raises(PermissionDenied):
            topic_route(actor=actor, topic=topic, agency=county.a)
    with pytest.raises(PermissionDenied):  # an agency the office does not supervise
        topic_route(actor=county.office, topic=topic, agency=county.other_root)
    topic = topic_route(actor=county.office, topic=topic, agency=county.a)
    assert topic.agency == county.a and topic.routed_by == county.office
    # Now bureau A's reviewer moderates it, not the county's.
    with pytest.raises(PermissionDenied):
        topic_approve(actor=county.reviewer_gov, topic=topic)
    topic_approve(actor=county.reviewer_a, topic=topic)


# --- moderation -----------------------------------------------------------------------------


def test_only_a_reviewer_of_the_topic_agency_moderates(
    county, mail_outbox, django_capture_on_commit_callbacks
):
    topic = submit_topic(county.a)
    for actor in (county.reviewer_b, county.officer_a, county.admin_a, county.office):
        with pytest.raises(PermissionDenied):
            topic_approve(actor=actor, topic=topic)
        with pytest.raises(PermissionDenied):
            topic_reject(actor=actor, topic=topic, reason="重复。")
    with django_capture_on_commit_callbacks(execute=True):
        topic = topic_approve(actor=county.reviewer_a, topic=topic)
    assert topic.status == TopicStatus.APPROVED and topic.is_public
    assert mail_outbox[0].to == [PROPOSER["email"]]
    entry = SearchEntry.objects.get(kind="topic", object_id=topic.pk)
    for private in PROPOSER.values():
        assert private not in entry.body and private not in entry.title
    with pytest.raises(ValidationError):  # only once
        topic_reject(actor=county.reviewer_a, topic=topic, reason="重复。")


def test_reject_needs_a_reason_and_stays_private(county):
    topic = submit_topic(county.a)
    with pytest.raises(ValidationError):
        topic_reject(actor=county.reviewer_a, topic=topic, reason=" ")
    topic = topic_reject(actor=county.reviewer_a, topic=topic, reason="属于信访事项，请另行反映。")
    assert topic.status == TopicStatus.REJECTED and not topic.is_public
    assert not SearchEntry.objects.filter(kind="topic").exists()


def test_approve_with_edits_refuses_personal_data(county):
    topic = submit_topic(county.a)
    with pytest.raises(ValidationError) as exc:
        topic_approve(
            actor=county.reviewer_a,
            topic=topic,
            edits={"description": "联系人手机13957001234，请公开养护资金。"},
        )
    assert "description" in exc.value.message_dict
    topic.refresh_from_db()
    assert topic.status == TopicStatus.PENDING
    topic = topic_approve(
        actor=county.reviewer_a,
        topic=topic,
        edits={"title": "农村公路养护资金使用情况"},
    )
    assert topic.title == "农村公路养护资金使用情况"
    assert Event.objects.get(action="topic.approve").data == {"edited": ["title"]}


# --- answers --------------------------------------------------------------------------------


@pytest.fixture
def approved(county):
    return topic_approve(actor=county.reviewer_a, topic=submit_topic(county.a))


def test_who_may_answer(county, approved):
    for actor in (county.reviewer_a, county.officer_b, county.handler_a, county.office):
        with pytest.raises(PermissionDenied):
            topic_answer(actor=actor, topic=approved, kind=AnswerKind.CANNOT, text="理由。")
    topic_answer(
        actor=county.admin_a, topic=approved, kind=AnswerKind.CANNOT, text="涉及商业秘密。"
    )


def test_a_pending_topic_cannot_be_answered(county):
    topic = submit_topic(county.a)
    with pytest.raises(ValidationError):
        topic_answer(actor=county.officer_a, topic=topic, kind=AnswerKind.CANNOT, text="理由。")


def test_will_publish_needs_a_future_date(county, approved):
    today = D("2026-06-01")
    with pytest.raises(ValidationError) as exc:
        topic_answer(
            actor=county.officer_a, topic=approved, kind=AnswerKind.WILL_PUBLISH, today=today
        )
    assert "promised_by" in exc.value.message_dict
    with pytest.raises(ValidationError):
        topic_answer(
            actor=county.officer_a,
            topic=approved,
            kind=AnswerKind.WILL_PUBLISH,
            promised_by=D("2026-05-31"),
            today=today,
        )
    topic = topic_answer(
        actor=county.officer_a,
        topic=approved,
        kind=AnswerKind.WILL_PUBLISH,
        promised_by=D("2026-06-30"),
        today=today,
    )
    assert topic.status == TopicStatus.ANSWERED and topic.answered_on == today


def test_already_published_needs_a_link_to_a_published_item_or_a_url(county, approved):
    with pytest.raises(ValidationError) as exc:
        topic_answer(actor=county.officer_a, topic=approved, kind=AnswerKind.PUBLISHED)
    assert "url" in exc.value.message_dict
    with pytest.raises(ValidationError):
        topic_answer(
            actor=county.officer_a, topic=approved, kind=AnswerKind.PUBLISHED, url="ftp://x/y"
        )
    item = published_item(county.a, title="2026年农村公路养护资金安排")
    topic = topic_answer(
        actor=county.officer_a, topic=approved, kind=AnswerKind.PUBLISHED, item=item
    )
    assert topic.link == item.get_absolute_url()
    # Final: it cannot be changed any more.
    with pytest.raises(ValidationError):
        topic_answer(actor=county.officer_a, topic=topic, kind=AnswerKind.CANNOT, text="改。")


def test_a_draft_item_is_not_a_link(county, approved):
    from gongkai.catalog.models import Category
    from gongkai.catalog.services import catalog_create_from_template
    from gongkai.catalog.services.items import item_create

    catalog_create_from_template(actor=None, agency=county.a)
    draft = item_create(
        actor=county.officer_a,
        agency=county.a,
        category=Category.objects.get(agency=county.a, code="policy.normative"),
        title="草稿",
        body_html="<p>草稿。</p>",
    )
    with pytest.raises(ValidationError) as exc:
        topic_answer(actor=county.officer_a, topic=approved, kind=AnswerKind.PUBLISHED, item=draft)
    assert "item" in exc.value.message_dict


def test_cannot_needs_the_reason(county, approved):
    with pytest.raises(ValidationError) as exc:
        topic_answer(actor=county.officer_a, topic=approved, kind=AnswerKind.CANNOT, text="")
    assert "text" in exc.value.message_dict
    topic = topic_answer(
        actor=county.officer_a, topic=approved, kind=AnswerKind.CANNOT, text="属于内部管理信息。"
    )
    # "Cannot" may later become "will publish" (circumstances change).
    topic_answer(
        actor=county.officer_a,
        topic=topic,
        kind=AnswerKind.WILL_PUBLISH,
        promised_by=timezone.localdate() + dt.timedelta(days=30),
    )


def test_the_database_holds_the_answer_rules(county, approved):
    from django.db import IntegrityError, transaction

    for values in (
        {"answer_kind": AnswerKind.WILL_PUBLISH, "promised_by": None},
        {"answer_kind": AnswerKind.PUBLISHED, "url": "", "item": None},
        {"answer_kind": AnswerKind.CANNOT, "answer_text": ""},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            TopicRequest.objects.filter(pk=approved.pk).update(
                status=TopicStatus.ANSWERED, answered_on=D("2026-06-01"), **values
            )


# --- the overdue flag -----------------------------------------------------------------------


def test_promised_but_late_is_flagged_once(
    county, approved, mail_outbox, django_capture_on_commit_callbacks
):
    topic_answer(
        actor=county.officer_a,
        topic=approved,
        kind=AnswerKind.WILL_PUBLISH,
        promised_by=D("2026-06-30"),
        today=D("2026-06-01"),
    )
    at = lambda day: timezone.make_aware(dt.datetime.combine(D(day), dt.time(6)))  # noqa: E731
    with django_capture_on_commit_callbacks(execute=True):
        assert flag_overdue(at("2026-06-30")).startswith("0 ")
        assert flag_overdue(at("2026-07-01")).startswith("1 ")
        assert flag_overdue(at("2026-07-02")).startswith("0 ")
    approved.refresh_from_db()
    assert approved.overdue_flagged_on == D("2026-07-01")
    assert approved.promise_overdue(D("2026-07-01"))
    assert sorted(mail_outbox[0].to) == ["admin.a@example.com", "officer.a@example.com"]
    # Publishing with the link clears the flag.
    topic_answer(
        actor=county.officer_a,
        topic=approved,
        kind=AnswerKind.PUBLISHED,
        url="https://www.example.cn/xxgk/1.html",
    )
    approved.refresh_from_db()
    assert approved.overdue_flagged_on is None and not approved.promise_overdue(D("2026-07-02"))


# --- supports -------------------------------------------------------------------------------


def test_support_counts_once_per_browser_and_only_on_open_topics(county, approved):
    assert topic_support(topic=approved, token="browser-one") is True
    assert topic_support(topic=approved, token="browser-one") is False
    assert topic_support(topic=approved, token="browser-two") is True
    approved.refresh_from_db()
    assert approved.support_count == 2 == TopicSupport.objects.count()
    assert "browser-one" not in TopicSupport.objects.values_list("token_hash", flat=True)
    pending = submit_topic(county.a)
    with pytest.raises(ValidationError):
        topic_support(topic=pending, token="browser-one")
    topic_answer(actor=county.officer_a, topic=approved, kind=AnswerKind.CANNOT, text="不予公开。")
    approved.refresh_from_db()
    with pytest.raises(ValidationError):
        topic_support(topic=approved, token="browser-three")
