"""Writes the PDF-structure fixtures next to this folder (run once; the tests only read the results).

Each file is a small resume whose text proves that one part of the PDF object layer works:

- structure-xref-stream.pdf: PDF 1.5 with the catalog, page tree, page and font inside an object stream (/ObjStm) and a
  cross-reference stream (/Type /XRef, /W [1 2 2], /Index) compressed with Flate and the PNG Up predictor.
- structure-hybrid.pdf: a hybrid file: a classic xref table that marks the compressed objects free and a trailer
  /XRefStm pointing at the xref stream that lists them (what Word writes for "compatibility").
- structure-incremental.pdf: two revisions; the second replaces the page content and the job title. Only the new text
  may appear.
- structure-broken-xref.pdf: every xref offset and startxref are wrong (bytes were inserted after writing); the reader
  must rebuild the table by scanning for "N G obj".
- structure-filters.pdf: one page whose /Contents array holds streams encoded with [/ASCII85Decode /FlateDecode],
  /LZWDecode (default /EarlyChange 1, long enough to reach 10-bit codes), /LZWDecode with /EarlyChange 0,
  [/ASCIIHexDecode /RunLengthDecode] and /FlateDecode with the PNG predictors (Sub, Up, Average, Paeth rows).
- encrypted-*.pdf: structure-xref-stream-like content encrypted by qpdf (an independent implementation) with an empty
  user password: RC4 40-bit (R2), RC4 128-bit (R3), AES-256 (R6), AES-256 (R5, deprecated but still met), and the
  LibreOffice resume with AES-256 plus object streams (strings and streams inside encrypted object streams).
"""
import base64
import pathlib
import subprocess
import zlib

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parent

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def pdf_string(text):
    out = bytearray(b"(")
    for b in text.encode("cp1252"):
        if b in b"()\\":
            out += b"\\" + bytes([b])
        elif b < 0x20 or b > 0x7E:
            out += b"\\%03o" % b
        else:
            out.append(b)
    return bytes(out + b")")


def content(lines, top=780):
    """A text block: one line per entry, 16 pt apart, the first one larger (the name)."""
    ops = []
    y = top
    for i, line in enumerate(lines):
        size = 18 if i == 0 else 11
        ops.append(b"BT /F1 %d Tf 56 %d Td %s Tj ET" % (size, y, pdf_string(line)))
        y -= 24 if i == 0 else 16
    return b"\n".join(ops) + b"\n"


def stream_object(data, dictionary=b""):
    return b"<< /Length %d%s >>\nstream\n" % (len(data), dictionary) + data + b"\nendstream"


def flate(data, dictionary=b""):
    return stream_object(zlib.compress(data), b" /Filter /FlateDecode" + dictionary)


def classic(objects, root=1, header=b"%PDF-1.4"):
    """objects: dict id -> body. Returns (bytes, offsets, xref offset)."""
    out = bytearray(header + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for oid in sorted(objects):
        offsets[oid] = len(out)
        out += b"%d 0 obj\n" % oid + objects[oid] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for oid in range(1, size):
        out += b"%010d 00000 n \n" % offsets[oid] if oid in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return out, offsets, xref


def basic_objects(text):
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
        3: b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        4: flate(content(text)),
        5: FONT,
    }


def png_up(rows_data, columns):
    out = bytearray()
    previous = bytes(columns)
    for i in range(0, len(rows_data), columns):
        row = rows_data[i:i + columns]
        out.append(2)
        out += bytes((row[k] - previous[k]) & 0xFF for k in range(columns))
        previous = row
    return bytes(out)


def object_stream(members):
    """members: list of (id, body). Returns the /ObjStm stream object body."""
    header = bytearray()
    body = bytearray()
    for oid, data in members:
        header += b"%d %d " % (oid, len(body))
        body += data + b"\n"
    data = bytes(header) + bytes(body)
    return flate(data, b" /Type /ObjStm /N %d /First %d" % (len(members), len(header)))


def xref_stream_rows(entries, widths=(1, 2, 2)):
    rows = bytearray()
    for kind, field2, field3 in entries:
        rows += kind.to_bytes(widths[0], "big") + field2.to_bytes(widths[1], "big") + field3.to_bytes(widths[2], "big")
    return bytes(rows)


XREF_STREAM_TEXT = [
    "Morgan Ellery",
    "Site Reliability Engineer",
    "Experience",
    "Staff SRE, Northwind Cloud, 2020 - Present",
    "Built the incident pipeline with object streams",
]


def xref_stream_pdf(hybrid=False):
    text = XREF_STREAM_TEXT if not hybrid else ["Morgan Ellery", "Hybrid Reference Engineer", "Listed through XRefStm"]
    objects = basic_objects(text)
    members = [(oid, objects[oid]) for oid in (1, 2, 3, 5)]
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for oid, body in ((4, objects[4]), (6, object_stream(members))):
        offsets[oid] = len(out)
        out += b"%d 0 obj\n" % oid + body + b"\nendobj\n"
    xref_offset = len(out)
    entries = [(0, 0, 65535)]
    for oid in range(1, 8):
        if oid in (1, 2, 3, 5):
            entries.append((2, 6, [1, 2, 3, 5].index(oid)))
        elif oid == 7:
            entries.append((1, xref_offset, 0))
        else:
            entries.append((1, offsets[oid], 0))
    rows = xref_stream_rows(entries)
    predicted = png_up(rows, 5)
    data = zlib.compress(predicted)
    xref_dictionary = b"/Type /XRef /Size 8 /W [1 2 2] /Index [0 8] /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 5 >>"
    if not hybrid:
        xref_dictionary += b" /Root 1 0 R"
    out += b"7 0 obj\n<< %s /Length %d >>\nstream\n" % (xref_dictionary, len(data)) + data + b"\nendstream\nendobj\n"
    if not hybrid:
        out += b"startxref\n%d\n%%%%EOF\n" % xref_offset
        return bytes(out)
    # Hybrid: a classic table for PDF 1.4 readers, where the compressed objects look free.
    table = len(out)
    out += b"xref\n0 8\n0000000000 65535 f \n"
    for oid in range(1, 8):
        if oid in (1, 2, 3, 5):
            out += b"0000000000 65535 f \n"
        else:
            out += b"%010d 00000 n \n" % (offsets[oid] if oid != 7 else xref_offset)
    out += b"trailer\n<< /Size 8 /Root 1 0 R /XRefStm %d >>\nstartxref\n%d\n%%%%EOF\n" % (xref_offset, table)
    return bytes(out)


def incremental_pdf():
    old = ["Riley Okafor", "Junior Analyst", "Experience", "Analyst, Tailspin Toys, 2021 - 2023"]
    new = ["Riley Okafor", "Principal Data Engineer", "Experience", "Lead Engineer, Tailspin Toys, 2023 - Present"]
    out, _, xref = classic(basic_objects(old))
    # Revision 2: a new content stream under the same object number, and a new /Info in the same update.
    update = len(out)
    out += b"4 0 obj\n" + flate(content(new)) + b"\nendobj\n"
    info = len(out)
    out += b"6 0 obj\n<< /Title (Revised resume) >>\nendobj\n"
    second = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n4 1\n%010d 00000 n \n6 1\n%010d 00000 n \n" % (update, info)
    out += b"trailer\n<< /Size 7 /Root 1 0 R /Info 6 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (xref, second)
    return bytes(out)


def broken_xref_pdf():
    text = ["Sasha Lindqvist", "Clinical Data Manager", "Recovered by scanning the file"]
    out, _, _ = classic(basic_objects(text))
    # Bytes inserted after the header move every object: all xref offsets and startxref now point to the wrong place.
    marker = out.index(b"1 0 obj")
    return bytes(out[:marker]) + b"%" + b"x" * 37 + b"\n" + bytes(out[marker:])


def lzw_encode(data, early_change=1):
    """PDF LZW with 9- to 12-bit codes; the code width follows the decoder's table size, as the format requires."""
    table = {bytes([i]): i for i in range(256)}
    codes = [256]
    next_code = 258
    w = b""
    for value in data:
        wc = w + bytes([value])
        if wc in table:
            w = wc
            continue
        codes.append(table[w])
        table[wc] = next_code
        next_code += 1
        w = bytes([value])
    if w:
        codes.append(table[w])
    codes.append(257)
    assert next_code < 4000, "keep the sample short enough to need no clear code"

    bits = 0
    bit_count = 0
    out = bytearray()
    width = 9
    decoder_next = 258
    have_previous = False
    for code in codes:
        bits = (bits << width) | code
        bit_count += width
        while bit_count >= 8:
            bit_count -= 8
            out.append((bits >> bit_count) & 0xFF)
        bits &= (1 << bit_count) - 1
        if code == 256:
            width, decoder_next, have_previous = 9, 258, False
            continue
        if have_previous:
            decoder_next += 1
        have_previous = True
        if decoder_next + early_change >= (1 << width) and width < 12:
            width += 1
    if bit_count:
        out.append((bits << (8 - bit_count)) & 0xFF)
    return bytes(out)


def run_length_encode(data):
    out = bytearray()
    i = 0
    while i < len(data):
        run = 1
        while i + run < len(data) and data[i + run] == data[i] and run < 128:
            run += 1
        if run > 1:
            out += bytes([257 - run, data[i]])
            i += run
            continue
        start = i
        while i < len(data) and i - start < 128 and not (i + 1 < len(data) and data[i + 1] == data[i]):
            i += 1
        out += bytes([i - start - 1]) + data[start:i]
    return bytes(out + b"\x80")


def png_predict_mixed(data, columns):
    """Rows cycle through the PNG filter types None, Sub, Up, Average and Paeth."""
    if len(data) % columns:
        data += b" " * (columns - len(data) % columns)
    out = bytearray()
    previous = bytes(columns)
    for r, i in enumerate(range(0, len(data), columns)):
        row = data[i:i + columns]
        kind = r % 5
        out.append(kind)
        for k in range(columns):
            left = row[k - 1] if k else 0
            up = previous[k]
            up_left = previous[k - 1] if k else 0
            if kind == 0:
                predicted = 0
            elif kind == 1:
                predicted = left
            elif kind == 2:
                predicted = up
            elif kind == 3:
                predicted = (left + up) // 2
            else:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                predicted = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
            out.append((row[k] - predicted) & 0xFF)
        previous = row
    return bytes(out)


def filters_pdf():
    first = content(["Jordan Abara", "Embedded Systems Engineer", "ASCII85 and Flate chain decoded"])
    lzw_lines = ["LZW section: " + " ".join("firmware%d" % i for i in range(12)) for _ in range(8)] + ["LZW early change decoded"]
    second = content(lzw_lines, top=680)
    third = content(["LZW without early change decoded"], top=520)
    fourth = content(["Hex and run length      decoded"], top=500)
    fifth = content(["PNG predictor rows decoded", "Skills: C, Rust, Zephyr RTOS, CAN bus"], top=480)
    streams = {
        6: stream_object(base64.a85encode(zlib.compress(first)) + b"~>", b" /Filter [/ASCII85Decode /FlateDecode]"),
        7: stream_object(lzw_encode(second), b" /Filter /LZWDecode"),
        8: stream_object(lzw_encode(third, early_change=0), b" /Filter /LZWDecode /DecodeParms << /EarlyChange 0 >>"),
        9: stream_object(run_length_encode(fourth).hex().upper().encode() + b">", b" /Filter [/ASCIIHexDecode /RunLengthDecode]"),
        10: stream_object(zlib.compress(png_predict_mixed(fifth, 7)), b" /Filter /FlateDecode /DecodeParms << /Predictor 15 /Columns 7 >>"),
    }
    objects = basic_objects([])
    objects[3] = b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents [6 0 R 7 0 R 8 0 R 9 0 R 10 0 R] >>"
    objects[4] = b"null"
    objects.update(streams)
    out, _, _ = classic(objects)
    return bytes(out)


def qpdf(source, target, *arguments):
    subprocess.run(["qpdf", *arguments, "--", str(source), str(target)], check=True)


def main():
    (OUT / "structure-xref-stream.pdf").write_bytes(xref_stream_pdf())
    (OUT / "structure-hybrid.pdf").write_bytes(xref_stream_pdf(hybrid=True))
    (OUT / "structure-incremental.pdf").write_bytes(incremental_pdf())
    (OUT / "structure-broken-xref.pdf").write_bytes(broken_xref_pdf())
    (OUT / "structure-filters.pdf").write_bytes(filters_pdf())

    # Encryption by qpdf 11.3 (Debian), empty user password, so the files open without asking.
    plain = OUT / "structure-xref-stream.pdf"
    qpdf(plain, OUT / "encrypted-rc4-40.pdf", "--allow-weak-crypto", "--encrypt", "", "owner-secret", "40")
    qpdf(plain, OUT / "encrypted-rc4-128.pdf", "--allow-weak-crypto", "--encrypt", "", "owner-secret", "128", "--use-aes=n")
    qpdf(plain, OUT / "encrypted-aes256-r5.pdf", "--allow-weak-crypto", "--encrypt", "", "owner-secret", "256", "--force-R5")
    qpdf(OUT / "registered-nurse.libreoffice.pdf", OUT / "encrypted-aes256-objstm.pdf", "--object-streams=generate", "--encrypt", "", "owner-secret", "256")


if __name__ == "__main__":
    main()
