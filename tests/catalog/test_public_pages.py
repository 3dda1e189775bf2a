"""The public catalog pages: who sees what, the item page, lists, guide, print, QR, downloads."""

from __future__ import annotations

import datetime as dt
import re
import struct
import zlib
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.catalog.models import Category, Guide, Item
from gongkai.catalog.services import item_set_validity, item_withdraw
from gongkai.catalog.services.items import (
    item_approve,
    item_attach,
    item_create,
    item_revise,
    item_submit,
)
from tests.factories import AgencyFactory, published_item, staff

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def agency():
    return AgencyFactory(
        name="示例县财政局",
        address="示例县人民路8号",
        phone="0570-7654321",
        office_hours="工作日 8:30-12:00 14:30-17:30",
        fax="0570-7654300",
        email="gk@example.gov.cn",
    )


@pytest.fixture
def other_agency():
    return AgencyFactory(name="示例县教育局")


@pytest.fixture
def policy(agency):
    return published_item(
        agency,
        title="示例县财政局关于规范专项资金管理的通知",
        doc_number="示财发〔2026〕3号",
        subject="财政、金融、审计",
        keywords="专项资金 管理",
        written_date=dt.date(2026, 3, 2),
        summary="规范专项资金的申报、拨付和监督。",
        body_html="<p>各乡镇人民政府：专项资金应当专款专用。</p>",
        now=at(dt.date(2026, 3, 5)),
    )


# --- the item page ------------------------------------------------------------------------


def test_item_page_shows_metadata_table_in_the_standard_order_above_the_text(
    client, policy, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        response = client.get(policy.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    labels = [
        "索引号",
        "主题分类",
        "发布机构",
        "成文日期",
        "标题",
        "文号",
        "发布日期",
        "主题词",
        "有效性",
        "公开方式",
    ]
    positions = [html.index(f">{label}</th>") for label in labels]
    assert positions == sorted(positions)
    assert policy.index_number in html
    assert "2026年3月2日" in html and "2026年3月5日" in html
    assert "示财发〔2026〕3号" in html
    assert "主动公开" in html
    assert html.index('class="meta') < html.index("专项资金应当专款专用")
    assert f'href="{reverse("portal:disclosure")}" aria-current="page"' in html


def test_item_page_lists_every_issuing_agency(client, agency, other_agency):
    item = published_item(agency, title="联合发文", publishers=[other_agency])
    html = client.get(item.get_absolute_url()).content.decode()
    assert "示例县财政局、示例县教育局" in html or "示例县教育局、示例县财政局" in html


def test_revised_item_says_when(client, policy):
    reviewer = staff(Role.REVIEWER, policy.agency)
    item_revise(
        actor=reviewer,
        item=policy,
        note="更正错字",
        now=at(dt.date(2026, 4, 1), hour=7),  # 3月31日 23:00 UTC
        title="示例县财政局关于规范专项资金管理的通知（修订）",
    )
    html = client.get(policy.get_absolute_url()).content.decode()
    assert "本信息于2026年4月1日修订" in html


def test_repealed_item_shows_date_and_link_to_the_replacing_item(client, policy):
    newer = published_item(policy.agency, title="新的专项资金管理办法", now=at(dt.date(2026, 6, 1)))
    reviewer = staff(Role.REVIEWER, policy.agency)
    item_set_validity(
        actor=reviewer,
        item=policy,
        validity="repealed",
        changed_on=dt.date(2026, 6, 1),
        replaced_by=newer,
    )
    html = client.get(policy.get_absolute_url()).content.decode()
    assert "废止" in html
    assert "2026年6月1日" in html
    assert newer.get_absolute_url() in html


def test_interpretation_and_policy_link_to_each_other(client, policy):
    interpretation = published_item(
        policy.agency,
        category_code="policy.interpretation",
        title="《关于规范专项资金管理的通知》政策解读",
        interprets=[policy],
    )
    html = client.get(policy.get_absolute_url()).content.decode()
    assert interpretation.get_absolute_url() in html
    assert "政策解读" in html
    html = client.get(interpretation.get_absolute_url()).content.decode()
    assert policy.get_absolute_url() in html


def test_withdrawn_item_answers_410_with_date_and_reason(client, policy):
    reviewer = staff(Role.REVIEWER, policy.agency)
    item_withdraw(
        actor=reviewer, item=policy, reason="文件内容有误，另行发布。", now=at(dt.date(2026, 3, 9))
    )
    response = client.get(policy.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert "已撤回" in html or "撤下" in html
    assert "2026年3月9日" in html
    assert "文件内容有误，另行发布。" in html
    assert policy.title not in html
    assert client.get(reverse("catalog:item_print", args=[policy.pk])).status_code == 410
    assert client.get(reverse("catalog:item_qr", args=[policy.pk])).status_code == 404


def test_draft_and_unknown_items_are_404(client, agency):
    published_item(agency)  # makes the catalog
    officer = staff(Role.OFFICER, agency)
    category = Category.objects.get(agency=agency, code="policy.normative")
    draft = item_create(
        actor=officer, agency=agency, category=category, title="草稿", body_html="<p>草稿</p>"
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    item_submit(actor=officer, item=draft)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("catalog:item", args=[999999])).status_code == 404
    # Staff of the agency do not see drafts on the public page either (they use the workbench).
    client.force_login(officer)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_scheduled_item_is_404_until_published(client, agency):
    published_item(agency)
    officer, reviewer = staff(Role.OFFICER, agency), staff(Role.REVIEWER, agency)
    category = Category.objects.get(agency=agency, code="policy.normative")
    item = item_create(
        actor=officer, agency=agency, category=category, title="定时发布", body_html="<p>x</p>"
    )
    item_submit(actor=officer, item=item)
    item_approve(actor=reviewer, item=item, publish_at=at(dt.date(2099, 1, 1)))
    assert client.get(item.get_absolute_url()).status_code == 404


def test_internal_item_only_for_staff_of_its_agency(client, agency, other_agency):
    item = published_item(agency, title="内部公开的会议纪要", disclosure_attribute="internal")
    assert client.get(item.get_absolute_url()).status_code == 404
    client.force_login(staff(Role.OFFICER, other_agency))
    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.get(reverse("catalog:item_qr", args=[item.pk])).status_code == 404
    client.force_login(staff(Role.OFFICER, agency))
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "内部公开" in html
    assert "private" in response["Cache-Control"]
    assert client.get(reverse("catalog:item_print", args=[item.pk])).status_code == 200


def test_print_view_has_metadata_and_text_but_no_navigation(
    client, policy, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        response = client.get(reverse("catalog:item_print", args=[policy.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="meta' in html
    assert "专项资金应当专款专用" in html
    assert 'class="main-nav"' not in html and "site-search" not in html
    assert "http://testserver" + policy.get_absolute_url() in html


def test_qr_code_is_an_svg_of_the_absolute_url(client, policy, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(reverse("catalog:item_qr", args=[policy.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "max-age=86400" in response["Cache-Control"] and "public" in response["Cache-Control"]
    svg = response.content.decode()
    assert svg.startswith("<svg") or svg.startswith("<?xml")
    assert "<path" in svg


def test_qr_code_decodes_to_the_item_url():
    """The SVG is a real QR code of the URL: compare with the module matrix qrcode computes."""
    import qrcode

    from gongkai.catalog.qr import qr_svg

    url = "https://gk.example.gov.cn/items/42/"
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(url)
    code.make(fit=True)
    dark = sum(row.count(True) for row in code.get_matrix())
    path = re.search(r'<path d="([^"]+)"', qr_svg(url)).group(1)
    assert path.count("z") == dark  # one closed square per dark module


def _with_attachment(agency, *, internal=False):
    officer, reviewer = staff(Role.OFFICER, agency), staff(Role.REVIEWER, agency)
    published_item(agency)
    category = Category.objects.get(agency=agency, code="policy.normative")
    fields = {"disclosure_attribute": "internal"} if internal else {}
    item = item_create(
        actor=officer,
        agency=agency,
        category=category,
        title="附件测试",
        body_html="<p>见附件。</p>",
        **fields,
    )
    attachment = item_attach(actor=officer, item=item, content=tiny_png(), name="示意图 一.png")
    item_submit(actor=officer, item=item)
    item_approve(actor=reviewer, item=item)
    return Item.objects.get(pk=item.pk), attachment, reviewer


def test_attachment_is_listed_and_downloads_with_its_utf8_name(client, agency):
    item, attachment, _reviewer = _with_attachment(agency)
    html = client.get(item.get_absolute_url()).content.decode()
    url = reverse("catalog:attachment", args=[item.pk, attachment.pk])
    assert url in html
    assert "示意图 一.png" in html and "PNG" in html
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == tiny_png()
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "filename*=utf-8''%E7%A4%BA%E6%84%8F%E5%9B%BE%20%E4%B8%80.png" in disposition


def test_attachment_of_withdrawn_or_internal_item_is_404(client, agency, other_agency):
    item, attachment, reviewer = _with_attachment(agency)
    url = reverse("catalog:attachment", args=[item.pk, attachment.pk])
    item_withdraw(actor=reviewer, item=item, reason="有误")
    assert client.get(url).status_code == 404
    internal, internal_attachment, _ = _with_attachment(other_agency, internal=True)
    url = reverse("catalog:attachment", args=[internal.pk, internal_attachment.pk])
    assert client.get(url).status_code == 404
    # An attachment id of another item is not found through this item.
    assert (
        client.get(
            reverse("catalog:attachment", args=[item.pk, internal_attachment.pk])
        ).status_code
        == 404
    )
    client.force_login(staff(Role.OFFICER, other_agency))
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


# --- lists --------------------------------------------------------------------------------


def test_agency_catalog_shows_columns_with_latest_items_and_greys_empty_ones(
    client, policy, django_assert_max_num_queries
):
    agency = policy.agency
    hidden = published_item(agency, title="内部信息不应出现", disclosure_attribute="internal")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("catalog:agency", args=[agency.credit_code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert policy.title in html
    assert hidden.title not in html
    assert "政策文件" in html and "行政规范性文件" in html
    assert "catalog-column is-empty" in html  # e.g. 财政预决算 has nothing yet
    assert reverse("catalog:guide", args=[agency.credit_code]) in html


def test_agency_catalog_of_unknown_or_inactive_agency_is_404(client, agency):
    assert client.get(reverse("catalog:agency", args=["91110000000000000X"])).status_code == 404
    agency.is_active = False
    agency.save()
    assert client.get(reverse("catalog:agency", args=[agency.credit_code])).status_code == 404


def _titles(html: str, titles: list[str]) -> list[str]:
    found = [(html.index(t), t) for t in titles if t in html]
    return [t for _, t in sorted(found)]


def test_category_page_lists_subtree_newest_first(client, agency, django_assert_max_num_queries):
    old = published_item(
        agency,
        category_code="policy.normative",
        title="较早的规范性文件",
        now=at(dt.date(2025, 1, 10)),
    )
    new = published_item(
        agency, category_code="policy.other", title="较新的其他文件", now=at(dt.date(2026, 2, 10))
    )
    internal = published_item(
        agency,
        category_code="policy.other",
        title="仅供本机关查阅的纪要",
        disclosure_attribute="internal",
    )
    policy_root = Category.objects.get(agency=agency, code="policy")
    with django_assert_max_num_queries(8):
        response = client.get(policy_root.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert _titles(html, [old.title, new.title]) == [new.title, old.title]
    assert internal.title not in html
    assert "行政规范性文件" in html  # subcategory links
    leaf = Category.objects.get(agency=agency, code="policy.other")
    html = client.get(leaf.get_absolute_url()).content.decode()
    assert new.title in html and old.title not in html


def test_category_of_another_agency_is_404(client, agency, other_agency):
    published_item(agency)
    published_item(other_agency)
    category = Category.objects.get(agency=other_agency, code="policy")
    assert (
        client.get(reverse("catalog:category", args=[agency.credit_code, category.pk])).status_code
        == 404
    )


def test_hidden_category_is_404(client, agency):
    published_item(agency)
    category = Category.objects.get(agency=agency, code="policy.normative")
    category.is_active = False
    category.save()
    assert client.get(category.get_absolute_url()).status_code == 404


def test_agency_list_leaves_out_internal_unpublished_and_withdrawn(
    client, agency, django_assert_max_num_queries
):
    shown = published_item(agency, title="公开的信息")
    internal = published_item(agency, title="内部的信息", disclosure_attribute="internal")
    gone = published_item(agency, title="撤回的信息")
    item_withdraw(actor=staff(Role.REVIEWER, agency), item=gone, reason="有误")
    officer = staff(Role.OFFICER, agency)
    category = Category.objects.get(agency=agency, code="policy.normative")
    draft = item_create(
        actor=officer, agency=agency, category=category, title="草稿的信息", body_html="<p>x</p>"
    )
    with django_assert_max_num_queries(7):
        response = client.get(reverse("catalog:agency_items", args=[agency.credit_code]))
    html = response.content.decode()
    assert shown.title in html
    for hidden in (internal, gone, draft):
        assert hidden.title not in html
    # The agency catalog and the category lists too.
    for url in (
        reverse("catalog:agency", args=[agency.credit_code]),
        category.get_absolute_url(),
        Category.objects.get(agency=agency, code="policy").get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert shown.title in html
        for hidden in (internal, gone, draft):
            assert hidden.title not in html


def test_list_pages_accept_bad_parameters(client, policy):
    url = reverse("catalog:agency_items", args=[policy.agency.credit_code])
    for query in (
        "?after=garbage",
        "?after=2026-99-99_x",
        "?year=abc",
        "?validity=nonsense",
        "?year=1",
    ):
        response = client.get(url + query)
        assert response.status_code == 200
        assert policy.title in response.content.decode()


# --- guide --------------------------------------------------------------------------------


def test_guide_is_generated_from_the_agency_record(client, agency, django_assert_max_num_queries):
    published_item(agency)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("catalog:guide", args=[agency.credit_code]))
    assert response.status_code == 200
    html = response.content.decode()
    for fact in (
        "示例县人民路8号",
        "0570-7654321",
        "0570-7654300",
        "gk@example.gov.cn",
        "工作日 8:30-12:00 14:30-17:30",
    ):
        assert fact in html
    assert "20个工作日" in html
    assert "行政复议" in html and "行政诉讼" in html
    assert "信息处理费" in html
    assert "政策文件" in html  # the catalog's columns


def test_guide_prefers_the_disclosure_office_and_the_edited_text(client, agency):
    agency.disclosure_office_name = "示例县财政局办公室"
    agency.disclosure_address = "示例县人民路8号二楼"
    agency.disclosure_phone = "0570-7650000"
    agency.save()
    Guide.objects.create(
        agency=agency, fees_text="本机关依申请提供政府信息，不收取费用。", court="示例县人民法院"
    )
    html = client.get(reverse("catalog:guide", args=[agency.credit_code])).content.decode()
    assert "示例县财政局办公室" in html
    assert "示例县人民路8号二楼" in html
    assert "0570-7650000" in html
    assert "本机关依申请提供政府信息，不收取费用。" in html
    assert "国办函〔2020〕109号" not in html  # the generated fee text gave way to the edited one
    assert "示例县人民法院" in html


# --- home and section pages ---------------------------------------------------------------


def test_home_shows_latest_items_per_section_and_agency_with_bounded_queries(
    client, django_assert_max_num_queries
):
    agencies = [AgencyFactory() for _ in range(5)]
    shown = []
    for n, agency in enumerate(agencies):
        shown.append(
            published_item(agency, category_code="policy.normative", title=f"政策文件{n}号")
        )
        shown.append(published_item(agency, category_code="news.work", title=f"工作动态{n}号"))
    internal = published_item(
        agencies[0], title="首页不应出现的内部信息", disclosure_attribute="internal"
    )
    gone = published_item(agencies[1], title="首页不应出现的撤回信息")
    item_withdraw(actor=staff(Role.REVIEWER, agencies[1]), item=gone, reason="有误")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    html = response.content.decode()
    for item in shown:
        assert item.title in html
    assert internal.title not in html and gone.title not in html
    assert "部门动态" in html and "政策文件" in html
    for agency in agencies:
        assert reverse("catalog:agency", args=[agency.credit_code]) in html
    # More agencies do not mean more queries.
    for _ in range(5):
        published_item(AgencyFactory(), title="又一条")
    with django_assert_max_num_queries(12):
        client.get(reverse("portal:home"))


def test_disclosure_section_links_to_catalogs_and_shows_latest(client, policy):
    html = client.get(reverse("portal:disclosure")).content.decode()
    assert reverse("catalog:agency", args=[policy.agency.credit_code]) in html
    assert reverse("catalog:guide", args=[policy.agency.credit_code]) in html
    assert policy.title in html


def test_pages_render_in_english(client, policy):
    client.get(reverse("portal:home") + "?lang=en")
    html = client.get(policy.get_absolute_url()).content.decode()
    assert "Index number" in html and "Date published" in html and "2026-03-05" in html
    html = client.get(reverse("catalog:guide", args=[policy.agency.credit_code])).content.decode()
    assert "Disclosure guide" in html


def test_item_page_has_mobile_viewport(client, policy):
    html = client.get(policy.get_absolute_url()).content.decode()
    assert 'name="viewport" content="width=device-width' in html
