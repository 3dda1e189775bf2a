"""The life of a notice through its services: drafting with the period of its kind, review and
the privacy check, objections during the period, the result after it, closing — with the
permission of each step and its audit event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import Event
from gongkai.notices import services
from gongkai.notices.models import Channel, Counting, Kind, Notice, Status
from gongkai.workdays.services import calendar_year_set
from tests.notices.conftest import (
    D,
    at,
    create,
    notice_fields,
    object_online,
    publish,
    published,
    result,
)

pytestmark = pytest.mark.django_db


def events(action: str) -> list[Event]:
    return list(Event.objects.filter(action=action).order_by("pk"))


# --- the period ---------------------------------------------------------------------------


def test_the_last_day_is_computed_from_the_kind(county):
    n = create(county)
    assert (n.counting, n.period_days, n.ends_on) == (Counting.WORKING, 5, D("2026-10-12"))
    award = create(county, kind=Kind.AWARD, title="2026年度先进集体评选结果公示")
    assert (award.counting, award.period_days, award.ends_on) == (
        Counting.NATURAL,
        7,
        D("2026-10-06"),
    )


def test_the_setting_changes_a_kind_but_not_existing_notices(county, settings):
    before = create(county, kind=Kind.AWARD)
    settings.GONGKAI_NOTICE_PERIODS = {Kind.AWARD: (5, "working")}
    after = create(county, kind=Kind.AWARD)
    assert after.ends_on == D("2026-10-12") and after.counting == Counting.WORKING
    before.refresh_from_db()
    assert before.ends_on == D("2026-10-06") and before.counting == Counting.NATURAL


def test_a_period_may_be_longer_but_not_shorter_than_the_kind(county):
    with pytest.raises(ValidationError) as e:
        create(county, period_days=3)
    assert "5" in e.value.message_dict["period_days"][0]
    longer = create(county, period_days=7)
    assert longer.ends_on == D("2026-10-14")


def test_a_later_last_day_needs_a_reason_an_earlier_one_is_refused(county):
    with pytest.raises(ValidationError) as e:
        create(county, ends_on=D("2026-10-09"))
    assert "2026年10月12日" in e.value.message_dict["ends_on"][0]
    with pytest.raises(ValidationError) as e:
        create(county, ends_on=D("2026-10-16"))
    assert "2026年10月12日" in e.value.message_dict["end_reason"][0]
    n = create(county, ends_on=D("2026-10-16"), end_reason="部分干部职工国庆期间值班，延长公示期。")
    assert n.ends_on == D("2026-10-16")
    assert events("notice.end_changed")[0].data["reason"].startswith("部分干部")
    # Back to the computed day: the reason goes with it.
    n = services.notice_update(actor=county.officer_a, notice=n, ends_on=D("2026-10-12"))
    assert n.end_reason == ""


def test_changing_the_first_day_moves_the_computed_last_day(county):
    n = create(county)
    n = services.notice_update(actor=county.officer_a, notice=n, starts_on=D("2026-05-11"))
    assert n.ends_on == D("2026-05-15")
    assert events("notice.update")[0].data["changes"]["ends_on"] == ["2026-10-12", "2026-05-15"]


def test_working_days_into_a_year_without_its_calendar(county):
    with pytest.raises(ValidationError) as e:
        create(county, starts_on=D("2026-12-28"))
    assert "2027" in e.value.message_dict["starts_on"][0]
    # Once the State Council's arrangement is entered, the period runs into it.
    calendar_year_set(
        actor=county.sysadmin,
        year=2027,
        holidays={D("2027-01-01"): "元旦", D("2027-01-02"): "元旦", D("2027-01-03"): "元旦"},
        workdays={},
    )
    n = create(county, starts_on=D("2026-12-28"))
    assert n.ends_on == D("2027-01-04")  # 28–31 December, then Monday 4 January


def test_fields_that_must_be_given(county):
    with pytest.raises(ValidationError) as e:
        create(
            county,
            title="",
            body_html="<p> </p>",
            contact_department="",
            objection_phone="",
            objection_address="",
            accepts_online=False,
        )
    assert set(e.value.message_dict) == {
        "title",
        "body_html",
        "contact_department",
        "accepts_online",
    }
    assert Notice.objects.count() == 0


def test_the_body_is_sanitised(county):
    n = create(county, body_html='<p onclick="x()">公示内容</p><script>alert(1)</script>')
    assert "onclick" not in n.body_html and "script" not in n.body_html
    assert n.body_text == "公示内容"


# --- review and publication ---------------------------------------------------------------


def test_draft_submit_return_and_publish(county):
    n = create(county)
    services.notice_submit(actor=county.officer_a, notice=n, now=at("2026-09-29"))
    with pytest.raises(ValidationError):
        services.notice_update(actor=county.officer_a, notice=n, title="改")
    n = services.notice_return(actor=county.reviewer_a, notice=n, note="请补充拟任人选简历。")
    assert n.status == Status.DRAFT and n.review_note == "请补充拟任人选简历。"
    services.notice_update(actor=county.officer_a, notice=n, title="蓝湾县财政局干部任前公示")
    n = publish(county, n, now=at("2026-09-29"))
    assert n.status == Status.PUBLISHED and n.published_by == county.reviewer_a
    assert n.review_note == ""
    actions = [e.action for e in Event.objects.filter(object_id=str(n.pk)).order_by("pk")]
    assert actions == [
        "notice.create",
        "notice.submit",
        "notice.return",
        "notice.update",
        "notice.submit",
        "notice.publish",
    ]


def test_a_return_needs_a_note(county):
    n = create(county)
    services.notice_submit(actor=county.officer_a, notice=n)
    with pytest.raises(ValidationError) as e:
        services.notice_return(actor=county.reviewer_a, notice=n, note=" ")
    assert "note" in e.value.message_dict


def test_the_first_day_must_not_have_passed_at_publication(county):
    n = create(county)
    services.notice_submit(actor=county.officer_a, notice=n, now=at("2026-09-29"))
    with pytest.raises(ValidationError) as e:
        services.notice_publish(actor=county.reviewer_a, notice=n, now=at("2026-10-01"))
    assert "starts_on" in e.value.message_dict


def test_id_numbers_must_be_masked_whatever_is_confirmed(county):
    n = create(
        county,
        body_html="<p>王晓明，男，身份证号码330102199001011234，拟任县财政局副局长。</p>",
    )
    services.notice_submit(actor=county.officer_a, notice=n, now=at("2026-09-29"))
    with pytest.raises(ValidationError) as e:
        services.notice_publish(
            actor=county.reviewer_a, notice=n, confirm_findings=True, now=at("2026-09-29")
        )
    assert "330102********1234" in e.value.message_dict["body_html"][0]
    assert Notice.objects.get(pk=n.pk).status == Status.SUBMITTED
    # Masked, it goes through.
    services.notice_return(actor=county.reviewer_a, notice=n, note="身份证号码须隐去。")
    services.notice_update(
        actor=county.officer_a,
        notice=n,
        body_html="<p>王晓明，男，身份证号码330102********1234，拟任县财政局副局长。</p>",
    )
    assert publish(county, n, now=at("2026-09-29")).status == Status.PUBLISHED


def test_a_mobile_number_in_the_text_must_be_confirmed(county):
    n = create(county, body_html="<p>监督电话：13800001111。</p>")
    services.notice_submit(actor=county.officer_a, notice=n, now=at("2026-09-29"))
    with pytest.raises(ValidationError) as e:
        services.notice_publish(actor=county.reviewer_a, notice=n, now=at("2026-09-29"))
    assert e.value.code == "findings"
    n = services.notice_publish(
        actor=county.reviewer_a, notice=n, confirm_findings=True, now=at("2026-09-29")
    )
    assert events("notice.publish")[0].data["findings_confirmed"] == 1


# --- permissions --------------------------------------------------------------------------


def test_who_may_draft_and_publish(county):
    for actor in (county.reviewer_a, county.leader_a, county.handler_a, county.officer_b):
        with pytest.raises(PermissionDenied):
            create(county, actor=actor)
    admin_draft = create(county, actor=county.admin_a)
    services.notice_submit(actor=county.admin_a, notice=admin_draft)
    for actor in (county.officer_a, county.admin_a, county.reviewer_b, county.office):
        with pytest.raises(PermissionDenied):
            services.notice_publish(actor=actor, notice=admin_draft, now=at("2026-09-29"))
    assert Notice.objects.get(pk=admin_draft.pk).status == Status.SUBMITTED


def test_who_may_handle_objections_and_results(county):
    n = published(county)
    o = object_online(n)
    for actor in (
        county.officer_a,
        county.reviewer_a,
        county.handler_a,
        county.admin_b,
        county.office,
    ):
        with pytest.raises(PermissionDenied):
            services.objection_reveal(actor=actor, objection=o)
        with pytest.raises(PermissionDenied):
            services.objection_handle(
                actor=actor, objection=o, finding="not_upheld", reply_note="x"
            )
        with pytest.raises(PermissionDenied):
            result(county.__class__(**{**vars(county), "admin_a": actor}), n)
    services.objection_reveal(actor=county.leader_a, objection=o)
    assert events("notice.objection_viewed")[0].actor == county.leader_a


# --- objections ---------------------------------------------------------------------------


def test_the_public_objects_only_during_the_period(county):
    n = published(county)
    with pytest.raises(ValidationError):
        object_online(n, now=at("2026-09-29"))  # published ahead? no: before the first day
    o = object_online(n, now=at("2026-10-12", 23))  # the last day counts
    assert o.received_on == D("2026-10-12") and o.channel == Channel.ONLINE
    with pytest.raises(ValidationError) as e:
        object_online(n, now=at("2026-10-13", 0))
    assert "2026年10月12日" in e.value.messages[0]
    event = events("notice.objection_received")[0]
    assert event.actor is None and event.data == {
        "objection": o.pk,
        "channel": "online",
        "anonymous": False,
    }


def test_an_anonymous_objection_is_accepted(county):
    n = published(county)
    o = object_online(n, name="", phone="")
    assert o.is_anonymous and events("notice.objection_received")[0].data["anonymous"] is True


def test_no_online_objection_when_the_form_is_off(county):
    n = published(county, accepts_online=False)
    with pytest.raises(ValidationError):
        object_online(n)


def test_a_bad_objection_saves_nothing(county):
    n = published(county)
    with pytest.raises(ValidationError) as e:
        object_online(n, phone="123", text="")
    assert set(e.value.message_dict) == {"phone", "text"}
    assert n.objections.count() == 0


def test_staff_enter_objections_received_in_the_period(county):
    n = published(county)
    o = services.objection_register(
        actor=county.admin_a,
        notice=n,
        channel=Channel.LETTER,
        received_on=D("2026-10-12"),
        data={"name": "", "phone": "", "text": "来信反映有关情况。"},
        now=at("2026-10-14"),  # the letter of the last day entered two days later
    )
    assert o.registered_by == county.admin_a and o.channel == Channel.LETTER
    with pytest.raises(ValidationError) as e:
        services.objection_register(
            actor=county.admin_a,
            notice=n,
            channel=Channel.PHONE,
            received_on=D("2026-10-13"),
            data={"text": "电话反映。"},
            now=at("2026-10-14"),
        )
    assert "received_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.objection_register(
            actor=county.admin_a,
            notice=n,
            channel=Channel.ONLINE,
            received_on=D("2026-10-09"),
            data={"text": "x"},
            now=at("2026-10-14"),
        )
    assert "channel" in e.value.message_dict


def test_a_handled_objection_needs_a_finding_and_a_note(county):
    n = published(county)
    o = object_online(n)
    with pytest.raises(ValidationError) as e:
        services.objection_handle(actor=county.admin_a, objection=o, finding="", reply_note="")
    assert set(e.value.message_dict) == {"finding", "reply_note"}
    o = services.objection_handle(
        actor=county.admin_a,
        objection=o,
        finding="not_upheld",
        reply_note="经核实，反映问题不属实，已当面答复。",
        now=at("2026-10-10"),
    )
    assert o.is_handled and o.handled_by == county.admin_a


# --- result and closing -------------------------------------------------------------------


def test_no_result_during_the_period(county):
    n = published(county)
    with pytest.raises(ValidationError):
        result(county, n, now=at("2026-10-12", 18))
    n = result(county, n, now=at("2026-10-13"))
    assert (n.status, n.outcome, n.result_on) == (Status.RESULT, "no_objection", D("2026-10-13"))


def test_the_result_must_agree_with_the_objections(county):
    n = published(county)
    o = object_online(n)
    with pytest.raises(ValidationError) as e:
        result(county, n)  # "no objection" with one received
    assert "outcome" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        result(county, n, outcome="not_upheld", text="经核实，反映问题不属实。")
    assert (
        "handle them first" in e.value.message_dict["outcome"][0]
        or "核实" in e.value.message_dict["outcome"][0]
    )
    services.objection_handle(
        actor=county.admin_a, objection=o, finding="not_upheld", reply_note="已核实并答复。"
    )
    n = result(county, n, outcome="not_upheld", text="公示期间收到异议1件，经核实不影响任职。")
    assert n.status == Status.RESULT
    assert events("notice.result")[0].data["objections"] == 1


def test_a_result_is_corrected_with_a_reason_and_closing_freezes_it(county):
    n = result(county, published(county))
    with pytest.raises(ValidationError) as e:
        result(county, n, text="公示期满无异议，同意任职。")
    assert "correction_reason" in e.value.message_dict
    n = services.notice_record_result(
        actor=county.leader_a,
        notice=n,
        outcome="no_objection",
        text="公示期满无异议，同意任职。",
        correction_reason="补充任职意见。",
        now=at("2026-10-14"),
    )
    assert n.result_correction == "补充任职意见。" and n.result_on == D("2026-10-13")
    assert events("notice.result_corrected")[0].data["before"]["text"] == "公示期满，未收到异议。"
    n = services.notice_close(actor=county.admin_a, notice=n)
    assert n.status == Status.CLOSED
    with pytest.raises(ValidationError):
        result(county, n, text="再改", now=at("2026-10-20"))


def test_objections_are_entered_only_until_the_result(county):
    n = result(county, published(county))
    with pytest.raises(ValidationError):
        services.objection_register(
            actor=county.admin_a,
            notice=n,
            channel=Channel.LETTER,
            received_on=D("2026-10-12"),
            data={"text": "迟到的来信。"},
            now=at("2026-10-15"),
        )


def test_a_result_text_with_an_id_number_is_refused(county):
    n = published(county)
    with pytest.raises(ValidationError) as e:
        result(county, n, text="王晓明（330102199001011234）公示期满无异议。")
    assert "text" in e.value.message_dict
    assert Notice.objects.get(pk=n.pk).status == Status.PUBLISHED


def test_closing_needs_every_objection_handled(county):
    n = published(county)
    o = object_online(n)
    services.objection_handle(
        actor=county.admin_a, objection=o, finding="upheld", reply_note="属实。"
    )
    n = result(county, n, outcome="upheld", text="经核实反映问题属实，暂缓任职。")
    # A later correction of the finding is still possible before closing…
    services.objection_handle(
        actor=county.admin_a, objection=o, finding="partly_upheld", reply_note="部分属实。"
    )
    services.notice_close(actor=county.admin_a, notice=n)
    # …not after.
    with pytest.raises(ValidationError):
        services.objection_handle(
            actor=county.admin_a, objection=o, finding="upheld", reply_note="属实。"
        )


def test_fields_of_a_notice_keep_what_was_typed(county):
    fields = notice_fields()
    n = create(county)
    assert n.contact_department == fields["contact_department"]
    assert n.objection_phone == fields["objection_phone"]
    assert n.starts_on + dt.timedelta(days=12) == n.ends_on
