"""The shared pieces the case apps build on: e-mail after commit, recipients, the timeline
step model and partial, and the formal documents."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import docx
import pytest
from django.core import mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader

from gongkai.accounts.models import Role
from gongkai.applications import notify as applications_notify
from gongkai.applications.documents import LetterDocument
from gongkai.applications.models import Step
from gongkai.casework import notify
from gongkai.casework.documents import CaseDocument, document_html, render_docx, render_pdf
from gongkai.casework.models import TimelineStep
from gongkai.casework.recipients import office_addresses, staff_addresses
from tests.factories import staff


def test_one_suppression_for_both_names(db, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert applications_notify.send_after_commit is notify.send_after_commit
    with django_capture_on_commit_callbacks(execute=True):
        with applications_notify.suppressed(), transaction.atomic():
            notify.send_after_commit(to=["a@example.com"], subject="一", body="正文")
        with notify.suppressed(), transaction.atomic():
            applications_notify.send_after_commit(to=["a@example.com"], subject="二", body="正文")
        with transaction.atomic():
            notify.send_after_commit(to=["a@example.com", ""], subject="三", body="正文")
    assert [(m.subject, m.to) for m in mail.outbox] == [("三", ["a@example.com"])]


def test_staff_and_office_addresses(county):
    staff(Role.HANDLER, county.bureau, email="")  # no address: left out
    gone = staff(Role.HANDLER, county.bureau, email="gone@example.com")
    gone.is_active = False
    gone.save()
    assert staff_addresses(county.bureau, [Role.HANDLER]) == [
        "handler2@example.com",
        "handler@example.com",
    ]
    assert staff_addresses(county.bureau, [Role.HANDLER, Role.LEADER]) == [
        "handler2@example.com",
        "handler@example.com",
        "leader@example.com",
    ]
    assert staff_addresses(county.town, [Role.LEADER]) == []
    # The 公开办 of the county supervises the bureau; the bureau has none of its own.
    assert office_addresses(county.bureau) == ["office@example.com"]
    staff(Role.DISCLOSURE_OFFICE, county.bureau, email="bureau.office@example.com")
    assert office_addresses(county.bureau) == ["bureau.office@example.com", "office@example.com"]
    assert office_addresses(county.town) == ["office@example.com"]


def test_applications_step_is_a_timeline_step():
    assert issubclass(Step, TimelineStep) and TimelineStep._meta.abstract
    names = {f.name for f in TimelineStep._meta.get_fields()}
    assert names == {"at", "kind", "text", "public", "actor"}
    assert {f.name for f in Step._meta.get_fields()} >= names | {"application"}
    assert Step._meta.ordering == ["application", "at", "pk"]


def test_timeline_partial_lists_steps_with_time_and_text():
    at = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 30))
    steps = [SimpleNamespace(at=at, text="已收到。\n正在办理。")]
    html = render_to_string("casework/_timeline.html", {"steps": steps})
    assert '<ol class="timeline">' in html
    assert "2026-03-02 09:30" in html
    assert "已收到。<br>正在办理。" in html
    assert "暂无内容。" in render_to_string("casework/_timeline.html", {"steps": []})


@pytest.fixture
def document():
    return CaseDocument.from_body(
        "关于来信的答复\n王某某：\n您的来信收悉。\n\n现答复如下：<已办理>。",
        reference="示信复〔2026〕1号",
        agency_name="示例县民政局",
        date_text="2026年5月15日",
    )


def test_document_from_body_and_html(document):
    assert LetterDocument is CaseDocument
    assert document.title == "关于来信的答复"
    assert document.salutation == "王某某："
    assert document.paragraphs == ("您的来信收悉。", "现答复如下：<已办理>。")
    html = document_html(document)
    assert "<h1>关于来信的答复</h1>" in html
    assert "&lt;已办理&gt;" in html and "<已办理>" not in html
    assert "size: A4" in html and "Noto Serif CJK SC" in html


def test_docx_and_pdf(document):
    word = docx.Document(io.BytesIO(render_docx(document)))
    texts = [p.text for p in word.paragraphs]
    assert texts == [
        "关于来信的答复",
        "示信复〔2026〕1号",
        "王某某：",
        "您的来信收悉。",
        "现答复如下：<已办理>。",
        "示例县民政局",
        "2026年5月15日",
    ]
    assert round(word.sections[0].page_width.mm) == 210
    pdf = render_pdf(document)
    assert pdf.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "关于来信的答复" in text and "示例县民政局" in text
