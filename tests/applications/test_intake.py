"""Intake (Art. 29, Art. 31): online submission, confirmation, offline registration per
channel, validation, numbers and query codes, the acknowledgment e-mail."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.credit_code import generate_credit_code
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    Channel,
    DeliveryWanted,
    FormWanted,
    IdType,
    Status,
    Step,
)
from gongkai.applications.services import intake
from gongkai.applications.services.intake import (
    QUERY_CODE_ALPHABET,
    application_by_number_and_code,
    application_confirm_receipt,
    application_register,
    application_submit_online,
    clean_application_data,
    hash_query_code,
)
from gongkai.audit.models import Event

D = dt.date.fromisoformat
VALID_ID = "11010519491231002X"  # GB 11643's own example


def at(value: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(value))


def person(**overrides) -> dict:
    data = {
        "applicant_kind": ApplicantKind.NATURAL_PERSON,
        "applicant_name": "李四",
        "id_type": IdType.RESIDENT_ID,
        "id_number": VALID_ID,
        "phone": "13912345678",
        "email": "lisi@example.com",
        "address": "测试县人民路8号",
        "postcode": "339900",
        "info_title": "2025年本局“三公”经费决算",
        "info_doc_number": "",
        "info_description": "按项目列明的决算表",
        "form_wanted": FormWanted.EMAIL,
        "delivery_wanted": DeliveryWanted.EMAIL,
    }
    data.update(overrides)
    return data


def submit(agency, now: str | dt.datetime = "2026-09-14 10:00", **overrides):
    when = at(now) if isinstance(now, str) else now
    return application_submit_online(agency=agency, data=person(**overrides), now=when)


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- Online submission and confirmation (Art. 31(3)) -----------------------------------------


def test_online_application_waits_for_confirmation(agency):
    application, code = submit(agency)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.channel == Channel.ONLINE
    assert application.received_on is None and application.due_date is None
    assert application.number == "2026-000001"
    step = application.steps.get()
    assert step.public and step.actor is None
    assert step.text == _("Application submitted; waiting for the agency to confirm receipt.")
    event = Event.objects.get(action="application.submit")
    assert event.actor is None and event.agency == agency
    assert "李四" not in str(event.data) and VALID_ID not in str(event.data)


def test_confirmation_day_is_the_receipt_date_and_starts_the_clock(agency, handler):
    application, _code = submit(agency, now="2026-09-14 22:30")
    confirmed = application_confirm_receipt(
        actor=handler, application=application, received_on=D("2026-09-15"), today=D("2026-09-16")
    )
    confirmed.refresh_from_db()
    assert confirmed.status == Status.REGISTERED
    assert confirmed.received_on == D("2026-09-15")
    assert confirmed.received_confirmed_by == handler
    # 20 working days after Tue 15 Sep 2026: Mid-autumn (25 Sep) and National Day (1–7 Oct)
    # are not counted, the make-up days 20 Sep and 10 Oct are.
    assert confirmed.due_date == D("2026-10-19")
    step = confirmed.steps.filter(kind="received").get()
    assert step.public
    assert "2026年9月15日" in step.text and "2026年10月19日" in step.text
    assert Event.objects.filter(action="application.confirm_receipt", actor=handler).exists()


def test_confirmation_defaults_to_today(agency, handler):
    application, _code = submit(agency, now=timezone.now())
    confirmed = application_confirm_receipt(actor=handler, application=application)
    assert confirmed.received_on == timezone.localdate()


def test_confirmation_date_cannot_precede_submission_or_lie_ahead(agency, handler):
    application, _code = submit(agency, now="2026-09-14 10:00")
    with pytest.raises(ValidationError) as before:
        application_confirm_receipt(
            actor=handler,
            application=application,
            received_on=D("2026-09-13"),
            today=D("2026-09-15"),
        )
    assert "received_on" in errors_of(before)
    with pytest.raises(ValidationError) as future:
        application_confirm_receipt(
            actor=handler,
            application=application,
            received_on=D("2026-09-16"),
            today=D("2026-09-15"),
        )
    assert errors_of(future)["received_on"] == [_("The date received cannot be in the future.")]
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.received_on is None


def test_only_staff_of_the_agency_may_confirm(county):
    application, _code = submit(county.a)
    for outsider in (county.handler_b, county.officer_a, county.leader_a):
        with pytest.raises(PermissionDenied):
            application_confirm_receipt(actor=outsider, application=application)
    # The county's 公开办 supervises but does not register (no application.register).
    with pytest.raises(PermissionDenied):
        application_confirm_receipt(actor=county.office, application=application)


def test_confirming_twice_is_refused(agency, handler):
    application, _code = submit(agency, now="2026-09-14 10:00")
    application_confirm_receipt(
        actor=handler, application=application, received_on=D("2026-09-15"), today=D("2026-09-15")
    )
    with pytest.raises(ValidationError):
        application_confirm_receipt(
            actor=handler,
            application=application,
            received_on=D("2026-09-16"),
            today=D("2026-09-16"),
        )


# --- Offline registration, per channel (Art. 31(1), (2), (3)) --------------------------------


def register(handler, agency, channel, received_on, now, **kwargs):
    return application_register(
        actor=handler,
        agency=agency,
        data=person(),
        channel=channel,
        received_on=D(received_on) if received_on else None,
        now=at(now),
        **kwargs,
    )


def test_in_person_counts_from_the_day_handed_in(agency, handler):
    application, code = register(
        handler, agency, Channel.IN_PERSON, "2026-09-15", "2026-09-15 09:30"
    )
    application.refresh_from_db()
    assert application.status == Status.REGISTERED
    assert application.received_on == D("2026-09-15")
    assert application.due_date == D("2026-10-19")
    assert application.received_confirmed_by == handler
    assert application.submitted_at == at("2026-09-15 09:30")
    assert application_by_number_and_code(application.number, code) == application
    assert application.steps.get(kind="received").public


def test_registered_post_counts_from_the_day_signed_for(agency, handler):
    application, _code = register(
        handler,
        agency,
        Channel.POST,
        "2026-09-15",
        "2026-09-17 11:00",
        receipt_note="EMS 1234567890 签收",
    )
    assert application.received_on == D("2026-09-15")
    assert application.due_date == D("2026-10-19")
    assert application.receipt_note == "EMS 1234567890 签收"
    # Without a note the signed-for date is recorded in words.
    other, _code = register(handler, agency, Channel.POST, "2026-09-15", "2026-09-17 11:00")
    assert "2026年9月15日" in other.receipt_note


def test_ordinary_mail_counts_from_the_confirmation_day_which_is_the_day_it_arrives(
    agency, handler
):
    with pytest.raises(ValidationError) as late:
        register(handler, agency, Channel.ORDINARY_MAIL, "2026-09-14", "2026-09-15 10:00")
    assert "received_on" in errors_of(late)
    application, _code = register(
        handler, agency, Channel.ORDINARY_MAIL, "2026-09-15", "2026-09-15 16:00"
    )
    assert application.received_on == D("2026-09-15")
    assert application.due_date == D("2026-10-19")
    assert "2026年9月15日" in application.receipt_note


@pytest.mark.parametrize("channel", [Channel.FAX, Channel.EMAIL])
def test_fax_and_email_count_from_the_day_both_sides_confirm(agency, handler, channel):
    application, _code = register(handler, agency, channel, "2026-09-15", "2026-09-16 09:00")
    assert application.status == Status.REGISTERED
    assert application.received_on == D("2026-09-15")
    assert application.due_date == D("2026-10-19")


def test_oral_application_is_written_down_by_the_office(agency, handler):
    application, _code = register(handler, agency, Channel.ORAL, "2026-09-15", "2026-09-15 15:00")
    assert application.channel == Channel.ORAL
    assert application.received_on == D("2026-09-15")


@pytest.mark.parametrize(
    "channel",
    [
        Channel.IN_PERSON,
        Channel.POST,
        Channel.ORDINARY_MAIL,
        Channel.FAX,
        Channel.EMAIL,
        Channel.ORAL,
    ],
)
def test_no_channel_accepts_a_future_receipt_date(agency, handler, channel):
    with pytest.raises(ValidationError) as excinfo:
        register(handler, agency, channel, "2026-09-16", "2026-09-15 10:00")
    assert errors_of(excinfo)["received_on"] == [_("The date received cannot be in the future.")]
    assert not Application.objects.exists()


def test_registration_needs_a_date_and_an_offline_channel(agency, handler):
    with pytest.raises(ValidationError) as no_date:
        register(handler, agency, Channel.IN_PERSON, None, "2026-09-15 10:00")
    assert "received_on" in errors_of(no_date)
    with pytest.raises(ValidationError) as online:
        register(handler, agency, Channel.ONLINE, "2026-09-15", "2026-09-15 10:00")
    assert "channel" in errors_of(online)


def test_registration_needs_the_register_permission_for_that_agency(county):
    with pytest.raises(PermissionDenied):
        register(county.handler_b, county.a, Channel.IN_PERSON, "2026-09-15", "2026-09-15 10:00")
    with pytest.raises(PermissionDenied):
        register(county.leader_a, county.a, Channel.IN_PERSON, "2026-09-15", "2026-09-15 10:00")


# --- Validation (Art. 29 contents) -----------------------------------------------------------


def test_valid_application_is_normalised():
    cleaned = clean_application_data(
        person(id_number="11010519491231002x", phone="+86 139 1234 5678", email="LiSi@Example.com")
    )
    assert cleaned["id_number"] == VALID_ID
    assert cleaned["phone"] == "13912345678"
    assert cleaned["email"] == "lisi@example.com"


def test_wrong_check_digit_of_a_resident_id_is_named():
    with pytest.raises(ValidationError) as excinfo:
        clean_application_data(person(id_number="110105194912310021"))
    message = errors_of(excinfo)["id_number"][0]
    assert message == _(
        "The check digit (the last character) of this resident identity card number does "
        "not match the other digits. Please check the number for typing errors."
    )


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("1101051949123100", "16"),  # wrong length: the count is given
        ("99010519491231002X", "99"),  # no such province
        ("110105194913310024", "19491331"),  # 31st of the 13th month
    ],
)
def test_other_resident_id_problems_are_named(number, fragment):
    with pytest.raises(ValidationError) as excinfo:
        clean_application_data(person(id_number=number))
    assert fragment in errors_of(excinfo)["id_number"][0]


def test_organisations_give_a_valid_unified_social_credit_code():
    good = generate_credit_code(division="339901", serial=12345678, kind="3")
    data = person(
        applicant_kind=ApplicantKind.COMMERCIAL,
        applicant_name="测试县某某有限公司",
        contact_person="王五",
        id_type=IdType.RESIDENT_ID,  # overridden: organisations prove identity with the code
        id_number=good.lower(),
    )
    cleaned = clean_application_data(data)
    assert cleaned["id_type"] == IdType.CREDIT_CODE and cleaned["id_number"] == good
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError) as excinfo:
        clean_application_data({**data, "id_number": bad})
    message = errors_of(excinfo)["id_number"][0]
    assert good[17] in message  # the message names the expected check character
    with pytest.raises(ValidationError) as no_contact:
        clean_application_data({**data, "contact_person": ""})
    assert "contact_person" in errors_of(no_contact)


def test_natural_person_cannot_use_a_credit_code():
    with pytest.raises(ValidationError) as excinfo:
        clean_application_data(person(id_type=IdType.CREDIT_CODE))
    assert "id_type" in errors_of(excinfo)


def test_delivery_by_post_needs_an_address():
    with pytest.raises(ValidationError) as excinfo:
        clean_application_data(
            person(address="", form_wanted=FormWanted.PAPER, delivery_wanted=DeliveryWanted.POST)
        )
    assert errors_of(excinfo)["address"] == [
        _("You asked for delivery by post: enter your postal address.")
    ]


def test_delivery_by_email_needs_an_email_address():
    with pytest.raises(ValidationError) as excinfo:
        clean_application_data(person(email=""))
    assert errors_of(excinfo)["email"] == [
        _("You asked for the information by e-mail: enter your e-mail address.")
    ]


def test_some_contact_is_required_and_mobiles_are_checked():
    with pytest.raises(ValidationError) as none:
        clean_application_data(
            person(
                phone="",
                email="",
                address="",
                form_wanted=FormWanted.PAPER,
                delivery_wanted=DeliveryWanted.COLLECT,
            )
        )
    assert "phone" in errors_of(none)
    with pytest.raises(ValidationError) as bad_mobile:
        clean_application_data(person(phone="1391234567"))
    assert "phone" in errors_of(bad_mobile)
    assert clean_application_data(person(phone="0579-80001234"))["phone"] == "0579-80001234"


def test_title_of_the_information_is_required():
    with pytest.raises(ValidationError) as excinfo:
        clean_application_data(person(info_title="  "))
    assert "info_title" in errors_of(excinfo)


# --- Numbers and query codes -----------------------------------------------------------------


def test_numbers_are_gap_free_per_year_even_after_a_failed_submission(agency, monkeypatch):
    first, _c = submit(agency)
    real = intake.record_event

    def failing(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(intake, "record_event", failing)
    with pytest.raises(RuntimeError):
        submit(agency)
    monkeypatch.setattr(intake, "record_event", real)
    second, _c = submit(agency)
    third, _c = submit(agency, now="2026-12-31 23:59")
    next_year, _c = submit(agency, now="2027-01-01 00:01")
    assert [first.number, second.number, third.number] == [
        "2026-000001",
        "2026-000002",
        "2026-000003",
    ]
    assert next_year.number == "2027-000001"
    assert Application.objects.count() == 4


def test_query_code_is_stored_only_as_a_keyed_hash(agency):
    application, code = submit(agency)
    assert len(code) == 8 and set(code) <= set(QUERY_CODE_ALPHABET)
    row = Application.objects.filter(pk=application.pk).values().get()
    assert not any(code in str(value) for value in row.values())
    assert not Step.objects.filter(text__contains=code).exists()
    assert not Event.objects.filter(data__icontains=code).exists()
    assert row["query_code_hash"] == hash_query_code(application.number, code)
    assert len(row["query_code_hash"]) == 64


def test_lookup_by_number_and_code(agency):
    a, code_a = submit(agency)
    b, code_b = submit(agency)
    assert application_by_number_and_code(a.number, code_a) == a
    # Typed loosely: lower case, a hyphen, spaces.
    assert (
        application_by_number_and_code(f" {a.number} ", f"{code_a[:4].lower()}-{code_a[4:]}") == a
    )
    assert application_by_number_and_code(a.number, code_b) is None  # another's code
    assert application_by_number_and_code(a.number, "") is None
    assert application_by_number_and_code("2026-999999", code_a) is None
    assert application_by_number_and_code("", code_a) is None


# --- The acknowledgment e-mail ---------------------------------------------------------------


def test_acknowledgment_email_after_commit(agency, mail_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        application, code = submit(agency)
    assert len(callbacks) == 1
    assert len(mail_outbox) == 1
    message = mail_outbox[0]
    assert message.to == ["lisi@example.com"]
    assert application.number in message.subject
    assert application.number in message.body and code in message.body


def test_no_email_when_the_submission_fails(
    agency, mail_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        submit(agency, id_number="110105194912310021")
    assert mail_outbox == []


def test_confirmation_email_gives_the_dates(
    agency, handler, mail_outbox, django_capture_on_commit_callbacks
):
    application, _code = submit(agency, now="2026-09-14 10:00")
    with django_capture_on_commit_callbacks(execute=True):
        application_confirm_receipt(
            actor=handler,
            application=application,
            received_on=D("2026-09-15"),
            today=D("2026-09-15"),
        )
    assert "2026年10月19日" in mail_outbox[-1].body


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_acknowledgment_reaches_a_real_smtp_server(
    agency, settings, django_capture_on_commit_callbacks
):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    received: list[bytes] = []

    class Collect(Sink):
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope.content)
            return "250 OK"

    port = _free_port()
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        with django_capture_on_commit_callbacks(execute=True):
            application, code = submit(agency)
        deadline = time.monotonic() + 5
        while not received and time.monotonic() < deadline:
            threading.Event().wait(0.05)
    finally:
        controller.stop()
    assert len(received) == 1
    import email
    from email import policy

    message = email.message_from_bytes(received[0], policy=policy.default)
    assert message["To"] == "lisi@example.com"
    body = message.get_body().get_content()
    assert application.number in body and code in body
