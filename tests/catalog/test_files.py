"""Attachment upload checks and text extraction, on small real files built here (no database).

All document content is invented.
"""

import io
import logging
import zipfile

import docx
import openpyxl
import pytest
from django.utils import translation

from gongkai.catalog import files
from gongkai.catalog.files import (
    KINDS,
    RejectedFile,
    allowed_extensions,
    check_upload,
    extract_text,
    sniff,
    sniff_file,
)
from gongkai.catalog.privacy import Kind, scan

MB = 1024 * 1024

# --- Building sample files ------------------------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF with a correct cross-reference table; object 1 is the catalog."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def _page_objects(content: bytes, font: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content),
        font,
    ]


def make_pdf(text: str = "Annual budget 2025, contact 13812345678") -> bytes:
    """A one-page PDF showing ASCII ``text`` in Helvetica."""
    content = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text.encode("ascii")
    return _pdf(_page_objects(content, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"))


def make_chinese_pdf(text: str) -> bytes:
    """A one-page PDF showing Chinese ``text`` through a CID font with a ToUnicode map.

    The glyphs are not embedded (nothing is rendered here): character i of ``text`` is CID i+1,
    and the ToUnicode CMap maps it back, which is what text extraction reads.
    """
    cids = b"".join(b"%04X" % (i + 1) for i in range(len(text)))
    bfchar = "".join(f"<{i + 1:04X}> <{ord(c):04X}>\n" for i, c in enumerate(text)).encode()
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + b"%d beginbfchar\n%sendbfchar\n" % (len(text), bfchar)
        + b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    objects = _page_objects(
        b"BT /F1 12 Tf 72 720 Td <" + cids + b"> Tj ET",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H"
        b" /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
    )
    objects += [
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /FontDescriptor 8 0 R"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        _stream(cmap),
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -200 1000 900]"
        b" /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    return _pdf(objects)


def make_docx(*, macros: bool = False) -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "某某区人民政府办公室（页眉）"
    document.add_paragraph("关于2025年度政府信息公开工作的报告")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "申请人"
    table.cell(0, 1).text = "张某"
    table.cell(1, 0).text = "身份证号"
    table.cell(1, 1).text = "11010519491231002X"
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 2)).text = "合并单元格只出现一次"
    out = io.BytesIO()
    document.save(out)
    if not macros:
        return out.getvalue()
    return add_zip_entries(out.getvalue(), {"word/vbaProject.bin": b"\x00" * 16})


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "预算"
    sheet.append(["项目", "金额（万元）"])
    sheet.append(["办公经费", 12.5])
    sheet.append([None, None])
    sheet["D5"] = "联系电话 138-1234-5678"
    second = workbook.create_sheet("说明")
    second["A1"] = "数据截至2025年12月31日"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


OFD_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def _ofd_page(*runs: tuple[str, ...]) -> str:
    objects = "".join(
        f'<ofd:TextObject ID="{i}" Boundary="0 0 100 10" Font="1" Size="4">'
        + "".join(
            f'<ofd:TextCode X="{j}" Y="5">{code}</ofd:TextCode>' for j, code in enumerate(codes)
        )
        + "</ofd:TextObject>"
        for i, codes in enumerate(runs, start=10)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {OFD_NS}><ofd:Content>'
        f'<ofd:Layer ID="2">{objects}</ofd:Layer></ofd:Content></ofd:Page>'
    )


def make_ofd() -> bytes:
    return make_zip(
        {
            "OFD.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {OFD_NS} Version="1.0"'
            ' DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
            "</ofd:DocBody></ofd:OFD>",
            "Doc_0/Document.xml": f"<ofd:Document {OFD_NS}/>",
            # Page_10 sorts after Page_2: natural order, not string order.
            "Doc_0/Pages/Page_10/Content.xml": _ofd_page(("第三页",)),
            "Doc_0/Pages/Page_0/Content.xml": _ofd_page(("关于", "政务公开"), ("联系人：李某",)),
            "Doc_0/Pages/Page_2/Content.xml": _ofd_page(("身份证号", "110105", "19491231002X")),
        }
    )


def make_pptx() -> bytes:
    slide = (
        '<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
        ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree>'
        "<p:sp><p:txBody><a:p><a:r><a:t>政策</a:t></a:r><a:r><a:t>解读</a:t></a:r></a:p>"
        "</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
    )
    return make_zip(
        {
            "[Content_Types].xml": "<Types/>",
            "ppt/presentation.xml": "<p:presentation/>",
            "ppt/slides/slide1.xml": slide,
        }
    )


def make_zip(entries: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return out.getvalue()


def add_zip_entries(archive: bytes, entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO(archive)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
GIF = b"GIF89a\x01\x00\x01\x00" + b"\x00" * 40
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100 + b"This program cannot be run in DOS mode"
HTML = "<!DOCTYPE html><html><body>通知 %PDF-1.4</body></html>".encode()


def upload(data: bytes, name: str, **kwargs):
    fileobj = io.BytesIO(data)
    kind = check_upload(fileobj, name, **kwargs)
    assert fileobj.tell() == 0
    return kind.code


def rejected(data: bytes, name: str, **kwargs) -> RejectedFile:
    with translation.override("en"), pytest.raises(RejectedFile) as info:
        check_upload(io.BytesIO(data), name, **kwargs)
    return info.value


# --- Sniffing and accepting -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (make_pdf(), "年度报告.pdf", "pdf"),
        (make_chinese_pdf("报告"), "REPORT.PDF", "pdf"),
        (b"\xef\xbb\xbf\n" + make_pdf(), "bom.pdf", "pdf"),
        (make_docx(), "答复书.docx", "docx"),
        (make_xlsx(), "预算表.xlsx", "xlsx"),
        (make_ofd(), "公告.ofd", "ofd"),
        (make_pptx(), "解读.pptx", "pptx"),
        (PNG, "图.png", "png"),
        (JPEG, "照片.jpg", "jpeg"),
        (JPEG, "照片.JPEG", "jpeg"),
        (GIF, "动图.gif", "gif"),
        (OLE, "旧文档.doc", "doc"),
        (OLE, "旧表格.xls", "xls"),
        (OLE, "金山文字.wps", "wps"),
        (OLE, "金山表格.et", "et"),
    ],
)
def test_real_files_are_accepted_as_what_they_are(data, name, code):
    assert upload(data, name) == code
    assert sniff_file(io.BytesIO(data), name) == KINDS[code]


def test_sniff_judges_by_content_not_by_name():
    assert sniff(make_pdf()[:16], "whatever.png") == KINDS["pdf"]
    assert sniff(PNG, "picture.pdf") == KINDS["png"]
    assert sniff(EXE, "setup.pdf") is None
    assert sniff(HTML, "page.pdf") is None  # "%PDF-" later in the text does not count
    assert sniff(b"plain text", "notes.txt") is None
    assert sniff(OLE, "old.doc") == KINDS["doc"]
    assert sniff(OLE, "old.pdf") is None
    # A ZIP's kind depends on its entries, which only sniff_file reads.
    assert sniff(make_docx()[:64], "a.docx") is None
    assert sniff_file(io.BytesIO(make_docx()), "renamed.pdf") == KINDS["docx"]


def test_kinds_have_mime_types_and_labels():
    with translation.override("en"):
        assert str(KINDS["pdf"]) == "PDF document"
    assert KINDS["docx"].mime.endswith("wordprocessingml.document")
    assert KINDS["ofd"].mime == "application/ofd"
    assert {"pdf", "ofd", "docx", "xlsx", "doc", "xls", "wps", "et", "jpg", "png", "gif"} <= set(
        allowed_extensions()
    )
    assert "txt" not in allowed_extensions()


# --- Rejections -----------------------------------------------------------------------------


def test_executable_renamed_pdf_is_refused():
    error = rejected(EXE, "财政预算.pdf")
    assert error.code == "content"
    assert "“财政预算.pdf” is not really of type “PDF document”" in error.message


def test_html_renamed_docx_is_refused():
    error = rejected(HTML, "uploads/通知.docx")
    assert error.code == "content"
    assert "“通知.docx” is not really of type “Word document (DOCX)”" in error.message


def test_real_docx_named_pdf_names_the_real_type():
    error = rejected(make_docx(), "答复.pdf")
    assert error.code == "mismatch"
    assert "not really of type “PDF document”" in error.message
    assert "Word document (DOCX)" in error.message
    assert ".docx" in error.message


@pytest.mark.parametrize(
    ("data", "name", "real"),
    [
        (PNG, "scan.jpg", "PNG image"),
        (make_pdf(), "report.ofd", "PDF document"),
        (make_ofd(), "a.xlsx", "OFD document"),
    ],
)
def test_other_mismatches(data, name, real):
    error = rejected(data, name)
    assert error.code == "mismatch"
    assert real in error.message


def test_legacy_office_file_named_pdf_is_refused():
    error = rejected(OLE, "旧文件.pdf")
    assert error.code == "mismatch"
    assert "legacy Word, Excel or WPS document" in error.message


def test_zip_that_is_no_office_document_is_refused():
    archive = make_zip({"readme.txt": "hello", "data/1.csv": "a,b"})
    error = rejected(archive, "材料.docx")
    assert error.code == "archive"
    assert "ZIP archive" in error.message


def test_corrupt_zip_is_refused():
    error = rejected(make_docx()[:200], "截断.docx")
    assert error.code == "archive"


@pytest.mark.parametrize(
    "name", ["notes.txt", "page.html", "setup.exe", "archive.zip", "no_extension"]
)
def test_forbidden_extensions_are_refused(name):
    error = rejected(b"%PDF-1.4 whatever", name)
    assert error.code == "extension"
    assert "PDF" in error.message and "OFD" in error.message


def test_plain_text_is_not_allowed_even_named_pdf():
    assert rejected("这是纯文本".encode(), "说明.pdf").code == "content"


def test_macro_enabled_document_is_refused():
    error = rejected(make_docx(macros=True), "宏.docx")
    assert error.code == "macros"


def test_empty_file_is_refused():
    assert rejected(b"", "空.pdf").code == "empty"


def test_size_limit_names_the_limit_in_megabytes():
    data = make_pdf() + b"%" + b"0" * (2 * MB)
    error = rejected(data, "big.pdf", max_bytes=2 * MB)
    assert error.code == "too_large"
    assert "at most 2 MB" in error.message
    assert upload(data, "big.pdf", max_bytes=3 * MB) == "pdf"


def test_size_limit_default_comes_from_settings(settings):
    settings.GONGKAI_ATTACHMENT_MAX_MB = 1
    data = make_pdf() + b"%" + b"0" * MB
    error = rejected(data, "big.pdf")
    assert "at most 1 MB" in error.message
    del settings.GONGKAI_ATTACHMENT_MAX_MB
    assert upload(data, "big.pdf") == "pdf"  # 50 MB by default


# --- Text extraction ------------------------------------------------------------------------


def text_of(data: bytes, code: str, **kwargs) -> str:
    fileobj = io.BytesIO(data)
    text = extract_text(fileobj, KINDS[code], **kwargs)
    assert fileobj.tell() == 0
    return text


def test_pdf_text_ascii():
    assert "Annual budget 2025, contact 13812345678" in text_of(make_pdf(), "pdf")


def test_pdf_text_chinese():
    assert "政府信息公开年度报告" in text_of(make_chinese_pdf("政府信息公开年度报告"), "pdf")


def test_docx_text_paragraphs_tables_and_header():
    text = text_of(make_docx(), "docx")
    for expected in ("关于2025年度政府信息公开工作的报告", "申请人", "张某", "11010519491231002X"):
        assert expected in text
    assert "某某区人民政府办公室（页眉）" in text
    assert text.count("合并单元格只出现一次") == 1


def test_xlsx_text_every_non_empty_cell_of_every_sheet():
    text = text_of(make_xlsx(), "xlsx")
    assert text.split("\n") == [
        "项目\t金额（万元）",
        "办公经费\t12.5",
        "联系电话 138-1234-5678",
        "数据截至2025年12月31日",
    ]


def test_ofd_text_from_every_page_in_page_order():
    assert text_of(make_ofd(), "ofd").split("\n") == [
        "关于政务公开",
        "联系人：李某",
        "身份证号11010519491231002X",
        "第三页",
    ]


def test_pptx_slide_text():
    assert text_of(make_pptx(), "pptx") == "政策解读"


@pytest.mark.parametrize(
    ("data", "code"), [(PNG, "png"), (JPEG, "jpeg"), (OLE, "doc"), (OLE, "et")]
)
def test_kinds_without_text_give_empty_string(data, code):
    assert text_of(data, code) == ""


def test_extract_text_accepts_a_code():
    assert "张某" in extract_text(io.BytesIO(make_docx()), "docx")


def test_max_chars():
    assert len(text_of(make_xlsx(), "xlsx", max_chars=5)) == 5
    assert text_of(make_ofd(), "ofd", max_chars=4) == "关于政务"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (make_pdf()[:300], "pdf"),
        (b"%PDF-1.4\ngarbage", "pdf"),
        (make_docx()[:500], "docx"),
        (make_xlsx()[:-100], "xlsx"),
        (make_zip({"OFD.xml": "<ofd/>", "Doc_0/Pages/Page_0/Content.xml": "<not-closed>"}), "ofd"),
        (b"PK\x03\x04 nonsense", "ofd"),
        (make_zip({"word/document.xml": "<w:document/>"}), "docx"),
        (PNG, "pdf"),
    ],
)
def test_damaged_files_give_empty_text_and_a_warning(data, code, caplog):
    with caplog.at_level(logging.WARNING, logger="gongkai.catalog.files"):
        assert text_of(data, code) == ""
    assert any("Could not extract text" in r.getMessage() for r in caplog.records)


def test_xml_entity_expansion_is_refused(caplog):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        f"<ofd:Page {OFD_NS}><ofd:TextObject><ofd:TextCode>&lol2;</ofd:TextCode></ofd:TextObject></ofd:Page>"
    )
    data = make_zip({"OFD.xml": "<ofd/>", "Doc_0/Pages/Page_0/Content.xml": laughs})
    assert text_of(data, "ofd") == ""


def test_zip_bomb_is_not_inflated(monkeypatch):
    monkeypatch.setattr(files, "MAX_UNCOMPRESSED_BYTES", 10 * 1024)
    padding = {"Doc_0/Res/filler.bin": b"\x00" * (64 * 1024)}  # compresses to well under 1 KiB
    bomb = add_zip_entries(make_ofd(), padding)
    assert len(bomb) < 10 * 1024
    assert text_of(bomb, "ofd") == ""
    assert text_of(add_zip_entries(make_docx(), padding), "docx") == ""
    assert "关于政务公开" in text_of(make_ofd(), "ofd")  # a normal file is still read


def test_extracted_text_feeds_the_privacy_check():
    texts = {
        "attachment:答复书.docx": text_of(make_docx(), "docx"),
        "attachment:预算表.xlsx": text_of(make_xlsx(), "xlsx"),
        "attachment:公告.ofd": text_of(make_ofd(), "ofd"),
    }
    found = [(f.location, f.kind) for f in scan(texts, words=[])]
    assert found == [
        ("attachment:答复书.docx", Kind.ID_NUMBER),
        ("attachment:预算表.xlsx", Kind.MOBILE),
        ("attachment:公告.ofd", Kind.ID_NUMBER),
    ]
