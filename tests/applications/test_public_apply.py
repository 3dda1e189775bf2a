"""The public application form /apply/new/: agency facts, CAPTCHA, validation shown in
place, rate limits, attachments, and the page with the number and query code."""

from __future__ import annotations

import base64
import io
import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.applications import captcha, ratelimit
from gongkai.applications.models import Application, Status, Step
from gongkai.applications.services.intake import application_by_number_and_code

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(agency) -> str:
    return reverse("applications:apply") + f"?agency={agency.credit_code}"


def form_data(**overrides) -> dict:
    data = {
        "applicant_kind": "natural_person",
        "applicant_name": "李四",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13912345678",
        "email": "lisi@example.com",
        "address": "测试县人民路8号",
        "postcode": "339900",
        "info_title": "2025年本局“三公”经费决算",
        "info_doc_number": "",
        "info_description": "",
        "form_wanted": "email",
        "delivery_wanted": "email",
    }
    data.update(overrides)
    return data


def post(client, agency, *, solve=True, **overrides):
    """Open the form (a fresh CAPTCHA), then submit it with the CAPTCHA solved or not."""
    client.get(url(agency))
    answer = captcha.pending_answer(client.session, "apply") if solve else "wrong"
    return client.post(url(agency), {**form_data(**overrides), "captcha": answer})


def test_form_shows_the_agency_and_its_disclosure_office(client, agency):
    agency.disclosure_office_name = "测试县教育局办公室"
    agency.disclosure_phone = "0579-80009999"
    agency.disclosure_office_hours = "工作日 8:30-17:00"
    agency.save()
    response = client.get(url(agency))
    assert response.status_code == 200
    page = response.content.decode()
    for fact in ("测试县教育局", "测试县教育局办公室", "0579-80009999", "工作日 8:30-17:00"):
        assert fact in page
    # The CAPTCHA comes from our own server as a data: image, with no readable answer in it.
    image = re.search(r'src="(data:image/svg\+xml;base64,[^"]+)"', page).group(1)
    svg = base64.b64decode(image.split(",", 1)[1]).decode()
    assert set(re.findall(r"<(\w+)", svg)) <= {"svg", "rect", "path", "polyline", "line"}
    assert captcha.pending_answer(client.session, "apply")
    assert response["Cache-Control"].startswith("max-age=0")


def test_without_an_agency_the_directory_is_offered(client, county):
    response = client.get(reverse("applications:apply"))
    assert response.status_code == 200
    assert f"?agency={county.a.credit_code}" in response.content.decode()
    assert client.get(reverse("applications:apply") + "?agency=NOPE").status_code == 404


def test_submitting_shows_number_and_query_code_once(
    client, agency, mail_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, agency)
    assert response.status_code == 200
    page = response.content.decode()
    application = Application.objects.get()
    assert application.status == Status.SUBMITTED and application.received_on is None
    code = re.search(r'id="query-code">([A-Z0-9]{8})<', page).group(1)
    assert application.number in page
    assert _("Please write down the application number and the query code.") in page
    assert application_by_number_and_code(application.number, code) == application
    assert "no-store" in response["Cache-Control"]
    assert code not in str(dict(client.session))  # not kept readable, not even in the session
    assert code in mail_outbox[0].body


def test_everything_typed_stays_and_errors_are_named(client, agency):
    response = post(
        client,
        agency,
        id_number="110105194912310021",
        address="",
        form_wanted="paper",
        delivery_wanted="post",
        info_description="请提供按月的明细",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert not Application.objects.exists()
    assert "110105194912310021" in page and "请提供按月的明细" in page and "李四" in page
    assert re.search(r'value="post"[^>]*checked', page)
    from django.utils.html import escape

    assert escape(_("You asked for delivery by post: enter your postal address.")) in page
    assert (
        escape(
            _(
                "The check digit (the last character) of this resident identity card number does "
                "not match the other digits. Please check the number for typing errors."
            )
        )
        in page
    )


def test_wrong_captcha_is_refused(client, agency):
    response = post(client, agency, solve=False)
    assert response.status_code == 200
    assert not Application.objects.exists()
    assert "李四" in response.content.decode()


def test_captcha_is_single_use(client, agency):
    client.get(url(agency))
    answer = captcha.pending_answer(client.session, "apply")
    assert client.post(url(agency), {**form_data(), "captcha": answer}).status_code == 200
    assert Application.objects.count() == 1
    # Replaying the same request (same answer) does not submit again.
    client.post(url(agency), {**form_data(), "captcha": answer})
    assert Application.objects.count() == 1


def test_captcha_expires(client, agency, settings):
    settings.GONGKAI_CAPTCHA_TTL = -1
    response = post(client, agency)
    assert not Application.objects.exists()
    assert "captcha" in response.context["form"].errors


def test_limit_per_client_address(client, agency, settings):
    settings.GONGKAI_APPLY_LIMIT_PER_IP = (2, 3600)
    for i in range(2):
        assert (
            post(client, agency, phone=f"1391234567{i}", email=f"a{i}@example.com").status_code
            == 200
        )
    response = post(client, agency, phone="13912345679", email="c@example.com")
    assert response.status_code == 429
    assert Application.objects.count() == 2
    assert "李四" in response.content.decode()  # the form is kept
    # Another address may still apply.
    client.get(url(agency))
    answer = captcha.pending_answer(client.session, "apply")
    other = client.post(
        url(agency),
        {**form_data(phone="13700000000", email="d@example.com"), "captcha": answer},
        REMOTE_ADDR="10.0.0.9",
    )
    assert other.status_code == 200 and Application.objects.count() == 3


def test_limit_per_contact_across_addresses(client, agency, settings):
    settings.GONGKAI_APPLY_LIMIT_PER_CONTACT = (1, 86400)
    assert post(client, agency).status_code == 200
    client.get(url(agency))
    answer = captcha.pending_answer(client.session, "apply")
    response = client.post(
        url(agency),
        {**form_data(email="other@example.com"), "captcha": answer},  # same phone
        REMOTE_ADDR="10.0.0.7",
    )
    assert response.status_code == 429
    assert Application.objects.count() == 1


def test_rate_limit_says_when_to_try_again():
    rule = ratelimit.Rule(limit=2, window=3600)
    ratelimit.record("t", "x", rule, now=1000.0)
    ratelimit.record("t", "x", rule, now=2000.0)
    with pytest.raises(ratelimit.RateLimited) as excinfo:
        ratelimit.check("t", "x", rule, now=2500.0)
    assert excinfo.value.retry_at.timestamp() == 1000.0 + 3600
    assert excinfo.value.message  # a sentence with the time
    ratelimit.check("t", "x", rule, now=4601.0)  # the first one has left the window
    ratelimit.check("t", "y", rule, now=2500.0)  # others are not affected


def test_attachments_are_checked_and_stored_privately(client, agency):
    client.get(url(agency))
    answer = captcha.pending_answer(client.session, "apply")
    proof = io.BytesIO(PNG)
    proof.name = "身份证.png"
    other = io.BytesIO(PDF)
    other.name = "说明.pdf"
    response = client.post(
        url(agency), {**form_data(), "captcha": answer, "id_proof": proof, "other_file": other}
    )
    assert response.status_code == 200
    application = Application.objects.get()
    step = Step.objects.get(application=application, kind="attachments")
    assert not step.public
    paths = step.text.splitlines()
    assert len(paths) == 2
    for path in paths:
        assert path.startswith(f"applications/{application.number}/")
        assert default_storage.exists(path)
        assert "身份证" not in path  # random names: nothing to guess from the URL


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100),  # an executable renamed .pdf
        ("page.png", b"<html><script>alert(1)</script></html>"),
        ("letter.docx", b"PK\x03\x04" + b"\x00" * 100),  # allowed elsewhere, not here
    ],
)
def test_other_files_are_refused(client, agency, name, content):
    client.get(url(agency))
    answer = captcha.pending_answer(client.session, "apply")
    upload = io.BytesIO(content)
    upload.name = name
    response = client.post(url(agency), {**form_data(), "captcha": answer, "id_proof": upload})
    assert not Application.objects.exists()
    assert "id_proof" in response.context["form"].errors


def test_section_page_links_to_the_form_and_the_tracking_page(client, county):
    page = client.get(reverse("portal:apply")).content.decode()
    assert reverse("applications:track") in page
    assert f"{reverse('applications:apply')}?agency={county.a.credit_code}" in page
