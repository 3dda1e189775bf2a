"""Notice-board posters (公开栏): the PDF shows what a board needs, A3 is larger than A4, long
texts continue or are cut, a set has its contents page, and only public items can be
printed, whatever URL is tried."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind
from gongkai.catalog.models import Category, DisclosureAttribute
from gongkai.catalog.noticeboard import SIZES, Poster, poster_html, render_pdf
from gongkai.catalog.services import catalog_create_from_template
from gongkai.catalog.services.items import (
    item_approve,
    item_attach,
    item_create,
    item_submit,
    item_withdraw,
)
from gongkai.core.dates import format_cn_date
from tests.catalog.test_files import make_pdf
from tests.factories import AgencyFactory, staff

pytestmark = pytest.mark.django_db

PARAGRAPH = (
    "为进一步做好冬季安全生产工作，切实防范和遏制各类事故发生，保障人民群众生命财产安全，"
    "根据上级有关部署，结合本县实际，现就有关事项通知如下。"
)
A4 = (595, 842)  # points, rounded
A3 = (842, 1191)


@pytest.fixture
def bureau():
    gov = AgencyFactory(kind=AgencyKind.GOVERNMENT, name="测试县人民政府")
    agency = AgencyFactory(parent=gov, name="测试县应急管理局", short_name="县应急局")
    other = AgencyFactory(parent=gov, name="测试县林业局")
    for a in (agency, other):
        catalog_create_from_template(actor=None, agency=a)
    return {
        "agency": agency,
        "other": other,
        "officer": staff(Role.OFFICER, agency),
        "reviewer": staff(Role.REVIEWER, agency),
        "other_officer": staff(Role.OFFICER, other),
        "other_reviewer": staff(Role.REVIEWER, other),
    }


def publish(b, *, agency_key="agency", code="news.notices", day=None, files=None, **fields):
    agency = b[agency_key]
    officer = b["officer" if agency_key == "agency" else "other_officer"]
    reviewer = b["reviewer" if agency_key == "agency" else "other_reviewer"]
    fields.setdefault("title", "关于开展冬季安全生产大检查的通知")
    fields.setdefault(
        "body_html", f"<p>{PARAGRAPH}</p><p>各单位要高度重视，认真组织开展自查自纠。</p>"
    )
    item = item_create(
        actor=officer,
        agency=agency,
        category=Category.objects.get(agency=agency, code=code),
        **fields,
    )
    for name, content in (files or {}).items():
        item_attach(actor=officer, item=item, content=content, name=name)
    item_submit(actor=officer, item=item)
    now = timezone.make_aware(dt.datetime.combine(day, dt.time(10))) if day else None
    return item_approve(actor=reviewer, item=item, now=now)


def read(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )


def text(reader: PdfReader) -> str:
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")


def size(page) -> tuple[int, int]:
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


def test_a_poster_shows_agency_title_date_numbers_attachments_and_the_url(client, bureau):
    item = publish(
        bureau,
        doc_number="测应急〔2026〕8号",
        files={"检查表.pdf": make_pdf("Checklist")},
        day=dt.date(2026, 11, 20),
    )
    client.force_login(bureau["officer"])
    reader = read(client.get(f"/staff/catalog/items/{item.pk}/poster.pdf"))
    assert len(reader.pages) == 1 and size(reader.pages[0]) == A4
    content = text(reader)
    assert "测试县应急管理局" in content
    assert "关于开展冬季安全生产大检查的通知" in content
    assert "2026年11月20日" in content
    assert item.index_number in content and "测应急〔2026〕8号" in content
    assert "各单位要高度重视" in content
    assert "检查表.pdf" in content
    assert f"http://testserver/items/{item.pk}/" in content
    assert "扫码查看网上原文" in content


def test_the_qr_code_encodes_the_public_url(bureau, settings):
    import base64

    from gongkai.catalog.qr import qr_svg

    settings.GONGKAI_SITE_URL = "https://www.example.gov.cn"
    poster = Poster(
        "标题",
        "测试县应急管理局",
        dt.date(2026, 11, 20),
        "X/2026-00001",
        "",
        ("正文。",),
        (),
        "https://www.example.gov.cn/items/7/",
    )
    html = poster_html(poster, SIZES["A4"])
    assert base64.b64encode(qr_svg("https://www.example.gov.cn/items/7/").encode()).decode() in html


def test_the_public_address_is_used_when_configured(client, bureau, settings):
    settings.GONGKAI_SITE_URL = "https://www.example.gov.cn"
    item = publish(bureau)
    client.force_login(bureau["officer"])
    content = text(read(client.get(f"/staff/catalog/items/{item.pk}/poster.pdf")))
    assert f"https://www.example.gov.cn/items/{item.pk}/" in content


def test_a3_is_larger_than_a4_with_larger_type(client, bureau):
    item = publish(bureau)
    client.force_login(bureau["officer"])
    a4 = read(client.get(f"/staff/catalog/items/{item.pk}/poster.pdf"))
    a3 = read(client.get(f"/staff/catalog/items/{item.pk}/poster.pdf?size=A3"))
    assert size(a4.pages[0]) == A4 and size(a3.pages[0]) == A3
    assert SIZES["A3"].body_pt > SIZES["A4"].body_pt >= 16
    assert SIZES["A3"].title_pt > SIZES["A4"].title_pt


def test_a_long_text_is_cut_to_one_sheet_or_continues(client, bureau):
    paragraphs = [f"第{n}条。{PARAGRAPH * 2}" for n in range(1, 21)]
    item = publish(bureau, body_html="".join(f"<p>{p}</p>" for p in paragraphs))
    client.force_login(bureau["officer"])
    cut = read(client.get(f"/staff/catalog/items/{item.pk}/poster.pdf"))
    assert len(cut.pages) == 1
    assert "全文请扫码查看" in text(cut)
    assert "第20条" not in text(cut)
    assert "第3条" in text(cut)  # most of the sheet is text, not a cut at the first line
    more = read(client.get(f"/staff/catalog/items/{item.pk}/poster.pdf?fit=continue"))
    assert len(more.pages) > 1
    assert "第20条" in text(more) and "全文请扫码查看" not in text(more)
    assert "扫码查看网上原文" in more.pages[-1].extract_text().replace("\n", "")


@pytest.mark.parametrize("case", ["withdrawn", "internal", "draft", "other_agency", "missing"])
def test_only_public_items_of_ones_own_agencies_can_be_printed(client, bureau, case):
    if case == "withdrawn":
        item = publish(bureau)
        item_withdraw(actor=bureau["reviewer"], item=item, reason="内容有误")
        pk = item.pk
    elif case == "internal":
        pk = publish(bureau, disclosure_attribute=DisclosureAttribute.INTERNAL).pk
    elif case == "draft":
        pk = item_create(
            actor=bureau["officer"],
            agency=bureau["agency"],
            category=Category.objects.get(agency=bureau["agency"], code="news.notices"),
            title="草稿",
        ).pk
    elif case == "other_agency":
        pk = publish(bureau, agency_key="other").pk
    else:
        pk = 99999999
    client.force_login(bureau["officer"])
    assert client.get(f"/staff/catalog/items/{pk}/poster.pdf").status_code == 404
    assert client.get("/staff/catalog/noticeboard/", {"item": pk, "print": "1"}).status_code == 404


def test_people_without_item_view_staff_cannot_print(client, bureau):
    item = publish(bureau)
    assert client.get(f"/staff/catalog/items/{item.pk}/poster.pdf").status_code == 302  # login
    client.force_login(staff(Role.HANDLER, bureau["agency"]))
    assert client.get(f"/staff/catalog/items/{item.pk}/poster.pdf").status_code == 404
    assert client.get("/staff/catalog/noticeboard/").status_code == 403


def test_a_set_by_category_and_date_range_prints_a_contents_page_and_one_item_a_sheet(
    client, bureau
):
    agency = bureau["agency"]
    first = publish(bureau, title="关于森林防火的通告", day=dt.date(2026, 11, 3))
    second = publish(bureau, title="关于道路结冰预警的通知", day=dt.date(2026, 11, 18))
    publish(bureau, title="十月份的通知", day=dt.date(2026, 10, 8))
    publish(bureau, title="工作动态不在此栏目", code="news.work", day=dt.date(2026, 11, 10))
    notices = Category.objects.get(agency=agency, code="news.notices")
    client.force_login(bureau["officer"])
    filters = {
        "agency": agency.pk,
        "category": notices.pk,
        "date_from": "2026-11-01",
        "date_to": "2026-11-30",
    }
    page = client.get("/staff/catalog/noticeboard/", filters)
    assert page.status_code == 200
    assert [i.pk for i in page.context["items"]] == [second.pk, first.pk]
    html = page.content.decode()
    assert f'name="item" value="{second.pk}"' in html and "十月份的通知" not in html
    response = client.get(
        "/staff/catalog/noticeboard/",
        {**filters, "item": [first.pk, second.pk], "print": "1", "size": "A3"},
    )
    reader = read(response)
    assert len(reader.pages) == 3
    assert {size(p) for p in reader.pages} == {A3}
    contents = reader.pages[0].extract_text().replace("\n", "").replace(" ", "")
    assert "政务公开栏张贴信息" in contents
    assert "测试县应急管理局" in contents and "通知公告" in contents
    assert "2026年11月1日至2026年11月30日" in contents
    assert "关于森林防火的通告" in contents and "关于道路结冰预警的通知" in contents
    assert "共2条" in contents
    # The items in the order ticked, each on its own sheet, with the contents' page numbers.
    assert "关于森林防火的通告" in reader.pages[1].extract_text().replace("\n", "")
    assert "关于道路结冰预警的通知" in reader.pages[2].extract_text().replace("\n", "")
    assert format_cn_date(timezone.localdate()) in contents


def test_a_set_needs_ticked_items_and_has_a_limit(client, bureau):
    item = publish(bureau)
    client.force_login(bureau["officer"])
    none = client.get("/staff/catalog/noticeboard/", {"agency": bureau["agency"].pk, "print": "1"})
    assert none.status_code == 200 and "请勾选要打印的信息。" in none.content.decode()
    many = client.get(
        "/staff/catalog/noticeboard/", {"item": [item.pk] + list(range(1, 40)), "print": "1"}
    )
    assert "一次最多打印30条" in many.content.decode()
    bad = client.get(
        "/staff/catalog/noticeboard/", {"date_from": "2026-12-01", "date_to": "2026-11-01"}
    )
    assert "起始日期晚于截止日期。" in bad.content.decode()


def test_render_pdf_of_a_set_without_cover_is_one_sheet_per_short_item():
    posters = [
        Poster(
            f"通知{n}",
            "测试县应急管理局",
            dt.date(2026, 11, n),
            f"X/2026-0000{n}",
            "",
            ("短文。",),
            (),
            f"https://x/items/{n}/",
        )
        for n in range(1, 4)
    ]
    reader = PdfReader(io.BytesIO(render_pdf(posters)))
    assert len(reader.pages) == 3
