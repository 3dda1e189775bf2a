"""The print version of a notice for the notice board (公示栏): an A4 PDF with the title, the
text, the period and how to object, the agency's signature with an area for its seal (盖章处)
and the date, and — once published — the result. WeasyPrint with the Noto CJK fonts, as the
case documents (``casework.documents``)."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from gongkai.casework.documents import PDF_FONTS
from gongkai.notices.display import counting_rule, period_facts
from gongkai.notices.models import Notice, Status
from gongkai.notices.selectors import public_objection_count


def print_context(notice: Notice, *, today: dt.date, site_url: str = "") -> dict:
    return {
        "n": notice,
        "facts": period_facts(notice, today),
        "rule": counting_rule(notice.counting),
        "fonts": PDF_FONTS,
        "online_url": f"{site_url}{reverse('notices:detail', args=[notice.pk])}",
        "has_result": notice.status in (Status.RESULT, Status.CLOSED),
        "objection_count": public_objection_count(notice),
        "draft": notice.status not in (Status.PUBLISHED, Status.RESULT, Status.CLOSED),
    }


def notice_html(notice: Notice, *, today: dt.date, site_url: str = "") -> str:
    """The printable page in Chinese (the notice board's language), whatever the request's."""
    with translation.override("zh-hans"):
        return render_to_string(
            "notices/print.html", print_context(notice, today=today, site_url=site_url)
        )


def notice_pdf(notice: Notice, *, today: dt.date, site_url: str = "") -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs ~0.5 s at start-up

    return HTML(string=notice_html(notice, today=today, site_url=site_url)).write_pdf()
