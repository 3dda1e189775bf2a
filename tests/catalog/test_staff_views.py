"""Staff screens of proactive disclosure: who may open what, drafting, the review flow through
the screens, revision, withdrawal, timeliness and the catalog flags."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind
from gongkai.audit.models import Event
from gongkai.catalog.models import (
    Attachment,
    Category,
    FindingDecision,
    Guide,
    Item,
    ItemStatus,
    ItemVersion,
    Validity,
)
from gongkai.catalog.services import catalog_create_from_template
from gongkai.catalog.services.items import item_create, item_submit
from tests.catalog.test_files import EXE, make_pdf
from tests.factories import AgencyFactory, published_item, staff

pytestmark = pytest.mark.django_db

VALID_ID = "11010519491231002X"  # constructed with the GB 11643 check digit


@pytest.fixture
def county():
    gov = AgencyFactory(kind=AgencyKind.GOVERNMENT, name="测试县人民政府")
    a = AgencyFactory(parent=gov, name="测试县甲局")
    b = AgencyFactory(parent=gov, name="测试县乙局")
    for agency in (gov, a, b):
        catalog_create_from_template(actor=None, agency=agency)
    return gov, a, b


@pytest.fixture
def people(county):
    gov, a, b = county
    return {
        "officer_a": staff(Role.OFFICER, a),
        "reviewer_a": staff(Role.REVIEWER, a),
        "officer_b": staff(Role.OFFICER, b),
        "admin_a": staff(Role.AGENCY_ADMIN, a),
        "office": staff(Role.DISCLOSURE_OFFICE, gov),
        "handler_a": staff(Role.HANDLER, a),
    }


def category(agency, code="policy.normative"):
    return Category.objects.get(agency=agency, code=code)


def draft(agency, officer, **fields):
    fields.setdefault("body_html", "<p>为进一步做好相关工作，现将有关事项通知如下。</p>")
    title = fields.pop("title", "关于做好年度工作的通知")
    return item_create(
        actor=officer, agency=agency, category=category(agency), title=title, **fields
    )


def form_data(agency, **overrides):
    data = {
        "agency": agency.pk,
        "category": category(agency).pk,
        "title": "关于印发测试县政务公开工作要点的通知",
        "doc_number": "测政办发〔2026〕7号",
        "written_date": "2026-11-02",
        "formed_on": "2026-11-03",
        "subject": "综合政务",
        "keywords": "政务公开 工作要点",
        "summary": "",
        "validity": Validity.VALID,
        "body_html": "第一段正文。\n\n第二段正文。",
        "disclosure_attribute": "public",
    }
    data.update(overrides)
    return data


def url(name, *args):
    return reverse(f"catalog_staff:{name}", args=args)


# --- who may open what ----------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login_page(client, county):
    _gov, a, _b = county
    item = published_item(a)
    for target in (
        url("item_list"),
        url("item_new"),
        url("item", item.pk),
        url("timeliness"),
        url("supervision"),
        url("agency_catalog", a.credit_code),
    ):
        response = client.get(target)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


def test_officer_of_another_agency_gets_404_for_the_item(client, county, people):
    _gov, a, _b = county
    item = draft(a, people["officer_a"])
    client.force_login(people["officer_b"])
    assert client.get(url("item", item.pk)).status_code == 404
    assert client.get(url("item_edit", item.pk)).status_code == 404
    assert client.post(url("item_submit", item.pk)).status_code == 404
    assert client.get(url("item", 999_999)).status_code == 404  # missing looks the same
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT


def test_reviewer_may_not_create_drafts(client, county, people):
    _gov, a, _b = county
    client.force_login(people["reviewer_a"])
    response = client.get(url("item_new"))
    assert response.status_code == 403
    assert client.post(url("item_new") + f"?agency={a.pk}", form_data(a)).status_code == 403
    assert not Item.objects.exists()


def test_officer_may_not_draft_for_another_agency(client, county, people):
    _gov, a, b = county
    client.force_login(people["officer_a"])
    assert client.get(url("item_new"), {"agency": b.pk}).status_code == 404


def test_handler_without_catalog_role_gets_403(client, county, people):
    client.force_login(people["handler_a"])
    assert client.get(url("item_list")).status_code == 403
    assert client.get(url("timeliness")).status_code == 403
    assert client.get(url("supervision")).status_code == 403


def test_the_list_shows_only_items_of_agencies_in_scope(client, county, people):
    _gov, a, b = county
    draft(a, people["officer_a"], title="甲局的草稿")
    draft(b, people["officer_b"], title="乙局的草稿")
    client.force_login(people["officer_a"])
    body = client.get(url("item_list")).content.decode()
    assert "甲局的草稿" in body and "乙局的草稿" not in body
    client.force_login(people["office"])
    body = client.get(url("item_list")).content.decode()
    assert "甲局的草稿" in body and "乙局的草稿" in body
    body = client.get(url("item_list"), {"agency": b.pk}).content.decode()
    assert "甲局的草稿" not in body and "乙局的草稿" in body


def test_quick_tabs_and_filters(client, county, people):
    _gov, a, _b = county
    officer, reviewer = people["officer_a"], people["reviewer_a"]
    draft(a, officer, title="还在写的草稿")
    item_submit(actor=officer, item=draft(a, officer, title="等待审核的信息"))
    published_item(a, title="已经发布的信息")
    client.force_login(officer)
    body = client.get(url("item_list"), {"tab": "mine"}).content.decode()
    assert "还在写的草稿" in body and "等待审核的信息" not in body
    body = client.get(url("item_list"), {"q": "审核"}).content.decode()
    assert "等待审核的信息" in body and "还在写的草稿" not in body
    body = client.get(url("item_list"), {"status": ItemStatus.PUBLISHED}).content.decode()
    assert "已经发布的信息" in body and "还在写的草稿" not in body
    client.force_login(reviewer)
    body = client.get(url("item_list"), {"tab": "review"}).content.decode()
    assert "等待审核的信息" in body and "还在写的草稿" not in body and "已经发布的信息" not in body
    body = client.get(url("item_list"), {"tab": "published"}).content.decode()
    assert "已经发布的信息" in body and "等待审核的信息" not in body
    body = client.get(
        url("item_list"), {"agency": a.pk, "category": category(a, "news.work").pk}
    ).content.decode()
    assert "已经发布的信息" not in body


# --- drafting -------------------------------------------------------------------------------


def test_draft_form_creates_an_item_with_plain_text_paragraphs(client, county, people):
    _gov, a, b = county
    client.force_login(people["officer_a"])
    page = client.get(url("item_new"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "<datalist" in body and "综合政务" in body  # subject suggestions
    assert "\u3000└ " in body  # the category tree is indented
    response = client.post(url("item_new") + f"?agency={a.pk}", form_data(a, publishers=[b.pk]))
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"] == url("item", item.pk)
    assert item.status == ItemStatus.DRAFT and item.created_by == people["officer_a"]
    assert item.body_html == "<p>第一段正文。</p><p>第二段正文。</p>"
    assert item.doc_number == "测政办发〔2026〕7号"
    assert item.due_date is not None  # formed_on + 20 working days
    assert set(item.publishers.values_list("pk", flat=True)) == {a.pk, b.pk}


def test_draft_form_keeps_the_input_and_shows_the_doc_number_hint(client, county, people):
    _gov, a, _b = county
    client.force_login(people["officer_a"])
    response = client.post(
        url("item_new") + f"?agency={a.pk}", form_data(a, doc_number="测政办发[2026]07号")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "测政办发〔2026〕7号" in body  # the friendly hint
    assert 'value="关于印发测试县政务公开工作要点的通知"' in body  # the title stays filled
    assert "第二段正文。" in body
    assert not Item.objects.exists()


def test_agency_without_catalog_gets_one_when_drafting(client, people):
    other = AgencyFactory()
    officer = staff(Role.OFFICER, other)
    client.force_login(officer)
    assert client.get(url("item_new")).status_code == 200
    assert Category.objects.filter(agency=other).exists()


def test_renamed_executable_is_refused_and_nothing_is_saved(client, county, people):
    _gov, a, _b = county
    client.force_login(people["officer_a"])
    files = [
        SimpleUploadedFile("附件一.pdf", make_pdf(), content_type="application/pdf"),
        SimpleUploadedFile("通知.pdf", EXE, content_type="application/pdf"),
    ]
    response = client.post(
        url("item_new") + f"?agency={a.pk}", {**form_data(a), "attachments": files}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "通知.pdf" in body  # the rejection names the file
    assert 'value="关于印发测试县政务公开工作要点的通知"' in body
    assert not Item.objects.exists() and not Attachment.objects.exists()


def test_good_attachments_are_stored(client, county, people):
    _gov, a, _b = county
    client.force_login(people["officer_a"])
    files = [SimpleUploadedFile("附件一.pdf", make_pdf(), content_type="application/pdf")]
    client.post(url("item_new") + f"?agency={a.pk}", {**form_data(a), "attachments": files})
    item = Item.objects.get()
    attachment = item.attachments.get()
    assert attachment.kind == "pdf" and attachment.name == "附件一.pdf"
    page = client.get(url("item", item.pk)).content.decode()
    assert "附件一.pdf" in page and "PDF" in page
    download = client.get(url("attachment", item.pk, attachment.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(people["officer_b"])
    assert client.get(url("attachment", item.pk, attachment.pk)).status_code == 404


def test_interpretation_offers_published_policy_documents(client, county, people):
    _gov, a, b = county
    policy = published_item(a, title="测试县某某管理办法")
    published_item(b, title="乙局的政策")
    client.force_login(people["officer_a"])
    body = client.get(url("item_new")).content.decode()
    assert "测试县某某管理办法" in body and "乙局的政策" not in body
    data = form_data(
        a, category=category(a, "policy.interpretation").pk, interprets=[policy.pk], title="解读"
    )
    client.post(url("item_new") + f"?agency={a.pk}", data)
    assert list(Item.objects.get(title="解读").interprets.all()) == [policy]


# --- the review flow through the screens ---------------------------------------------------


def test_full_flow_draft_submit_finding_reason_approve(client, county, people):
    _gov, a, _b = county
    officer, reviewer = people["officer_a"], people["reviewer_a"]
    client.force_login(officer)
    client.post(
        url("item_new") + f"?agency={a.pk}",
        form_data(a, body_html=f"<p>联系人身份证号{VALID_ID}。</p>"),
    )
    item = Item.objects.get()
    page = client.get(url("item", item.pk)).content.decode()
    assert url("item_submit", item.pk) in page and url("item_approve", item.pk) not in page
    response = client.post(url("item_submit", item.pk))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.SUBMITTED

    client.force_login(reviewer)
    page = client.get(url("item", item.pk)).content.decode()
    finding = item.findings.get(kind="id_number")
    assert (
        finding.masked in page
        and VALID_ID not in page.split('id="findings"')[1].split("</table>")[0]
    )
    # Approval is refused while the finding is open; the message is shown.
    response = client.post(url("item_approve", item.pk), {"publish_at": ""})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == ItemStatus.SUBMITTED and item.index_number is None
    # A reason is required, then recorded.
    response = client.post(
        url("finding_decide", item.pk, finding.pk), {f"f{finding.pk}-reason": ""}
    )
    assert response.status_code == 200
    response = client.post(
        url("finding_decide", item.pk, finding.pk),
        {f"f{finding.pk}-reason": "此为虚构示例号码，经核实可以公开。"},
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.decision == FindingDecision.ALLOWED and finding.decided_by == reviewer
    response = client.post(url("item_approve", item.pk), {"publish_at": ""})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.index_number
    page = client.get(url("item", item.pk)).content.decode()
    assert item.index_number in page
    assert "item.publish" in page and "item.finding_allowed" in page  # the history
    assert url("item_version", item.pk, 1) in page


def test_scheduled_approval_waits(client, county, people):
    _gov, a, _b = county
    item = item_submit(actor=people["officer_a"], item=draft(a, people["officer_a"]))
    client.force_login(people["reviewer_a"])
    later = timezone.localtime() + dt.timedelta(days=2)
    client.post(url("item_approve", item.pk), {"publish_at": later.strftime("%Y-%m-%dT%H:%M")})
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVED and item.publish_at is not None
    body = client.get(url("item_list"), {"tab": "scheduled"}).content.decode()
    assert item.title in body


def test_return_with_comment(client, county, people):
    _gov, a, _b = county
    officer, reviewer = people["officer_a"], people["reviewer_a"]
    item = item_submit(actor=officer, item=draft(a, officer))
    client.force_login(officer)
    assert client.post(url("item_return", item.pk), {"comment": "x"}).status_code == 403
    client.force_login(reviewer)
    response = client.post(url("item_return", item.pk), {"comment": ""})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == ItemStatus.SUBMITTED
    client.post(url("item_return", item.pk), {"comment": "请补充政策依据。"})
    item.refresh_from_db()
    assert item.status == ItemStatus.RETURNED and item.return_comment == "请补充政策依据。"
    client.force_login(officer)
    assert "请补充政策依据。" in client.get(url("item", item.pk)).content.decode()
    body = client.get(url("item_list"), {"tab": "mine"}).content.decode()
    assert item.title in body
    # The officer edits and the typed title is saved through item_update.
    data = form_data(a, title="关于做好年度工作的通知（修改稿）")
    response = client.post(url("item_edit", item.pk), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "关于做好年度工作的通知（修改稿）"


def test_withdraw_with_reason_and_confirmation(client, county, people):
    _gov, a, _b = county
    item = published_item(a)
    client.force_login(people["reviewer_a"])
    response = client.post(url("item_withdraw", item.pk), {"reason": "内容有误"})
    assert response.status_code == 200  # not confirmed
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    response = client.post(url("item_withdraw", item.pk), {"reason": "内容有误", "confirm": "on"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.WITHDRAWN and item.withdraw_reason == "内容有误"
    assert Event.objects.filter(
        object_type="catalog.item", object_id=str(item.pk), action="item.withdraw"
    ).exists()
    body = client.get(url("item_list"), {"tab": "withdrawn"}).content.decode()
    assert item.title in body


def test_officer_may_not_withdraw(client, county, people):
    _gov, a, _b = county
    item = published_item(a)
    client.force_login(people["officer_a"])
    assert (
        client.post(url("item_withdraw", item.pk), {"reason": "x", "confirm": "on"}).status_code
        == 403
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED


def test_revise_creates_version_two(client, county, people):
    _gov, a, _b = county
    item = published_item(a, title="原标题")
    client.force_login(people["reviewer_a"])
    page = client.get(url("item_revise", item.pk))
    assert page.status_code == 200 and 'value="原标题"' in page.content.decode()
    data = form_data(a, title="新标题", note="")
    response = client.post(url("item_revise", item.pk), data)
    assert response.status_code == 200  # the note is required
    response = client.post(url("item_revise", item.pk), {**data, "note": "更正标题中的错字"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.version == 2 and item.title == "新标题"
    page = client.get(url("item", item.pk)).content.decode()
    assert url("item_version", item.pk, 2) in page and "更正标题中的错字" in page
    old = client.get(url("item_version", item.pk, 1)).content.decode()
    assert "原标题" in old
    assert ItemVersion.objects.filter(item=item).count() == 2
    assert client.get(url("item_version", item.pk, 3)).status_code == 404


def test_revision_with_an_id_number_is_refused_with_the_message(client, county, people):
    _gov, a, _b = county
    item = published_item(a, title="原标题")
    client.force_login(people["reviewer_a"])
    data = form_data(a, title="原标题", body_html=f"<p>{VALID_ID}</p>", note="补充")
    response = client.post(url("item_revise", item.pk), data)
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.version == 1


def test_set_validity(client, county, people):
    _gov, a, _b = county
    old = published_item(a, title="旧办法")
    new = published_item(a, title="新办法")
    client.force_login(people["reviewer_a"])
    response = client.post(
        url("item_validity", old.pk),
        {"validity": Validity.REPEALED, "changed_on": "2026-06-01", "replaced_by": new.pk},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.validity == Validity.REPEALED and old.replaced_by == new


# --- timeliness and catalog flags -----------------------------------------------------------


def test_timeliness_list_shows_a_late_item(client, county, people):
    gov, a, _b = county
    late = draft(a, people["officer_a"], title="早已超期的草稿", formed_on=dt.date(2026, 9, 1))
    assert late.due_date < timezone.localdate()
    client.force_login(people["office"])
    response = client.get(url("timeliness"))
    body = response.content.decode()
    assert "早已超期的草稿" in body
    row = next(r for r in response.context["rows"] if r.agency == a)
    assert row.late_open == 1
    body = client.get(url("item_list")).content.decode()
    assert "早已超期的草稿" in body and "tag-late" in body


def test_catalog_flags_empty_and_stale_columns(client, county, people):
    gov, a, _b = county
    long_ago = timezone.make_aware(dt.datetime(2026, 1, 5, 10, 0))
    published_item(a, category_code="news.work", title="很久以前的动态", now=long_ago)
    client.force_login(people["admin_a"])
    response = client.get(url("agency_catalog", a.credit_code))
    assert response.status_code == 200
    rows = {r.category.code: r for r in response.context["rows"]}
    assert rows["news.work"].count == 1 and rows["news.work"].stale and not rows["news.work"].empty
    assert rows["news"].count == 1  # the parent counts its subtree
    assert rows["finance.budget"].empty and not rows["finance.budget"].stale
    body = response.content.decode()
    assert "tag-flag" in body

    client.force_login(people["office"])
    response = client.get(url("supervision"))
    assert response.status_code == 200
    srow = next(r for r in response.context["rows"] if r.agency == a)
    assert srow.stale >= 1 and srow.empty >= 1 and srow.empty < srow.categories
    assert client.get(url("agency_catalog", a.credit_code)).status_code == 200
    # The office sees the flags but may not change the catalog.
    assert client.post(url("catalog_from_template", a.credit_code)).status_code == 403


def test_officer_of_another_agency_cannot_see_the_catalog_page(client, county, people):
    _gov, a, _b = county
    client.force_login(people["officer_b"])
    assert client.get(url("agency_catalog", a.credit_code)).status_code == 404


def test_admin_edits_a_category_and_the_guide(client, county, people):
    _gov, a, _b = county
    admin_a = people["admin_a"]
    cat = category(a, "news.work")
    client.force_login(people["officer_a"])
    assert client.get(url("category_edit", a.credit_code, cat.pk)).status_code == 403
    assert client.get(url("guide_edit", a.credit_code)).status_code == 403
    client.force_login(admin_a)
    response = client.post(
        url("category_edit", a.credit_code, cat.pk),
        {"name": "工作动态（新）", "sort_order": 5, "update_period_days": 30, "is_active": "on"},
    )
    assert response.status_code == 302
    cat.refresh_from_db()
    assert cat.name == "工作动态（新）" and cat.update_period_days == 30
    assert Event.objects.filter(action="category.save", actor=admin_a).exists()
    response = client.post(
        url("guide_edit", a.credit_code), {"introduction": "本指南依据条例编制。"}
    )
    assert response.status_code == 302
    assert Guide.objects.get(agency=a).introduction == "本指南依据条例编制。"
    event = Event.objects.get(action="guide.update", actor=admin_a)
    assert event.data["changes"]["introduction"][1] == "本指南依据条例编制。"


def test_create_missing_categories_from_the_template(client, people):
    other = AgencyFactory()
    admin = staff(Role.AGENCY_ADMIN, other)
    client.force_login(admin)
    response = client.get(url("agency_catalog", other.credit_code))
    assert response.context["missing"] > 0
    client.post(url("catalog_from_template", other.credit_code))
    assert Category.objects.filter(agency=other).exists()
    assert client.get(url("agency_catalog", other.credit_code)).context["missing"] == 0


def test_staff_home_links_to_the_catalog_screens(client, county, people):
    _gov, a, _b = county
    client.force_login(people["admin_a"])
    body = client.get(reverse("portal:staff_home")).content.decode()
    assert url("item_list") in body and url("agency_catalog", a.credit_code) in body
    client.force_login(people["office"])
    assert url("supervision") in client.get(reverse("portal:staff_home")).content.decode()


# --- query counts ---------------------------------------------------------------------------


def _queries(client, target, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(target, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_use_a_bounded_number_of_queries(client, county, people):
    gov, a, b = county
    office = people["office"]
    client.force_login(office)
    draft(a, people["officer_a"], formed_on=dt.date(2026, 9, 1))
    published_item(a)
    client.get(url("item_list"))  # the first request of a session does some one-off work
    counts_small = [
        _queries(client, url("item_list")),
        _queries(client, url("timeliness")),
        _queries(client, url("supervision")),
        _queries(client, url("agency_catalog", a.credit_code)),
    ]
    for n in range(6):
        draft(a, people["officer_a"], title=f"草稿{n}", formed_on=dt.date(2026, 9, 1))
        draft(b, people["officer_b"], title=f"乙草稿{n}", formed_on=dt.date(2026, 9, 2))
        published_item(b, title=f"乙发布{n}")
    counts_big = [
        _queries(client, url("item_list")),
        _queries(client, url("timeliness")),
        _queries(client, url("supervision")),
        _queries(client, url("agency_catalog", a.credit_code)),
    ]
    assert counts_big == counts_small
