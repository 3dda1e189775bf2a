"""The 一次性告知单 (one-time notice handed out at the window): a matter's whole guide on A4,
with the checklist of materials to tick and the flowchart, as a PDF made by WeasyPrint with
Debian's Noto CJK fonts (``casework.documents.PDF_FONTS``).

``handout_html`` renders the template ``services/handout.html`` for a version (its relations
prefetched, see ``selectors.with_content``); ``handout_pdf`` turns that into PDF bytes. Both
read nothing but the version and its relations.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from gongkai.casework.documents import PDF_FONTS
from gongkai.services.flowchart import Step, flowchart_svg
from gongkai.services.models import Matter, MatterVersion


def steps_of(version: MatterVersion) -> list[Step]:
    return [Step(s.title, s.description, s.time_limit) for s in version.steps.all()]


def handout_html(matter: Matter, version: MatterVersion, *, page_url: str = "") -> str:
    return render_to_string(
        "services/handout.html",
        {
            "matter": matter,
            "v": version,
            "fonts": PDF_FONTS,
            "flowchart": flowchart_svg(steps_of(version), chart_id="handout-flowchart"),
            "page_url": page_url,
        },
    )


def handout_pdf(matter: Matter, version: MatterVersion, *, page_url: str = "") -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs ~0.5 s at start-up

    return HTML(string=handout_html(matter, version, page_url=page_url)).write_pdf()
