"""Small PDF files for the demo's blank forms (空白表格) and filled-in samples (示例样表), written by
hand: one A4 page with a title and a table of fields, in the PDF standard's Chinese font
STSong-Light (not embedded: every PDF reader carries it or a substitute), so each file is a
couple of kilobytes. All their content is invented."""

from __future__ import annotations

import io


def _text(s: str) -> str:
    """A PDF hex string in UTF-16BE, as the UniGB-UCS2-H encoding reads it."""
    return "<" + s.encode("utf-16-be").hex().upper() + ">"


def form_pdf(
    title: str, fields: list[str], values: list[str] | None = None, *, note: str = ""
) -> bytes:
    """A one-page form: ``title`` on top, one row per field with a box for the answer (filled
    with ``values`` for a sample), and ``note`` at the foot."""
    ops = ["0.6 w"]
    ops.append(f"BT /F1 18 Tf 72 770 Td {_text(title)} Tj ET")
    if values is not None:
        ops.append(f"BT /F1 11 Tf 72 748 Td {_text('（示例样表，仅供填写参考）')} Tj ET")
    top = 720
    row = 34
    for i, name in enumerate(fields):
        y = top - i * row
        ops.append(f"72 {y - row} 451 {row} re S")
        ops.append(f"200 {y - row} m 200 {y} l S")
        ops.append(f"BT /F1 12 Tf 80 {y - 22} Td {_text(name)} Tj ET")
        if values is not None and i < len(values) and values[i]:
            ops.append(f"BT /F1 12 Tf 208 {y - 22} Td {_text(values[i])} Tj ET")
    y = top - len(fields) * row - 30
    ops.append(f"BT /F1 12 Tf 72 {y} Td {_text('申请人（签字）：')} Tj ET")
    ops.append(f"BT /F1 12 Tf 340 {y} Td {_text('日期：    年   月   日')} Tj ET")
    if note:
        ops.append(f"BT /F1 10 Tf 72 60 Td {_text(note)} Tj ET")
    content = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
        b"/FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()
