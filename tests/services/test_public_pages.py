"""The public pages: every element of a guide stored is shown on the matter page, in the
one-time notice (PDF) and in the JSON export; drafts, versions under review and withdrawn
matters are never public; the directory by agency, life event and audience; search."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse

from gongkai.services import services
from gongkai.services.models import LifeEvent
from tests.services.conftest import at, create, guide, publish

pytestmark = pytest.mark.django_db


# Every text element of ``conftest.guide()`` as it must appear on the page.
def element_texts(content: dict) -> list[str]:
    texts = [
        content[name]
        for name in (
            "name",
            "basic_code",
            "implementing_body",
            "conditions",
            "statutory_note",
            "promised_note",
            "special_procedures",
            "place",
            "hours",
            "consultation_phone",
            "consultation_other",
            "complaint_phone",
            "complaint_other",
            "online_url",
            "mobile_url",
            "result_name",
        )
        if content.get(name)
    ]
    for b in content["bases"]:
        texts += [b["title"], b["article"], b["excerpt"]]
    for m in content["materials"]:
        texts += [m["name"], m["source"], m["requirements"]]
    for s in content["steps"]:
        texts += [s["title"], s["description"]] + ([s["time_limit"]] if s["time_limit"] else [])
    for q in content["questions"]:
        texts += [q["question"], q["answer"]]
    return [t for t in texts if t]


LABELS = [
    "行政确认",
    "法定本级行使",
    "自然人",
    "承诺件",
    "15个工作日",
    "3个工作日",
    "最多跑一次",
    "三级",
    "证照",
    "原件",
    "原件和复印件",
]


def test_every_element_is_on_the_matter_page(client, published):
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    for text in element_texts(guide()):
        assert text in page, text
    for label in LABELS:
        assert label in page, label
    assert published.implementation_code in page
    assert "最近更新：2026年5月15日" in page
    assert "免费" in page or "不收费" in page
    # The flowchart is drawn, accessible, with the steps also as a list.
    assert "<svg" in page and 'role="img"' in page
    assert page.count('class="flowchart-box"') == 4
    assert '<ol class="guide-steps">' in page


def test_blank_form_and_sample_download(client, published):
    material = published.current_version.materials.get(name="个体工商户登记申请书")
    for f in (material.blank_form, material.sample):
        response = client.get(f.get_absolute_url())
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_files_of_a_draft_are_not_public(client, county):
    matter = create(county)
    material = matter.versions.get().materials.get(name="个体工商户登记申请书")
    assert client.get(material.blank_form.get_absolute_url()).status_code == 404


def test_the_handout_pdf_lists_every_element(client, published):
    from pypdf import PdfReader

    response = client.get(reverse("services:handout", args=[published.implementation_code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4
    text = "".join(page.extract_text() for page in reader.pages)
    text = "".join(text.split())
    for element in element_texts(guide()):
        if element.startswith("http"):
            continue
        assert "".join(element.split()) in text, element
    assert "一次性告知单" in text
    assert "□" in text or "☐" in text or text.count("1") > 0


def test_the_json_export_has_every_element(client, published):
    response = client.get(reverse("services:json", args=[published.implementation_code]))
    assert response.status_code == 200
    data = json.loads(response.content)
    content = guide()
    for name in (
        "name",
        "conditions",
        "place",
        "hours",
        "consultation_phone",
        "complaint_phone",
        "online_url",
        "mobile_url",
        "result_name",
        "special_procedures",
    ):
        assert data[name] == content[name]
    assert data["matter_type"] == "confirmation" and data["power_source"] == "statutory"
    assert data["statutory_limit"] == {
        "value": 15,
        "unit": "working",
        "text": "15个工作日",
        "note": "自受理之日起计算。",
    }
    assert data["promised_limit"]["value"] == 3
    assert [m["name"] for m in data["materials"]] == [m["name"] for m in content["materials"]]
    assert data["materials"][0]["blank_form"]["url"].startswith("http")
    assert [s["title"] for s in data["steps"]] == ["申请", "受理", "审查", "决定"]
    assert data["legal_bases"][0]["article"] == "第八条"
    assert data["questions"][0]["answer"] == content["questions"][0]["answer"]
    assert data["changed_on"] == "2026-05-15"
    assert "created_by" not in data and "reviewed_by" not in json.dumps(data)


def test_drafts_and_versions_under_review_are_not_public(client, county, published):
    draft_only = create(county)
    assert client.get(draft_only.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("services:json", args=[draft_only.implementation_code])).status_code
        == 404
    )
    new = services.matter_new_draft(actor=county.officer_a, matter=published)
    services.version_update(
        actor=county.officer_a, version=new, conditions="新版受理条件：待审核。"
    )
    services.version_submit(actor=county.officer_a, version=new)
    page = client.get(published.get_absolute_url()).content.decode()
    assert "新版受理条件" not in page
    services.matter_withdraw(actor=county.reviewer_a, matter=published, reason="取消")
    assert client.get(published.get_absolute_url()).status_code == 404


def test_the_page_shows_the_date_of_the_last_change(client, county, published):
    new = services.matter_new_draft(actor=county.officer_a, matter=published)
    services.version_update(actor=county.officer_a, version=new, place="测试县政务服务中心二楼")
    publish(county, published, now=at("2026-06-08"))
    page = client.get(published.get_absolute_url()).content.decode()
    assert "最近更新：2026年6月8日" in page
    assert "测试县政务服务中心二楼" in page


def test_directory_by_agency_life_event_and_audience(client, county, published):
    other = publish(
        county, create(county, agency=county.b, name="结婚登记", serves_natural_persons=True)
    )
    org = publish(
        county,
        create(
            county, name="企业名称登记", serves_natural_persons=False, serves_organizations=True
        ),
    )
    event = services.life_event_create(
        actor=county.office, agency=county.government, name="婚育", slug="marriage"
    )
    services.life_event_update(actor=county.office, event=event, matters=[other])
    page = client.get(reverse("services:directory")).content.decode()
    assert "婚育" in page and county.a.name in page and county.b.name in page
    by_agency = client.get(reverse("services:agency", args=[county.a.credit_code])).content.decode()
    assert "个体工商户设立登记" in by_agency and "结婚登记" not in by_agency
    by_event = client.get(event.get_absolute_url()).content.decode()
    assert "结婚登记" in by_event and "个体工商户设立登记" not in by_event
    natural = client.get(reverse("services:audience", args=["natural"])).content.decode()
    assert "个体工商户设立登记" in natural and "企业名称登记" not in natural
    organization = client.get(reverse("services:audience", args=["organization"])).content.decode()
    assert "企业名称登记" in organization and "结婚登记" not in organization
    assert org.is_public
    assert client.get(reverse("services:audience", args=["aliens"])).status_code == 404
    # A hidden life event is not shown.
    LifeEvent.objects.filter(pk=event.pk).update(is_active=False)
    assert client.get(event.get_absolute_url()).status_code == 404


def test_chinese_search_finds_public_matters_only(client, county, published):
    create(county, name="食品经营许可证核发")  # a draft: never in the index
    response = client.get(reverse("services:directory"), {"q": "个体工商户"})
    page = response.content.decode()
    assert "个体工商户设立登记" in page
    assert (
        client.get(reverse("services:directory"), {"q": "食品经营"})
        .content.decode()
        .count("食品经营许可证核发")
        == 0
    )
    # And through the site-wide search.
    site = client.get(reverse("search:results"), {"q": "营业执照"}).content.decode()
    assert "个体工商户设立登记" in site


def test_fee_list_page(client, county):
    fee = services.fee_item_create(
        actor=county.reviewer_a,
        agency=county.a,
        name="营业执照副本工本费",
        standard="每本10元",
        amount="10",
        basis="测试县物价文件",
    )
    matter = create(
        county,
        charges_fee=True,
        fee_standard="每本10元",
        fee_basis="测试县物价文件",
        fee_items=[fee],
    )
    publish(county, matter)
    page = client.get(reverse("services:fee_list", args=[county.a.credit_code])).content.decode()
    assert "营业执照副本工本费" in page and "每本10元" in page and matter.name in page
    assert county.a.name in client.get(reverse("services:fee_lists")).content.decode()
    guide_page = client.get(matter.get_absolute_url()).content.decode()
    assert (
        "每本10元" in guide_page
        and reverse("services:fee_list", args=[county.a.credit_code]) in guide_page
    )
    assert client.get(reverse("services:fee_list", args=[county.b.credit_code])).status_code == 404
