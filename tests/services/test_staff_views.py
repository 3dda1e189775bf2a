"""The staff screens: who sees which matters (by role and agency), creating and editing a guide
with its lists and files through the forms, the review buttons, versions with what changed,
the fee list, life events and the import screen."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.services import services
from gongkai.services.models import FeeItem, LifeEvent, Matter, VersionStatus
from tests.services.conftest import create, guide, minimal_pdf, next_code, publish

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def guide_post(prefix_counts=None, **overrides) -> dict:
    """The edit form's POST data for ``conftest.guide()`` (files left out)."""
    content = guide(**overrides)
    data = {
        name: value
        for name, value in content.items()
        if name not in ("bases", "materials", "steps", "questions") and value is not None
    }
    for name in ("serves_natural_persons", "serves_organizations", "charges_fee"):
        if not data.get(name):
            data.pop(name, None)
        else:
            data[name] = "on"
    for name, rows, keys in (
        ("bases", content["bases"], ("title", "article", "excerpt")),
        ("materials", content["materials"], ("name", "form", "copies", "source", "requirements")),
        ("steps", content["steps"], ("title", "description", "time_limit")),
        ("questions", content["questions"], ("question", "answer")),
    ):
        data[f"{name}-TOTAL_FORMS"] = str(len(rows))
        data[f"{name}-INITIAL_FORMS"] = "0"
        for i, row in enumerate(rows):
            for key in keys:
                data[f"{name}-{i}-{key}"] = row.get(key, "")
            if name == "materials":
                data[f"{name}-{i}-required"] = "on"
    return data


def test_list_is_scoped_by_agency(client, county, published):
    other = publish(county, create(county, agency=county.b, name="结婚登记"))
    page = login(client, county.officer_a).get(reverse("services_staff:list")).content.decode()
    assert published.name in page and other.name not in page
    client.logout()
    page = login(client, county.office).get(reverse("services_staff:list")).content.decode()
    assert published.name in page and other.name in page  # the 公开办 supervises both
    client.logout()
    login(client, county.officer_b)
    assert client.get(reverse("services_staff:detail", args=[published.pk])).status_code == 404
    assert client.get(reverse("services_staff:version", args=[published.pk, 1])).status_code == 404


def test_anonymous_is_sent_to_login(client, published):
    response = client.get(reverse("services_staff:list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_create_edit_submit_and_approve_through_the_screens(client, county):
    login(client, county.officer_a)
    code = next_code()
    data = guide_post(department=county.dept_a.pk)
    data.update({"agency": county.a.pk, "implementation_code": code})
    data["materials-0-blank_form_upload"] = SimpleUploadedFile(
        "空白表.pdf", minimal_pdf(), "application/pdf"
    )
    response = client.post(reverse("services_staff:create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    matter = Matter.objects.get(implementation_code=code)
    version = matter.versions.get()
    assert version.materials.count() == 2 and version.steps.count() == 4
    assert version.materials.order_by("sort_order").first().blank_form.name == "空白表.pdf"
    assert version.department == county.dept_a
    # Edit: the existing file is kept by its id; a bad limit comes back on its field.
    edit_url = reverse("services_staff:edit", args=[matter.pk, 1])
    form = client.get(edit_url)
    assert form.status_code == 200
    data = guide_post(promised_limit=30)
    data["materials-0-blank_form_id"] = str(
        version.materials.order_by("sort_order").first().blank_form_id
    )
    bad = client.post(edit_url, data)
    assert bad.status_code == 200
    assert "承诺办结时限不能长于法定办结时限" in bad.content.decode()
    assert "个体工商户登记申请书" in bad.content.decode()  # nothing typed is lost
    data["promised_limit"] = "2"
    assert client.post(edit_url, data).status_code == 302
    version.refresh_from_db()
    assert version.promised_limit == 2
    assert version.materials.order_by("sort_order").first().blank_form.name == "空白表.pdf"
    assert client.post(reverse("services_staff:submit", args=[matter.pk, 1])).status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.SUBMITTED
    # The officer cannot approve; the reviewer can.
    client.post(reverse("services_staff:approve", args=[matter.pk, 1]))
    version.refresh_from_db()
    assert version.status == VersionStatus.SUBMITTED
    client.logout()
    login(client, county.reviewer_a)
    queue = client.get(reverse("services_staff:queue")).content.decode()
    assert matter.name in queue
    client.post(reverse("services_staff:approve", args=[matter.pk, 1]))
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED


def test_a_refused_upload_is_shown_on_its_field(client, county):
    login(client, county.officer_a)
    data = guide_post()
    data.update({"agency": county.a.pk, "implementation_code": next_code()})
    data["materials-0-blank_form_upload"] = SimpleUploadedFile(
        "form.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"
    )
    response = client.post(reverse("services_staff:create"), data)
    assert response.status_code == 200
    assert "form.pdf" in response.content.decode()
    assert not Matter.objects.exists()


def test_version_page_shows_what_changed(client, county, published):
    draft = services.matter_new_draft(actor=county.officer_a, matter=published)
    services.version_update(
        actor=county.officer_a, version=draft, place="测试县政务服务中心三楼", promised_limit=1
    )
    login(client, county.officer_a)
    page = client.get(reverse("services_staff:version", args=[published.pk, 2])).content.decode()
    assert "测试县政务服务中心三楼" in page and "测试县政务服务中心一楼3号窗口" in page
    assert "办理地点" in page and "承诺办结时限" in page
    detail = client.get(reverse("services_staff:detail", args=[published.pk])).content.decode()
    assert "第2版" in detail and "第1版" in detail


def test_return_and_findings_through_the_screens(client, county):
    matter = create(county, conditions="联系人手机13912345678。")
    services.version_submit(actor=county.officer_a, version=matter.versions.get())
    login(client, county.reviewer_a)
    page = client.get(reverse("services_staff:version", args=[matter.pk, 1])).content.decode()
    assert "139****5678" in page and "13912345678" not in page.split("受理条件")[0]
    finding = matter.versions.get().findings.get()
    client.post(
        reverse("services_staff:allow_finding", args=[matter.pk, 1, finding.pk]),
        {"reason": "公务手机"},
    )
    finding.refresh_from_db()
    assert finding.decision == "allowed"
    client.post(reverse("services_staff:return", args=[matter.pk, 1]), {"reason": "请删除手机号。"})
    assert matter.versions.get().status == VersionStatus.RETURNED


def test_fee_list_screens_are_for_reviewers(client, county):
    login(client, county.officer_a)
    assert client.get(reverse("services_staff:fee_create")).status_code == 403
    client.logout()
    login(client, county.reviewer_a)
    response = client.post(
        reverse("services_staff:fee_create"),
        {
            "agency": county.a.pk,
            "name": "工本费",
            "standard": "每本10元",
            "amount": "10",
            "is_active": "on",
            "sort_order": "1",
        },
    )
    assert response.status_code == 302
    item = FeeItem.objects.get()
    assert client.get(reverse("services_staff:fee_edit", args=[item.pk])).status_code == 200
    client.logout()
    login(client, county.reviewer_b)
    assert client.get(reverse("services_staff:fee_edit", args=[item.pk])).status_code == 404


def test_life_events_kept_by_the_office_and_filed_by_the_bureau(client, county, published):
    login(client, county.officer_a)
    assert client.get(reverse("services_staff:life_event_create")).status_code == 403
    client.logout()
    login(client, county.office)
    response = client.post(
        reverse("services_staff:life_event_create"),
        {
            "agency": county.government.pk,
            "name": "开办企业",
            "slug": "start-a-business",
            "for_organizations": "on",
            "sort_order": "1",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    event = LifeEvent.objects.get()
    client.logout()
    login(client, county.officer_a)
    client.post(
        reverse("services_staff:set_life_events", args=[published.pk]), {"life_events": [event.pk]}
    )
    assert list(published.life_events.all()) == [event]
    client.logout()
    login(client, county.officer_b)
    client.post(reverse("services_staff:set_life_events", args=[published.pk]), {"life_events": []})
    assert list(published.life_events.all()) == [event]  # another bureau cannot touch it


def test_import_screen_checks_then_imports(client, county):
    import csv
    import io

    from tests.services.test_import import HEADER, row

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    writer.writerow(row("WEB001"))
    writer.writerow(row("WEB002", 事项类型="行政审批"))
    content = out.getvalue().encode()
    login(client, county.officer_a)
    assert client.get(reverse("services_staff:import")).status_code == 403
    client.logout()
    login(client, county.admin_a)
    upload = lambda: SimpleUploadedFile("matters.csv", content, "text/csv")  # noqa: E731
    checked = client.post(
        reverse("services_staff:import"), {"agency": county.a.pk, "file": upload(), "dry_run": "on"}
    )
    page = checked.content.decode()
    assert "第3行" in page and "行政审批" in page
    assert not Matter.objects.exists()
    done = client.post(reverse("services_staff:import"), {"agency": county.a.pk, "file": upload()})
    assert "新建：1" in done.content.decode()
    assert Matter.objects.filter(implementation_code="WEB001").exists()
