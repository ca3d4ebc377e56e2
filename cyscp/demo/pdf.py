"""A one-page PDF with a line of text, written by hand.

The demo briefings and slides need real PDFs (the document checks read a
file's signature, and readers open them), without adding a PDF library to the
site's dependencies for invented content.
"""

A4 = (595, 842)  # points


def _pdf_string(text: str) -> bytes:
    # The standard Helvetica font has no Unicode mapping: keep to ASCII, and
    # escape the characters that end or escape a PDF string.
    plain = text.replace("\u2013", "-").replace("\u2019", "'").encode("ascii", "replace")
    return b"(" + plain.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def one_page_pdf(line: str) -> bytes:
    width, height = A4
    stream = b"BT /F1 14 Tf 56 %d Td %s Tj ET" % (height - 80, _pdf_string(line))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>" % (width, height),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    # Readers find each object through this table of byte offsets; every
    # entry is exactly 20 bytes, as the format requires.
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
