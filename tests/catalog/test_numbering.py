"""索引号: unique and gap-free per agency and year, also when reviewers publish at once."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection, transaction

from gongkai.accounts.models import Role
from gongkai.catalog.models import Category, Item, ItemStatus
from gongkai.catalog.services import allocate_index_number, catalog_create_from_template
from gongkai.catalog.services.items import item_approve, item_create, item_submit
from tests.factories import AgencyFactory, published_item, staff


@pytest.mark.django_db
def test_serials_count_up_per_agency_and_year_in_the_standard_form():
    a = AgencyFactory()
    b = AgencyFactory()
    first = published_item(a, title="第一条")
    second = published_item(a, title="第二条")
    other = published_item(b, title="另一机关")
    year = first.published_date.year
    assert first.index_number == f"{a.credit_code}/{year}-00001"
    assert second.index_number == f"{a.credit_code}/{year}-00002"
    assert other.index_number == f"{b.credit_code}/{year}-00001"
    assert re.fullmatch(r"[0-9A-Z]{18}/\d{4}-\d{5}", first.index_number)


@pytest.mark.django_db
def test_a_rolled_back_publication_gives_its_number_back():
    agency = AgencyFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        allocate_index_number(agency, 2026)
        raise RuntimeError("publication failed after the number was taken")
    with transaction.atomic():
        assert allocate_index_number(agency, 2026) == (1, f"{agency.credit_code}/2026-00001")
        assert allocate_index_number(agency, 2026)[0] == 2
        assert allocate_index_number(agency, 2025)[0] == 1


@pytest.mark.django_db(transaction=True)
def test_allocation_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        allocate_index_number(AgencyFactory(), 2026)


@pytest.mark.django_db(transaction=True)
def test_concurrent_publication_is_unique_and_gap_free():
    agency = AgencyFactory()
    catalog_create_from_template(actor=None, agency=agency)
    category = Category.objects.get(agency=agency, code="news.work")
    officer = staff(Role.OFFICER, agency)
    reviewers = [staff(Role.REVIEWER, agency) for _ in range(6)]
    per_thread = 5
    batches: list[list[Item]] = []
    for r in range(len(reviewers)):
        batch = []
        for i in range(per_thread):
            item = item_create(
                actor=officer,
                agency=agency,
                category=category,
                title=f"并发发布{r}-{i}",
                body_html="<p>内容</p>",
            )
            batch.append(item_submit(actor=officer, item=item))
        batches.append(batch)

    barrier = threading.Barrier(len(reviewers))
    errors: list[BaseException] = []

    def publish(reviewer, batch):
        try:
            barrier.wait()
            for item in batch:
                item_approve(actor=reviewer, item=item)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=publish, args=(r, b))
        for r, b in zip(reviewers, batches, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    published = Item.objects.filter(agency=agency, status=ItemStatus.PUBLISHED)
    serials = sorted(published.values_list("index_serial", flat=True))
    total = len(reviewers) * per_thread
    assert serials == list(range(1, total + 1))
    numbers = set(published.values_list("index_number", flat=True))
    assert len(numbers) == total
