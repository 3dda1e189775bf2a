"""A sensitive word that occurs twice in the same place is one finding, not a crash."""

import pytest

from gongkai.accounts.models import Role
from gongkai.catalog.models import Category
from gongkai.catalog.services import catalog_create_from_template
from gongkai.catalog.services.items import item_create, item_submit
from tests.factories import AgencyFactory, staff

pytestmark = pytest.mark.django_db


def test_the_same_word_twice_in_the_text_is_one_finding():
    agency = AgencyFactory()
    catalog_create_from_template(actor=None, agency=agency)
    officer = staff(Role.OFFICER, agency)
    item = item_create(
        actor=officer,
        agency=agency,
        category=Category.objects.get(agency=agency, code="news.work"),
        title="通知",
        body_html="<p>本文件属于内部资料。附件也是内部资料。</p>",
    )
    item = item_submit(actor=officer, item=item)
    findings = list(item.findings.values_list("location", "masked"))
    assert findings == [("body", "内部资料")]
