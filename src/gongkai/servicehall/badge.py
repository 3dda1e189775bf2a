"""The printable cards of window staff (挂牌上岗) as PDF: a badge (工作牌, A6 portrait, worn or
hung at the window) and a desk card (台卡, A5 landscape, stood on the counter). Both show the
agency, photo, name, post, staff number, window, duties and supervision phone, and a QR code
to the rating form of that window, with its address printed beside it.

Rendering is pure (no database): a ``Card`` in, PDF bytes out, with WeasyPrint and Debian's
Noto CJK fonts as the notice-board posters use.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _

from gongkai.catalog.qr import qr_svg

SANS = '"Noto Sans CJK SC", sans-serif'
BADGE, DESK = "badge", "desk"
FORMATS = (BADGE, DESK)


@dataclass(frozen=True)
class Card:
    agency_name: str
    name: str
    post: str
    staff_number: str
    window: str  # e.g. "3号窗口 社会保障综合窗口"
    duties: str
    supervision_phone: str
    photo: bytes | None  # JPEG or PNG
    photo_mime: str
    rate_url: str  # absolute URL of the rating form of the window


def card_for(card, *, rate_url: str) -> Card:
    """The printable card of a ``WindowStaff`` (with its agency and window loaded)."""
    photo = None
    if card.photo:
        try:
            with card.photo.open("rb") as handle:
                photo = handle.read()
        except FileNotFoundError:
            photo = None
    mime = "image/png" if photo and photo.startswith(b"\x89PNG") else "image/jpeg"
    return Card(
        agency_name=card.agency.name,
        name=card.name,
        post=card.post,
        staff_number=card.staff_number,
        window=f"{card.window.number} {card.window.name}",
        duties=card.duties,
        supervision_phone=card.supervision_phone,
        photo=photo,
        photo_mime=mime,
        rate_url=rate_url,
    )


def _data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


CSS = {
    BADGE: f"""
@page {{ size: 105mm 148mm; margin: 0; }}
body {{ margin: 0; font-family: {SANS}; color: #1f2328; }}
.card {{ width: 105mm; height: 148mm; box-sizing: border-box; padding: 6mm 7mm;
  border: 1.2mm solid #b8232f; display: flex; flex-direction: column; align-items: center; }}
.agency {{ font-size: 11pt; font-weight: 700; color: #b8232f; text-align: center; }}
.band {{ font-size: 9pt; letter-spacing: 2pt; margin: 1mm 0 3mm; }}
.photo {{ width: 30mm; height: 40mm; object-fit: cover; border: 0.4mm solid #57606a; }}
.nophoto {{ width: 30mm; height: 40mm; border: 0.4mm dashed #57606a; }}
.name {{ font-size: 20pt; font-weight: 700; margin: 2.5mm 0 0; letter-spacing: 2pt; }}
.post {{ font-size: 11pt; margin: 0.5mm 0 0; }}
.meta {{ font-size: 9pt; margin: 1mm 0 0; text-align: center; }}
.duties {{ font-size: 8pt; line-height: 1.35; margin: 2mm 0 0; text-align: justify;
  max-height: 16mm; overflow: hidden; }}
.foot {{ margin-top: auto; display: flex; align-items: center; gap: 3mm; width: 100%; }}
.foot img {{ width: 22mm; height: 22mm; flex: none; }}
.foot .text {{ font-size: 8pt; line-height: 1.35; }}
.foot strong {{ font-size: 9pt; }}
.url {{ word-break: break-all; font-size: 6.5pt; color: #57606a; }}
""",
    DESK: f"""
@page {{ size: 210mm 148mm; margin: 0; }}
body {{ margin: 0; font-family: {SANS}; color: #1f2328; }}
.card {{ width: 210mm; height: 148mm; box-sizing: border-box; padding: 9mm 11mm;
  border: 1.5mm solid #b8232f; display: flex; flex-direction: column; }}
.agency {{ font-size: 15pt; font-weight: 700; color: #b8232f; }}
.band {{ font-size: 11pt; letter-spacing: 3pt; margin: 1mm 0 5mm; }}
.main {{ display: flex; gap: 8mm; }}
.photo {{ width: 42mm; height: 56mm; object-fit: cover; border: 0.5mm solid #57606a; flex: none; }}
.nophoto {{ width: 42mm; height: 56mm; border: 0.5mm dashed #57606a; flex: none; }}
.name {{ font-size: 34pt; font-weight: 700; margin: 0; letter-spacing: 4pt; }}
.post {{ font-size: 15pt; margin: 1mm 0 0; }}
.meta {{ font-size: 12pt; margin: 2mm 0 0; }}
.duties {{ font-size: 11pt; line-height: 1.45; margin: 3mm 0 0; max-height: 26mm; overflow: hidden; }}
.foot {{ margin-top: auto; display: flex; align-items: center; gap: 5mm; }}
.foot img {{ width: 28mm; height: 28mm; flex: none; }}
.foot .text {{ font-size: 11pt; line-height: 1.4; }}
.foot strong {{ font-size: 12pt; }}
.url {{ word-break: break-all; font-size: 8pt; color: #57606a; }}
""",
}


def card_html(card: Card, fmt: str = BADGE) -> str:
    """The HTML of one card in ``fmt`` (``badge`` or ``desk``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown card format {fmt!r}")
    photo = (
        f'<img class="photo" src="{_data_uri(card.photo, card.photo_mime)}" alt="">'
        if card.photo
        else '<div class="nophoto"></div>'
    )
    qr = _data_uri(qr_svg(card.rate_url).encode(), "image/svg+xml")
    labels = {
        "number": escape(_("Staff number")),
        "duties": escape(_("Duties")),
        "scan": escape(_("Scan the code to rate our service")),
        "phone": escape(_("Supervision phone")),
        "band": escape(_("Serving at the window")),
    }
    number = f"{labels['number']}：{escape(card.staff_number)} · " if card.staff_number else ""
    who = (
        f'<p class="name">{escape(card.name)}</p><p class="post">{escape(card.post)}</p>'
        f'<p class="meta">{number}{escape(card.window)}</p>'
        f'<p class="duties">{labels["duties"]}：{escape(card.duties)}</p>'
    )
    if fmt == DESK:
        middle = f'<div class="main">{photo}<div>{who}</div></div>'
    else:
        middle = photo + who
    foot = (
        f'<div class="foot"><img src="{qr}" alt=""><div class="text">'
        f"<strong>{labels['scan']}</strong><br>"
        f"{labels['phone']}：{escape(card.supervision_phone)}<br>"
        f'<span class="url">{escape(card.rate_url)}</span></div></div>'
    )
    title = f"{card.name} · {card.agency_name}"
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{CSS[fmt]}</style></head><body>"
        f'<div class="card"><div class="agency">{escape(card.agency_name)}</div>'
        f'<div class="band">{labels["band"]}</div>'
        f"{middle}{foot}</div></body></html>"
    )


def render_pdf(cards: list[Card], fmt: str = BADGE) -> bytes:
    """One page per card, as PDF bytes."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.5 s at start-up
    from weasyprint.text.fonts import FontConfiguration

    if not cards:
        raise ValueError("Nothing to print.")
    fonts = FontConfiguration()
    documents = [HTML(string=card_html(card, fmt)).render(font_config=fonts) for card in cards]
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()
