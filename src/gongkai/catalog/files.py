"""Upload checks and text extraction for item attachments (附件), by content, not by name.

``check_upload`` accepts a file only when its content is one of the allowed kinds and its
extension names that same kind: an ``.exe`` or an HTML page renamed ``.pdf``, a ZIP archive
renamed ``.docx`` or a real DOCX named ``.pdf`` are refused with a message saying why. Legacy
Word/Excel/WPS files share one container (OLE2), so among ``.doc``, ``.xls``, ``.wps`` and
``.et`` the extension decides. Office files with macros (a ``vbaProject.bin`` part) are refused
when they are OOXML; macros inside legacy OLE files are not detected.

``extract_text`` gives the text the privacy check (``catalog.privacy``) scans. It never raises:
a damaged or hostile file yields ``""`` and a logged warning. ZIP-based formats are opened only
when the sizes their entries declare add up to at most ``MAX_UNCOMPRESSED_BYTES``; Python's
``zipfile`` never inflates an entry past its declared size, so that bounds a zip bomb.

Nothing here touches the database or stores files.
"""

from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

__all__ = [
    "KINDS",
    "MAX_UNCOMPRESSED_BYTES",
    "FileKind",
    "RejectedFile",
    "allowed_extensions",
    "check_upload",
    "extract_text",
    "sniff",
    "sniff_file",
]

logger = logging.getLogger(__name__)

MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
HEAD_BYTES = 64


@dataclass(frozen=True)
class FileKind:
    code: str
    mime: str
    label: str | Promise  # lazy translation, e.g. "PDF document"
    extensions: tuple[str, ...]  # lowercase, without the dot; the first is the usual one

    def __str__(self) -> str:
        return str(self.label)


_ALL = (
    FileKind("pdf", "application/pdf", _("PDF document"), ("pdf",)),
    FileKind("ofd", "application/ofd", _("OFD document"), ("ofd",)),
    FileKind(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _("Word document (DOCX)"),
        ("docx",),
    ),
    FileKind(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _("Excel workbook (XLSX)"),
        ("xlsx",),
    ),
    FileKind(
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _("PowerPoint presentation (PPTX)"),
        ("pptx",),
    ),
    FileKind("doc", "application/msword", _("Word 97–2003 document (DOC)"), ("doc",)),
    FileKind("xls", "application/vnd.ms-excel", _("Excel 97–2003 workbook (XLS)"), ("xls",)),
    FileKind("wps", "application/kswps", _("WPS Writer document (WPS)"), ("wps",)),
    FileKind("et", "application/kset", _("WPS Spreadsheets workbook (ET)"), ("et",)),
    FileKind("png", "image/png", _("PNG image"), ("png",)),
    FileKind("jpeg", "image/jpeg", _("JPEG image"), ("jpg", "jpeg")),
    FileKind("gif", "image/gif", _("GIF image"), ("gif",)),
)
KINDS: dict[str, FileKind] = {kind.code: kind for kind in _ALL}
_BY_EXTENSION: dict[str, FileKind] = {ext: kind for kind in _ALL for ext in kind.extensions}
_OLE_CODES = ("doc", "xls", "wps", "et")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # the second: an empty archive
_IMAGE_MAGICS = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)


def allowed_extensions() -> list[str]:
    """Every extension ``check_upload`` accepts, e.g. for an ``accept`` attribute."""
    return list(_BY_EXTENSION)


def _extension(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _is_pdf(head: bytes) -> bool:
    # Readers accept the header anywhere in the first KiB, but so would an HTML page with
    # "%PDF-" in a comment: only a byte-order mark or whitespace may come first here.
    return head.lstrip(b"\xef\xbb\xbf \t\r\n\x00").startswith(b"%PDF-")


# --- Sniffing -------------------------------------------------------------------------------


def sniff(head: bytes, filename: str) -> FileKind | None:
    """The kind of a file judged by its first bytes ``head``.

    A few dozen bytes suffice. ZIP-based kinds (OFD, DOCX, XLSX, PPTX) cannot be told apart
    from the head alone: ``sniff`` returns ``None`` for any ZIP; use ``sniff_file``. An OLE2
    container takes its kind from the extension of ``filename`` if that is one of the legacy
    kinds, else ``None``.
    """
    if _is_pdf(head):
        return KINDS["pdf"]
    for magic, code in _IMAGE_MAGICS:
        if head.startswith(magic):
            return KINDS[code]
    if head.startswith(_OLE_MAGIC):
        ext = _extension(filename)
        return KINDS[ext] if ext in _OLE_CODES else None
    return None


def _zip_kind(names: set[str]) -> FileKind | None:
    lowered = {name.lower() for name in names}
    if "ofd.xml" in lowered:
        return KINDS["ofd"]
    if "word/document.xml" in names:
        return KINDS["docx"]
    if "xl/workbook.xml" in names:
        return KINDS["xlsx"]
    if "ppt/presentation.xml" in names:
        return KINDS["pptx"]
    return None


def _read_head(fileobj: IO[bytes]) -> bytes:
    fileobj.seek(0)
    head = fileobj.read(1024)
    fileobj.seek(0)
    return head


def sniff_file(fileobj: IO[bytes], filename: str) -> FileKind | None:
    """Like ``sniff`` but looks inside ZIP archives (reads only their directory).

    ``fileobj`` must be seekable; it is left at position 0.
    """
    head = _read_head(fileobj)
    if not head.startswith(_ZIP_MAGICS):
        return sniff(head, filename)
    try:
        with zipfile.ZipFile(fileobj) as zf:
            return _zip_kind(set(zf.namelist()))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        fileobj.seek(0)


# --- Upload check ---------------------------------------------------------------------------


class RejectedFile(ValueError):
    """An upload that may not become an attachment; ``message`` is for the uploader.

    ``code`` is one of ``"empty"``, ``"too_large"``, ``"extension"``, ``"content"``,
    ``"archive"``, ``"mismatch"``, ``"macros"``.
    """

    def __init__(self, message: str, *, code: str) -> None:
        self.message = message
        self.code = code
        super().__init__(message)


def _megabytes(n: int) -> str:
    mb = n / (1024 * 1024)
    return f"{mb:.0f}" if mb >= 10 or mb == int(mb) else f"{mb:.1f}"


def _size(fileobj: IO[bytes]) -> int:
    fileobj.seek(0, 2)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


def _kind_names() -> str:
    return ", ".join(sorted({kind.extensions[0].upper() for kind in _ALL}))


def check_upload(fileobj: IO[bytes], filename: str, *, max_bytes: int | None = None) -> FileKind:
    """The kind of an uploaded attachment, or ``RejectedFile`` saying why it is refused.

    ``max_bytes`` defaults to ``settings.GONGKAI_ATTACHMENT_MAX_MB`` (50) megabytes. Reads the
    file's head and, for ZIP archives, their directory; leaves ``fileobj`` at position 0.
    """
    if max_bytes is None:
        max_bytes = int(getattr(settings, "GONGKAI_ATTACHMENT_MAX_MB", 50) * 1024 * 1024)
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    size = _size(fileobj)
    if size == 0:
        raise RejectedFile(gettext("The file “%(name)s” is empty.") % {"name": name}, code="empty")
    if size > max_bytes:
        raise RejectedFile(
            gettext(
                "The file “%(name)s” is %(size)s MB; an attachment may be at most %(limit)s MB."
            )
            % {"name": name, "size": _megabytes(size), "limit": _megabytes(max_bytes)},
            code="too_large",
        )

    expected = _BY_EXTENSION.get(_extension(filename))
    if expected is None:
        raise RejectedFile(
            gettext(
                "The file “%(name)s” cannot be attached: only these types are accepted: %(types)s."
            )
            % {"name": name, "types": _kind_names()},
            code="extension",
        )

    head = _read_head(fileobj)
    actual = sniff_file(fileobj, filename)
    if actual is None:
        if head.startswith(_OLE_MAGIC):
            raise RejectedFile(
                gettext(
                    "The file “%(name)s” is not really of type “%(kind)s”: it is a legacy Word, "
                    "Excel or WPS document. Give it the right extension (.doc, .xls, .wps or .et) and "
                    "upload it again."
                )
                % {"name": name, "kind": expected.label},
                code="mismatch",
            )
        if head.startswith(_ZIP_MAGICS):
            raise RejectedFile(
                gettext(
                    "The file “%(name)s” is not really of type “%(kind)s”: it is a ZIP archive or "
                    "another packed format. Archives cannot be attached; upload the documents themselves."
                )
                % {"name": name, "kind": expected.label},
                code="archive",
            )
        raise RejectedFile(
            gettext(
                "The file “%(name)s” is not really of type “%(kind)s”, and its content is not of "
                "any type that can be attached (%(types)s)."
            )
            % {"name": name, "kind": expected.label, "types": _kind_names()},
            code="content",
        )
    if actual != expected:
        raise RejectedFile(
            gettext(
                "The file “%(name)s” is not really of type “%(kind)s”: its content is of type "
                "“%(actual)s”. Give it the extension .%(extension)s and upload it again."
            )
            % {
                "name": name,
                "kind": expected.label,
                "actual": actual.label,
                "extension": actual.extensions[0],
            },
            code="mismatch",
        )
    if actual.code in ("docx", "xlsx", "pptx") and _has_macros(fileobj):
        raise RejectedFile(
            gettext(
                "The file “%(name)s” contains macros, which cannot be published. Save it as a "
                "document without macros and upload it again."
            )
            % {"name": name},
            code="macros",
        )
    fileobj.seek(0)
    return actual


def _has_macros(fileobj: IO[bytes]) -> bool:
    try:
        with zipfile.ZipFile(fileobj) as zf:
            return any(n.lower().endswith("vbaproject.bin") for n in zf.namelist())
    finally:
        fileobj.seek(0)


# --- Text extraction ------------------------------------------------------------------------


def extract_text(fileobj: IO[bytes], kind: FileKind | str, *, max_chars: int = 200_000) -> str:
    """The plain text of an attachment, at most ``max_chars`` characters; ``""`` if none.

    PDF (every page), DOCX (paragraphs, tables, headers and footers), XLSX (every non-empty
    cell, tab-separated, one line per row), OFD (the ``TextCode`` text of every
    ``Content.xml``) and PPTX (slide text). Images and legacy OLE formats give ``""``. Never
    raises: a damaged file gives ``""`` and a warning in the log.
    """
    code = kind.code if isinstance(kind, FileKind) else kind
    extractor = _EXTRACTORS.get(code)
    if extractor is None:
        return ""
    try:
        fileobj.seek(0)
        text = extractor(fileobj, max_chars)
    except Exception:  # any failure of a third-party parser means "no text"
        logger.warning("Could not extract text from a %s attachment", code, exc_info=True)
        return ""
    finally:
        try:
            fileobj.seek(0)
        except Exception:  # a closed file: nothing to rewind
            pass
    return text[:max_chars]


class _TooLarge(Exception):
    pass


class _Collector:
    """Text parts joined with newlines, stopping (``full``) once ``max_chars`` is reached."""

    def __init__(self, max_chars: int) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.max_chars = max_chars

    def add(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text) + 1

    @property
    def full(self) -> bool:
        return self.length >= self.max_chars

    def text(self) -> str:
        return "\n".join(self.parts)


def _guarded_zip(fileobj: IO[bytes]) -> zipfile.ZipFile:
    zf = zipfile.ZipFile(fileobj)
    declared = sum(info.file_size for info in zf.infolist())
    if declared > MAX_UNCOMPRESSED_BYTES:
        zf.close()
        raise _TooLarge(f"ZIP entries declare {declared} bytes uncompressed")
    return zf


def _natural_key(name: str) -> list[int | str]:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)]


def _parse_xml(data: bytes) -> ElementTree.Element:
    # No document type declarations, hence no entity expansion ("billion laughs").
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ValueError("XML with a document type declaration")
    return ElementTree.fromstring(data)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _extract_pdf(fileobj: IO[bytes], max_chars: int) -> str:
    from pypdf import PdfReader

    reader = PdfReader(fileobj)
    if reader.is_encrypted:
        reader.decrypt("")  # many "protected" PDFs only restrict printing or copying
    out = _Collector(max_chars)
    for page in reader.pages:
        out.add(page.extract_text() or "")
        if out.full:
            break
    return out.text()


def _extract_docx(fileobj: IO[bytes], max_chars: int) -> str:
    import docx

    _guarded_zip(fileobj).close()
    fileobj.seek(0)
    document = docx.Document(fileobj)
    out = _Collector(max_chars)

    def add_blocks(container) -> None:
        for paragraph in container.paragraphs:
            out.add(paragraph.text)
        for table in container.tables:
            for row in table.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is repeated across its span
                        continue
                    seen.add(id(cell._tc))
                    add_blocks(cell)
                if out.full:
                    return

    add_blocks(document)
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                add_blocks(part)
    return out.text()


def _extract_xlsx(fileobj: IO[bytes], max_chars: int) -> str:
    import openpyxl

    _guarded_zip(fileobj).close()
    fileobj.seek(0)
    workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    out = _Collector(max_chars)
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells = [str(value) for value in row if value is not None and str(value).strip()]
                if cells:
                    out.add("\t".join(cells))
                if out.full:
                    return out.text()
    finally:
        workbook.close()
    return out.text()


def _zip_xml_parts(fileobj: IO[bytes], pattern: re.Pattern[str]):
    """The parsed XML of the entries whose name matches ``pattern``, in natural order."""
    with _guarded_zip(fileobj) as zf:
        names = sorted((n for n in zf.namelist() if pattern.search(n)), key=_natural_key)
        for name in names:
            yield _parse_xml(zf.read(name))


def _extract_ofd(fileobj: IO[bytes], max_chars: int) -> str:
    # GB/T 33190: page content lives in Doc_N/Pages/Page_N/Content.xml (templates in
    # Doc_N/Tpls/…); each TextObject holds one or more positioned TextCode runs.
    out = _Collector(max_chars)
    for root in _zip_xml_parts(fileobj, re.compile(r"(^|/)Content\.xml$", re.IGNORECASE)):
        for element in root.iter():
            if _local(element.tag) == "TextObject":
                codes = [c.text or "" for c in element.iter() if _local(c.tag) == "TextCode"]
                out.add("".join(codes))
        if out.full:
            break
    return out.text()


def _extract_pptx(fileobj: IO[bytes], max_chars: int) -> str:
    out = _Collector(max_chars)
    for root in _zip_xml_parts(fileobj, re.compile(r"^ppt/slides/slide\d+\.xml$")):
        for element in root.iter():
            if _local(element.tag) == "p":
                out.add("".join(t.text or "" for t in element.iter() if _local(t.tag) == "t"))
        if out.full:
            break
    return out.text()


_EXTRACTORS = {
    "pdf": _extract_pdf,
    "docx": _extract_docx,
    "xlsx": _extract_xlsx,
    "ofd": _extract_ofd,
    "pptx": _extract_pptx,
}
