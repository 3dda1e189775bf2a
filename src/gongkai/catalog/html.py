"""Rich text of items: sanitised HTML (nh3) and its plain text."""

from __future__ import annotations

import html as html_lib
import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "h2",
    "h3",
    "h4",
    "h5",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "colgroup",
    "col",
    "a",
    "img",
    "hr",
    "span",
    "div",
    "pre",
    "code",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "p": {"align"},
    "div": {"align"},
    "col": {"span", "width"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_BLOCK_END = re.compile(r"</(p|div|h[2-5]|li|tr|blockquote|pre|table)>|<br\s*/?>", re.I)
_SPACES = re.compile(r"[ \t\u3000]+")
_NEWLINES = re.compile(r"\n\s*\n+")


def sanitize(html: str) -> str:
    """Keep the formatting a document needs; drop scripts, styles, event handlers, iframes."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def to_text(html: str) -> str:
    """Plain text of sanitised HTML, paragraphs on their own lines."""
    marked = _BLOCK_END.sub(lambda m: m.group(0) + "\n", html or "")
    text = html_lib.unescape(nh3.clean(marked, tags=set()))
    text = _SPACES.sub(" ", text)
    return _NEWLINES.sub("\n", text).strip()


def text_to_html(text: str) -> str:
    """Plain text (e.g. from an import file) as paragraphs."""
    paragraphs = [p.strip() for p in (text or "").splitlines() if p.strip()]
    return "".join(f"<p>{html_lib.escape(p)}</p>" for p in paragraphs)
