"""The write path of commitments, windows, staff cards and rating intake: its rules, its
permission checks and its audit events."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gongkai.audit.models import Event
from gongkai.servicehall.models import Commitment, CommitmentKind, Rating, RatingLevel
from gongkai.servicehall.services import (
    commitment_create,
    commitment_delete,
    commitment_update,
    rating_submit,
    window_create,
    window_staff_create,
    window_staff_update,
    window_update,
)
from gongkai.services.services import matter_withdraw

from .conftest import at, photo_upload, published_matter, rate

pytestmark = pytest.mark.django_db


def card(county, window, **overrides):
    fields = {
        "name": "林晓明",
        "post": "综合受理员",
        "duties": "负责社会保险业务的咨询、受理和材料一次性告知。",
        "supervision_phone": "0570-12345678",
        "staff_number": "A031",
    }
    fields.update(overrides)
    return window_staff_create(actor=county.admin_a, agency=county.a, window=window, **fields)


# --- Commitments ----------------------------------------------------------------------------


def test_a_standard_commitment_takes_its_kind_s_name_and_links_matters(county, matter):
    c = commitment_create(
        actor=county.admin_a,
        agency=county.a,
        kind=CommitmentKind.TIME_LIMIT,
        text="承诺件在承诺时限内办结。",
        limit_note="各事项承诺时限见办事指南",
        matters=[matter],
    )
    assert c.title == "限时办结制"
    assert list(c.matters.all()) == [matter]
    event = Event.objects.get(action="commitment.create")
    assert event.data["matters"] == [matter.pk] and event.agency == county.a


def test_one_standard_commitment_of_each_kind_per_agency_but_many_own(county):
    commitment_create(
        actor=county.admin_a, agency=county.a, kind=CommitmentKind.FIRST_CONTACT, text="首问负责。"
    )
    with pytest.raises(ValidationError) as error:
        commitment_create(
            actor=county.admin_a,
            agency=county.a,
            kind=CommitmentKind.FIRST_CONTACT,
            text="再一次。",
        )
    assert "kind" in error.value.message_dict
    commitment_create(
        actor=county.admin_b, agency=county.b, kind=CommitmentKind.FIRST_CONTACT, text="首问负责。"
    )
    for title in ("延时服务", "预约服务"):
        commitment_create(
            actor=county.admin_a,
            agency=county.a,
            kind=CommitmentKind.OWN,
            title=title,
            text="内容。",
        )
    assert Commitment.objects.filter(agency=county.a).count() == 3


def test_an_own_commitment_needs_a_title_and_every_commitment_a_text(county):
    with pytest.raises(ValidationError) as error:
        commitment_create(actor=county.admin_a, agency=county.a, kind=CommitmentKind.OWN, text="")
    assert set(error.value.message_dict) == {"title", "text"}


def test_a_public_commitment_may_not_contain_an_id_number(county):
    with pytest.raises(ValidationError) as error:
        commitment_create(
            actor=county.admin_a,
            agency=county.a,
            kind=CommitmentKind.OWN,
            title="联系人",
            text="联系人身份证号11010519491231002X。",
        )
    assert "text" in error.value.message_dict
    assert not Commitment.objects.exists()


def test_commitments_link_only_the_agency_s_own_matters(county, matter_b):
    with pytest.raises(ValidationError):
        commitment_create(
            actor=county.admin_a,
            agency=county.a,
            kind=CommitmentKind.TIME_LIMIT,
            text="限时办结。",
            matters=[matter_b],
        )
    assert not Commitment.objects.exists()


@pytest.mark.parametrize("who", ["handler_a", "reviewer_a", "officer_a", "admin_b", "office"])
def test_only_the_agency_admin_keeps_commitments(county, who):
    with pytest.raises(PermissionDenied):
        commitment_create(
            actor=getattr(county, who),
            agency=county.a,
            kind=CommitmentKind.OWN,
            title="x",
            text="y",
        )


def test_update_records_the_changes_and_delete_what_it_said(county, matter):
    c = commitment_create(
        actor=county.admin_a,
        agency=county.a,
        kind=CommitmentKind.ONE_TIME_NOTICE,
        text="一次告知。",
    )
    commitment_update(
        actor=county.admin_a,
        commitment=c,
        text="一次性告知全部材料。",
        limit_value=1,
        matters=[matter],
    )
    event = Event.objects.get(action="commitment.update")
    assert event.data["text"] == ["一次告知。", "一次性告知全部材料。"]
    assert event.data["matters"] == [[], [matter.pk]]
    with pytest.raises(PermissionDenied):
        commitment_delete(actor=county.admin_b, commitment=c)
    commitment_delete(actor=county.admin_a, commitment=c)
    assert Event.objects.get(action="commitment.delete").data["text"] == "一次性告知全部材料。"
    assert not Commitment.objects.exists()


# --- Windows and cards ----------------------------------------------------------------------


def test_window_numbers_are_unique_per_agency(county, matter, window):
    with pytest.raises(ValidationError) as error:
        window_create(actor=county.admin_a, agency=county.a, number="3号窗口", name="另一个")
    assert "number" in error.value.message_dict
    window_create(actor=county.admin_b, agency=county.b, number="3号窗口", name="婚姻登记窗口")
    with pytest.raises(PermissionDenied):
        window_update(actor=county.handler_a, window=window, name="改名")
    window_update(actor=county.admin_a, window=window, name="社保窗口", matters=[])
    event = Event.objects.get(action="window.update")
    assert event.data["name"] == ["社会保障综合窗口", "社保窗口"]
    assert event.data["matters"] == [[matter.pk], []]


def test_a_card_needs_name_post_duties_and_a_supervision_phone(county, window):
    with pytest.raises(ValidationError) as error:
        card(county, window, name="", post="", duties="", supervision_phone="")
    assert {"name", "post", "duties", "supervision_phone"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        card(county, window, supervision_phone="请拨打热线")
    assert "supervision_phone" in error.value.message_dict


def test_a_card_belongs_to_a_window_of_its_own_agency(county, window):
    other = window_create(actor=county.admin_b, agency=county.b, number="1号窗口", name="民政窗口")
    with pytest.raises(ValidationError) as error:
        window_staff_create(
            actor=county.admin_a,
            agency=county.a,
            window=other,
            name="林晓明",
            post="受理员",
            duties="受理。",
            supervision_phone="0570-12345678",
        )
    assert "window" in error.value.message_dict


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (1200, 1600), "#336699")
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x8825] = {1: "N", 2: (30.0, 15.0, 0.0)}  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_a_photo_is_stored_small_and_without_its_metadata(county, window):
    upload = SimpleUploadedFile("portrait.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    c = card(county, window, photo=upload)
    with c.photo.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) <= 800 and stored.size[0] <= 600
        assert not stored.getexif()
    assert Event.objects.get(action="window_staff.create").data["photo"] is True


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_saved(county, window):
    fake = SimpleUploadedFile("portrait.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        card(county, window, photo=fake)
    assert "photo" in error.value.message_dict
    pdf_named_pdf = SimpleUploadedFile("portrait.pdf", b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(ValidationError):
        card(county, window, photo=pdf_named_pdf)
    assert not window.staff.exists()


def test_a_png_photo_is_accepted_and_can_be_replaced_or_removed(county, window):
    c = card(county, window, photo=photo_upload("p.png", fmt="PNG"))
    first = c.photo.name
    c = window_staff_update(
        actor=county.admin_a, card=c, photo=photo_upload("q.jpg", size=(300, 300))
    )
    assert c.photo.name != first
    c = window_staff_update(actor=county.admin_a, card=c, remove_photo=True, post="首席受理员")
    assert not c.photo
    event = Event.objects.filter(action="window_staff.update").latest("pk")
    assert event.data["photo"] == [True, False] and event.data["post"] == [
        "综合受理员",
        "首席受理员",
    ]


def test_only_the_agency_admin_keeps_cards(county, window):
    c = card(county, window)
    with pytest.raises(PermissionDenied):
        window_staff_update(actor=county.handler_a, card=c, post="x")
    with pytest.raises(PermissionDenied):
        window_staff_create(
            actor=county.admin_b,
            agency=county.a,
            window=window,
            name="x",
            post="y",
            duties="z",
            supervision_phone="0570-1",
        )


# --- Rating intake --------------------------------------------------------------------------


def test_a_rating_needs_a_public_matter_of_the_agency_and_a_level(county, matter, matter_b):
    with pytest.raises(ValidationError) as error:
        rating_submit(agency=county.a, matter=matter_b, data={"level": "loved_it"})
    assert set(error.value.message_dict) == {"matter", "level"}
    matter_withdraw(actor=county.reviewers[county.a.pk], matter=matter, reason="事项取消。")
    matter.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        rate(county.a, matter, RatingLevel.SATISFIED)
    assert "matter" in error.value.message_dict
    assert not Rating.objects.exists()


def test_a_rating_at_a_window_of_another_agency_is_refused(county, matter):
    other = window_create(actor=county.admin_b, agency=county.b, number="1号窗口", name="民政窗口")
    with pytest.raises(ValidationError) as error:
        rate(county.a, matter, RatingLevel.SATISFIED, window=other)
    assert "window" in error.value.message_dict


def test_contact_details_are_checked_and_normalised(county, matter):
    with pytest.raises(ValidationError) as error:
        rate(county.a, matter, RatingLevel.SATISFIED, contact_phone="12345", contact_email="nope")
    assert set(error.value.message_dict) == {"contact_phone", "contact_email"}
    rating = rate(
        county.a,
        matter,
        RatingLevel.SATISFIED,
        contact_phone="+86 139-1234-5678",
        contact_email="Rater@Example.com",
    )
    assert rating.contact_phone == "13912345678" and rating.contact_email == "rater@example.com"


def test_the_audit_event_of_a_rating_holds_no_personal_data(county, matter, window):
    rating = rate(
        county.a,
        matter,
        RatingLevel.VERY_DISSATISFIED,
        window=window,
        comment="等了两个小时",
        contact_phone="13912345678",
    )
    event = Event.objects.get(action="rating.submit")
    assert event.data == {
        "matter": matter.pk,
        "window": window.pk,
        "level": "very_dissatisfied",
        "contact_given": True,
    }
    assert rating.rated_on.isoformat() == "2026-03-02"


def test_a_long_comment_is_refused(county, matter):
    with pytest.raises(ValidationError) as error:
        rate(county.a, matter, RatingLevel.SATISFIED, comment="长" * 501)
    assert "comment" in error.value.message_dict


def test_a_matter_of_another_agency_cannot_be_rated_as_this_agency_s(county, matter):
    other = published_matter(county, county.b, "社会救助")
    with pytest.raises(ValidationError):
        rating_submit(
            agency=county.a, matter=other, data={"level": "satisfied"}, now=at("2026-03-02")
        )
