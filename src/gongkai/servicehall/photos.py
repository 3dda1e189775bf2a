"""Photos of the window staff cards: the upload check and the stored copy, and the generated
placeholder portraits of the demo.

An upload must pass the catalog's content check (``catalog.files.check_upload``: the content
must be what the extension says) and be a PNG or JPEG image of at most 5 MB that Pillow can
decode. What is stored is a re-encoded copy, at most 600×800 pixels, turned upright by its
EXIF orientation and without any metadata (a phone photo's EXIF may carry the place and time
it was taken, which the public card must not).
"""

from __future__ import annotations

import hashlib
import io
import random

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from gongkai.catalog.files import RejectedFile, check_upload

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_KINDS = ("png", "jpeg")
PHOTO_ACCEPT = ".png,.jpg,.jpeg,image/png,image/jpeg"
MAX_SIZE = (600, 800)
# Pillow refuses images above this many pixels (a decompression bomb) before decoding them.
MAX_PIXELS = 40_000_000


def checked_photo(upload) -> ContentFile:
    """The stored copy of an uploaded photo, or ValidationError ``{"photo": …}`` saying
    why it is refused. The copy is a JPEG named after its content's hash."""
    try:
        kind = check_upload(upload, upload.name, max_bytes=PHOTO_MAX_BYTES)
    except RejectedFile as exc:
        raise ValidationError({"photo": exc.message}) from None
    if kind.code not in PHOTO_KINDS:
        raise ValidationError({"photo": _("The photo must be a PNG or JPEG image.")})
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError({"photo": _("The photo has too many pixels.")})
            image.load()
            picture = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(
            {"photo": _("The photo cannot be read as an image. Save it again and upload it.")}
        ) from None
    finally:
        upload.seek(0)
    picture.thumbnail(MAX_SIZE)
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=88, optimize=True)
    data = out.getvalue()
    return ContentFile(data, name=f"{hashlib.sha256(data).hexdigest()[:20]}.jpg")


# --- Demo placeholders ----------------------------------------------------------------------

_BACKGROUNDS = ("#dbe7f3", "#e3eedd", "#f1e4d8", "#e6e0f0", "#dfe9ea")
_SHIRTS = ("#1f3b5c", "#2f4f4f", "#3a3a55", "#20425a", "#4a3b2a")
_SKIN = ("#f1d3b8", "#e8c4a2", "#f3dcc6", "#dcb594")
_HAIR = ("#1d1d1d", "#2b2118", "#3a2a1e")


def placeholder_portrait(seed: str, *, size: tuple[int, int] = (300, 400)) -> ContentFile:
    """An invented, faceless head-and-shoulders drawing as a PNG (the demo has no real
    people): the same ``seed`` gives the same picture."""
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size, rng.choice(_BACKGROUNDS))
    draw = ImageDraw.Draw(image)
    cx = width // 2
    shirt = rng.choice(_SHIRTS)
    # Shoulders and the collar of a white shirt under a dark jacket.
    draw.ellipse((cx - 140, height * 0.68, cx + 140, height * 1.35), fill=shirt)
    draw.polygon(
        [(cx - 34, height * 0.70), (cx + 34, height * 0.70), (cx, height * 0.86)], fill="#ffffff"
    )
    skin = rng.choice(_SKIN)
    draw.rectangle((cx - 22, height * 0.55, cx + 22, height * 0.72), fill=skin)  # neck
    head_w, head_h = 98, 124
    top = height * 0.22
    draw.ellipse((cx - head_w // 2, top, cx + head_w // 2, top + head_h), fill=skin)
    hair = rng.choice(_HAIR)
    draw.chord(
        (cx - head_w // 2 - 4, top - 10, cx + head_w // 2 + 4, top + head_h * 0.7),
        start=180,
        end=360,
        fill=hair,
    )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    data = out.getvalue()
    return ContentFile(data, name=f"{hashlib.sha256(data).hexdigest()[:20]}.png")
