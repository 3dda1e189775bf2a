"""The tracking page /apply/track/: number + query code, the same answer for every wrong
pair, rate limits and CAPTCHA, only public steps, and letter downloads for that application
only."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.applications import captcha
from gongkai.applications.models import Channel, Letter, LetterKind, Step
from gongkai.applications.services.intake import application_register

D = dt.date.fromisoformat
TRACK = "/apply/track/"


def data(**overrides) -> dict:
    values = {
        "applicant_kind": "natural_person",
        "applicant_name": "赵六",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13912345678",
        "email": "zhaoliu@example.com",
        "info_title": "某路段改造工程的招标文件",
        "form_wanted": "paper",
        "delivery_wanted": "collect",
    }
    values.update(overrides)
    return values


@pytest.fixture
def case(county):
    """An application of bureau A registered in person on 15 Sep 2026 (due 19 Oct 2026)."""
    return application_register(
        actor=county.handler_a,
        agency=county.a,
        data=data(),
        channel=Channel.IN_PERSON,
        received_on=D("2026-09-15"),
        now=timezone.make_aware(dt.datetime(2026, 9, 15, 10, 0)),
    )


@pytest.fixture
def other_case(county):
    return application_register(
        actor=county.handler_b,
        agency=county.b,
        data=data(applicant_name="钱七", email="qianqi@example.com", info_title="另一件申请"),
        channel=Channel.IN_PERSON,
        received_on=D("2026-09-15"),
        now=timezone.make_aware(dt.datetime(2026, 9, 15, 11, 0)),
    )


def issued_letter(application, *, to_applicant=True, issued=True) -> Letter:
    letter = Letter.objects.create(
        application=application,
        kind=LetterKind.REPLY,
        reference="测教公开〔2026〕1号",
        body="答复正文",
        issued_at=timezone.now() if issued else None,
        to_applicant=to_applicant,
    )
    letter.pdf.save("reply.pdf", ContentFile(b"%PDF-1.4 reply of " + application.number.encode()))
    letter.docx.save("reply.docx", ContentFile(b"PK docx of " + application.number.encode()))
    return letter


def look_up(client, number, code, **extra):
    return client.post(TRACK, {"number": number, "query_code": code, **extra})


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_right_pair_opens_the_status_page(client, case):
    application, code = case
    response = look_up(client, application.number, code.lower())
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:status", args=[application.number])
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "2026-09-15" in html and "2026-10-19" in html  # receipt date and due date
    assert "某路段改造工程的招标文件" in html
    assert "no-store" in page["Cache-Control"]


def test_wrong_number_and_wrong_code_get_the_same_answer(client, case, other_case):
    application, code = case
    other, other_code = other_case
    wrong_code = look_up(client, application.number, "ABCDEFGH")
    wrong_number = look_up(client, "2026-009999", code)
    someone_elses = look_up(client, other.number, code)
    assert wrong_code.status_code == wrong_number.status_code == someone_elses.status_code == 200
    message = _("The application number or query code is not correct.")
    for response in (wrong_code, wrong_number, someone_elses):
        assert message in response.content.decode()
    # Apart from the typed number, the pages are identical.
    a = (
        without_tokens(wrong_code.content.decode())
        .replace(application.number, "N")
        .replace("ABCDEFGH", "C")
    )
    b = without_tokens(wrong_number.content.decode()).replace("2026-009999", "N").replace(code, "C")
    assert a == b


def test_session_key_changes_after_a_successful_lookup(client, case):
    application, code = case
    client.get(TRACK)
    before = client.session.session_key
    look_up(client, application.number, code)
    assert client.session.session_key != before


def test_status_page_shows_only_public_steps_and_no_staff_names(client, county, case):
    application, code = case
    Step.objects.create(
        application=application,
        at=timezone.now(),
        kind="note",
        text="内部意见：涉及第三方，需征求意见",
        public=False,
        actor=county.handler_a,
    )
    look_up(client, application.number, code)
    html = client.get(reverse("applications:status", args=[application.number])).content.decode()
    assert "内部意见" not in html
    assert county.handler_a.full_name not in html
    assert county.handler_a.username not in html
    assert "2026年10月19日" in html  # the public receipt step
    assert "11010519491231002X" not in html and "13912345678" not in html


def test_status_of_an_application_not_looked_up_is_not_shown(client, case, other_case):
    application, code = case
    other, _code = other_case
    status_url = reverse("applications:status", args=[other.number])
    assert client.get(status_url)["Location"] == TRACK  # before any lookup
    look_up(client, application.number, code)
    assert client.get(status_url)["Location"] == TRACK  # a lookup of another one is no key
    missing = client.get(reverse("applications:status", args=["2026-999999"]))
    assert missing.status_code == 302 and missing["Location"] == TRACK  # same as existing


def test_letters_download_only_after_lookup_and_only_for_that_application(client, case, other_case):
    application, code = case
    other, other_code = other_case
    mine = issued_letter(application)
    theirs = issued_letter(other)
    draft = issued_letter(application, issued=False)
    internal = issued_letter(application, to_applicant=False)

    def download(number, letter, fmt="pdf"):
        return client.get(reverse("applications:letter_download", args=[number, letter.pk, fmt]))

    assert download(application.number, mine).status_code == 404  # no lookup yet
    look_up(client, application.number, code)
    response = download(application.number, mine)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).endswith(application.number.encode())
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert download(application.number, mine, "docx").status_code == 200
    assert download(application.number, mine, "txt").status_code == 404
    # Guessing: another application's letter id under my number, or their number.
    assert download(application.number, theirs).status_code == 404
    assert download(other.number, theirs).status_code == 404
    assert download(application.number, draft).status_code == 404
    assert download(application.number, internal).status_code == 404
    # The status page lists my issued letter only.
    html = client.get(reverse("applications:status", args=[application.number])).content.decode()
    assert (
        reverse("applications:letter_download", args=[application.number, mine.pk, "pdf"]) in html
    )
    for hidden in (draft, internal):
        assert (
            reverse("applications:letter_download", args=[application.number, hidden.pk, "pdf"])
            not in html
        )


def test_captcha_after_three_failures_and_refusal_after_the_limit(client, case, settings):
    settings.GONGKAI_TRACK_LIMIT_FAILURES = (5, 3600)
    application, code = case
    for _i in range(3):
        look_up(client, application.number, "WRONGCODE")
    page = client.get(TRACK)
    assert "captcha" in page.context["form"].fields
    # Right pair but no CAPTCHA: refused without looking.
    response = look_up(client, application.number, code, captcha="")
    assert response.status_code == 200 and "captcha" in response.context["form"].errors
    # Right pair with the CAPTCHA solved: in.
    client.get(TRACK)
    answer = captcha.pending_answer(client.session, "track")
    assert look_up(client, application.number, code, captcha=answer).status_code == 302
    # Two more failures reach the limit: now even the right pair is refused, with a time.
    for _i in range(2):
        client.get(TRACK)
        answer = captcha.pending_answer(client.session, "track")
        look_up(client, application.number, "WRONGCODE", captcha=answer)
    client.get(TRACK)
    answer = captcha.pending_answer(client.session, "track")
    refused = look_up(client, application.number, code, captcha=answer)
    assert refused.status_code == 429
    assert refused.context["alert"]
    # Other clients are not affected.
    other = client.post(
        TRACK, {"number": application.number, "query_code": code}, REMOTE_ADDR="10.1.1.1"
    )
    assert other.status_code == 302


def test_submitting_online_lets_the_same_browser_follow_the_application(client, agency):
    form_url = reverse("applications:apply") + f"?agency={agency.credit_code}"
    client.get(form_url)
    answer = captcha.pending_answer(client.session, "apply")
    response = client.post(
        form_url, {**data(form_wanted="email", delivery_wanted="email"), "captcha": answer}
    )
    number = re.search(r'id="application-number">([^<]+)<', response.content.decode()).group(1)
    status = client.get(reverse("applications:status", args=[number]))
    assert status.status_code == 200
    assert _("Not yet confirmed") in status.content.decode()
