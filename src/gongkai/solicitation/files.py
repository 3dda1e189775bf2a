"""The files of a solicitation (the draft as PDF or Word, the drafting explanation, material):
checked by content with the catalog's upload check and the catalog's size limit
(``GONGKAI_ATTACHMENT_MAX_MB``), documents only, text extracted for search and the privacy
check. Storing happens inside the caller's transaction (``services``)."""

from __future__ import annotations

import hashlib
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Max
from django.utils.translation import gettext as _

from gongkai.catalog import files as catalog_files
from gongkai.solicitation.models import Solicitation, SolicitationFile

# A draft is a document: PDF, OFD or a Word/WPS file.
KINDS = ("pdf", "ofd", "docx", "doc", "wps")
ACCEPT = ".pdf,.ofd,.docx,.doc,.wps"


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
                "The file “%(name)s” is not accepted here: only PDF, OFD, Word and WPS documents are."
            ),
            params={"name": name},
            code="file",
        )
    return kind


def store(solicitation: Solicitation, content: bytes, name: str, role: str) -> SolicitationFile:
    kind = check(content, name)
    stored = SolicitationFile(
        solicitation=solicitation,
        role=role,
        name=name[:200],
        kind=kind.code,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        text=catalog_files.extract_text(BytesIO(content), kind),
        sort_order=(solicitation.files.aggregate(m=Max("sort_order"))["m"] or 0) + 1,
    )
    stored.file.save(name, ContentFile(content), save=False)
    stored.save()
    return stored
