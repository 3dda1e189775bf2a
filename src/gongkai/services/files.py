"""Blank forms (空白表格) and filled-in samples (示例样表) of materials: checked by content with
the catalog's upload check (``catalog.files.check_upload``) and its size limit
(``GONGKAI_ATTACHMENT_MAX_MB``), documents and images only, stored once per agency and
content (the same file uploaded twice is one row). Storing happens inside the caller's
transaction (``services``)."""

from __future__ import annotations

import hashlib
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from gongkai.catalog import files as catalog_files
from gongkai.services.models import MaterialFile

# Forms are documents people print or fill in; samples may be scans (images).
KINDS = ("pdf", "ofd", "docx", "doc", "wps", "xlsx", "xls", "et", "jpeg", "png")
ACCEPT = ".pdf,.ofd,.docx,.doc,.wps,.xlsx,.xls,.et,.jpg,.jpeg,.png"


def max_bytes() -> int:
    return int(getattr(settings, "GONGKAI_ATTACHMENT_MAX_MB", 50) * 1024 * 1024)


def check(content: bytes, name: str) -> catalog_files.FileKind:
    """The kind of the file, or ValidationError (code "file") saying why it is refused."""
    try:
        kind = catalog_files.check_upload(BytesIO(content), name, max_bytes=max_bytes())
    except catalog_files.RejectedFile as exc:
        raise ValidationError(exc.message, code="file") from exc
    if kind.code not in KINDS:
        raise ValidationError(
            _(
                "The file “%(name)s” is not accepted here: a blank form or sample is a PDF, OFD, "
                "Word, WPS or Excel document or a JPEG or PNG image."
            ),
            params={"name": name},
            code="file",
        )
    return kind


def clean_name(name: str) -> str:
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:200] or "file"


def store(*, agency, content: bytes, name: str, actor=None) -> MaterialFile:
    """The checked file as a ``MaterialFile`` of ``agency`` (an existing one when the same
    content with the same name is there already)."""
    kind = check(content, name)
    name = clean_name(name)
    sha = hashlib.sha256(content).hexdigest()
    existing = MaterialFile.objects.filter(agency=agency, sha256=sha, name=name).first()
    if existing is not None:
        return existing
    stored = MaterialFile(
        agency=agency,
        name=name,
        kind=kind.code,
        mime=kind.mime,
        size=len(content),
        sha256=sha,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    stored.file.save(name, ContentFile(content), save=False)
    stored.save()
    return stored
