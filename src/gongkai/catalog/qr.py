"""QR codes of item URLs, as SVG (no image library needed)."""

from __future__ import annotations

import qrcode
from qrcode.image.svg import SvgPathImage


def qr_svg(data: str) -> str:
    """A standalone SVG document (one ``<path>``) encoding ``data``, medium error correction,
    with the 4-module quiet zone the standard asks for."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, image_factory=SvgPathImage
    )
    code.add_data(data)
    code.make(fit=True)
    return code.make_image().to_string(encoding="unicode")
