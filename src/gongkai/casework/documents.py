"""Formal documents of a case (告知书, 答复书 …) rendered as DOCX and PDF.

Used by ``applications`` (reply letters, ``applications.documents`` keeps the old names) and
``interaction`` (replies to letters); ``reports`` takes ``PDF_FONTS`` from here. A document's
stored text is: the title on the first line, the salutation on the second, then one paragraph
per line (``CaseDocument.from_body``). The number, the agency name and the date are printed
around that text. Both renderers are pure functions of a ``CaseDocument``: no database, no
clock.

The PDF follows the look of a 公文 letter on A4 (GB/T 9704 margins): centred title, the number
below it, a serif body (Noto Serif CJK SC standing in for 仿宋) of 16 pt with two-character
indents, the signature block on the right and "— N —" page numbers. The DOCX is the editable
copy for the office and names the fonts Chinese offices have (宋体, 仿宋).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

PDF_FONTS = '"Noto Serif CJK SC", "Noto Sans CJK SC", serif'
DOCX_TITLE_FONT = "宋体"
DOCX_BODY_FONT = "仿宋"


@dataclass(frozen=True)
class CaseDocument:
    """What is printed: the stored text split into its parts, with the number, the agency
    and the date that frame it."""

    title: str
    reference: str
    salutation: str
    paragraphs: tuple[str, ...]
    agency_name: str
    date_text: str  # 2026年5月15日

    @classmethod
    def from_body(
        cls, body: str, *, reference: str, agency_name: str, date_text: str
    ) -> CaseDocument:
        lines = [line.strip() for line in body.splitlines() if line.strip()]
        title = lines[0] if lines else ""
        salutation = lines[1] if len(lines) > 1 else ""
        return cls(
            title=title,
            reference=reference,
            salutation=salutation,
            paragraphs=tuple(lines[2:]),
            agency_name=agency_name,
            date_text=date_text,
        )


# --- PDF (WeasyPrint) ----------------------------------------------------------------------

PDF_CSS = f"""
@page {{
  size: A4;
  margin: 37mm 26mm 35mm 28mm;
  @bottom-center {{
    content: "— " counter(page) " —";
    font-family: {PDF_FONTS};
    font-size: 14pt;
  }}
}}
html {{ font-family: {PDF_FONTS}; font-size: 16pt; line-height: 28pt; color: #000; }}
h1 {{
  font-size: 22pt; line-height: 33pt; font-weight: bold; text-align: center;
  margin: 0 0 8pt;
}}
.reference {{ text-align: center; margin: 0 0 20pt; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
p.salutation {{ text-indent: 0; }}
.signature {{
  margin-top: 36pt; text-align: right; padding-right: 2em;
  break-inside: avoid; break-before: avoid;
}}
.signature p {{ text-indent: 0; text-align: right; }}
"""


def document_html(doc: CaseDocument) -> str:
    parts = [
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{escape(doc.title)}</title><style>{PDF_CSS}</style></head><body>",
        f"<h1>{escape(doc.title)}</h1>",
    ]
    if doc.reference:
        parts.append(f'<div class="reference">{escape(doc.reference)}</div>')
    if doc.salutation:
        parts.append(f'<p class="salutation">{escape(doc.salutation)}</p>')
    parts.extend(f"<p>{escape(text)}</p>" for text in doc.paragraphs)
    parts.append(
        f'<div class="signature"><p>{escape(doc.agency_name)}</p>'
        f"<p>{escape(doc.date_text)}</p></div></body></html>"
    )
    return "".join(parts)


def render_pdf(doc: CaseDocument) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs ~0.5 s at start-up

    return HTML(string=document_html(doc)).write_pdf()


# --- DOCX (python-docx) ----------------------------------------------------------------------


def _font(run, name: str, size: int, *, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    # Word takes the font of Chinese characters from w:eastAsia, not from w:ascii.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def render_docx(doc: CaseDocument) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    document.core_properties.title = doc.title

    def paragraph(text: str, *, align=None, indent: bool = True, size: int = 16, bold=False):
        p = document.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing = Pt(28)
        fmt.space_after = Pt(0)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        if align is not None:
            p.alignment = align
        _font(p.add_run(text), DOCX_TITLE_FONT if bold else DOCX_BODY_FONT, size, bold=bold)
        return p

    title = paragraph(doc.title, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, size=22, bold=True)
    title.paragraph_format.line_spacing = Pt(33)
    if doc.reference:
        ref = paragraph(doc.reference, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        ref.paragraph_format.space_after = Pt(20)
    if doc.salutation:
        paragraph(doc.salutation, indent=False)
    for text in doc.paragraphs:
        paragraph(text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    signature = paragraph(doc.agency_name, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    signature.paragraph_format.space_before = Pt(36)
    paragraph(doc.date_text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
