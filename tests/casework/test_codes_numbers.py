"""Query codes, case numbers as typed, the tracking lookup and gap-free serials."""

from __future__ import annotations

import pytest
from django.db import transaction

from gongkai.applications.models import Application, ApplicationSequence
from gongkai.casework.codes import (
    QUERY_CODE_ALPHABET,
    QUERY_CODE_LENGTH,
    find_by_number_and_code,
    hash_query_code,
    new_query_code,
    normalize_number,
    normalize_query_code,
)
from gongkai.casework.numbers import allocate_serial
from gongkai.catalog.models import IndexSequence
from tests.applications.conftest import registered_application
from tests.factories import AgencyFactory

SALT = "gongkai.applications.query_code"


def test_new_query_codes_use_the_alphabet_without_look_alikes():
    codes = {new_query_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == QUERY_CODE_LENGTH == 8
        assert set(code) <= set(QUERY_CODE_ALPHABET)
    assert not set("01OIL") & set(QUERY_CODE_ALPHABET)


def test_normalisation_of_what_people_type():
    assert normalize_query_code(" ab cd-efgh ") == "ABCDEFGH"
    assert normalize_query_code("ＡＢＣＤ－２３４５") == "ABCD2345"  # full-width
    assert normalize_query_code(None) == ""
    assert normalize_number(" 2026 -000123\t") == "2026-000123"
    assert normalize_number("ｍ２０２６－０００１") == "M2026-0001"
    assert normalize_number("") == ""


def test_hash_is_a_keyed_hmac_per_salt_number_and_code(settings):
    h = hash_query_code("2026-000001", "ABCD2345", salt=SALT)
    assert len(h) == 64 and int(h, 16) >= 0
    assert hash_query_code("2026-000001", "abcd-2345", salt=SALT) == h  # typed loosely
    assert hash_query_code("2026-000002", "ABCD2345", salt=SALT) != h  # another case
    assert hash_query_code("2026-000001", "ABCD2346", salt=SALT) != h
    assert hash_query_code("2026-000001", "ABCD2345", salt="gongkai.interaction") != h
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert hash_query_code("2026-000001", "ABCD2345", salt=SALT) != h


def test_applications_hashes_are_unchanged():
    from gongkai.applications.services.intake import hash_query_code as applications_hash

    assert applications_hash("2026-000001", "ABCD2345") == hash_query_code(
        "2026-000001", "ABCD2345", salt=SALT
    )


@pytest.fixture
def case(db):
    return registered_application(AgencyFactory(), number="2026-000777", query_code="HJKM2345")


def test_find_by_number_and_code(case):
    qs = Application.objects.all()
    assert find_by_number_and_code(qs, "2026-000777", "HJKM2345", salt=SALT) == case
    assert find_by_number_and_code(qs, " 2026-000777 ", "hjkm-2345", salt=SALT) == case
    assert find_by_number_and_code(qs, "2026-000777", "HJKM2346", salt=SALT) is None
    assert find_by_number_and_code(qs, "2026-000778", "HJKM2345", salt=SALT) is None
    assert find_by_number_and_code(qs, "", "HJKM2345", salt=SALT) is None
    assert find_by_number_and_code(qs, "2026-000777", "HJKM2345", salt="other") is None
    # The queryset says which rows qualify.
    assert (
        find_by_number_and_code(qs.exclude(pk=case.pk), "2026-000777", "HJKM2345", salt=SALT)
        is None
    )


def test_find_does_the_same_work_for_an_unknown_number(case, django_assert_num_queries):
    qs = Application.objects.all()
    with django_assert_num_queries(1):
        assert find_by_number_and_code(qs, "2026-999999", "HJKM2345", salt=SALT) is None
    with django_assert_num_queries(1):
        assert find_by_number_and_code(qs, "2026-000777", "WRONG234", salt=SALT) is None


@pytest.mark.django_db
def test_serials_are_gap_free_per_key_and_a_rollback_gives_its_serial_back():
    with transaction.atomic():
        assert [allocate_serial(ApplicationSequence, year=2026) for _ in range(3)] == [1, 2, 3]
    with pytest.raises(RuntimeError, match="failed"), transaction.atomic():
        assert allocate_serial(ApplicationSequence, year=2026) == 4
        raise RuntimeError("creation failed after the serial was taken")
    with transaction.atomic():
        assert allocate_serial(ApplicationSequence, year=2026) == 4
        assert allocate_serial(ApplicationSequence, year=2027) == 1


@pytest.mark.django_db
def test_serials_with_a_key_of_two_fields():
    a, b = AgencyFactory(), AgencyFactory()
    with transaction.atomic():
        assert allocate_serial(IndexSequence, agency=a, year=2026) == 1
        assert allocate_serial(IndexSequence, agency=a, year=2026) == 2
        assert allocate_serial(IndexSequence, agency=b, year=2026) == 1
        assert allocate_serial(IndexSequence, agency=a, year=2025) == 1
    assert IndexSequence.objects.get(agency=a, year=2026).last_serial == 2


@pytest.mark.django_db(transaction=True)
def test_a_serial_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the creating transaction"):
        allocate_serial(ApplicationSequence, year=2026)
    assert not ApplicationSequence.objects.exists()
