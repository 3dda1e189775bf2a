"""Rendering a letter (告知书) as DOCX and PDF.

A letter's stored text (``Letter.body``) is: the title on the first line, the salutation on the
second, then one paragraph per line. The renderers are the shared ones of
``casework.documents`` (replies to letters use them too); a ``LetterDocument`` is a
``CaseDocument`` and ``letter_html`` is ``document_html``, under the names this app has always
used.
"""

from __future__ import annotations

from gongkai.casework.documents import (
    DOCX_BODY_FONT,
    DOCX_TITLE_FONT,
    PDF_CSS,
    PDF_FONTS,
    CaseDocument,
    document_html,
    render_docx,
    render_pdf,
)

LetterDocument = CaseDocument
letter_html = document_html

__all__ = [
    "DOCX_BODY_FONT",
    "DOCX_TITLE_FONT",
    "PDF_CSS",
    "PDF_FONTS",
    "CaseDocument",
    "LetterDocument",
    "document_html",
    "letter_html",
    "render_docx",
    "render_pdf",
]
