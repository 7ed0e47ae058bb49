"""A PDF whose compressed stream unpacks to more than any page of text: refused with a Russian reason before it
takes the memory (io/pdf_inflate caps what pdfminer inflates)."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from xl_roadmap.io.pdf_document import read_pdf
from xl_roadmap.io.pdf_inflate import STREAM_LIMIT, InflateLimit, _CappedZlib
from xl_roadmap.io.read_error import ReadError


def _deflated_spaces(size: int) -> bytes:
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [packer.compress(chunk) for _ in range(size // len(chunk))]
    return b"".join(parts) + packer.flush()


def _one_page_pdf(path: Path, content: bytes) -> Path:
    """A minimal PDF of one page whose content stream is ``content`` (Flate-compressed), with a true xref."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_a_page_that_unpacks_past_the_cap_is_refused_naming_the_file(tmp_path):
    bomb = _deflated_spaces(STREAM_LIMIT + (8 << 20))
    pdf = _one_page_pdf(tmp_path / "приказ.pdf", bomb)
    assert pdf.stat().st_size < STREAM_LIMIT // 100          # a small file that says nothing of its unpacked size
    with pytest.raises(ReadError) as caught:
        read_pdf(pdf)
    assert "распаковываются больше" in caught.value.reason and "страница 1" in caught.value.reason
    assert "приказ.pdf" in str(caught.value)


def test_a_page_under_the_cap_is_read_as_before(tmp_path):
    text = b"BT /F1 12 Tf 72 700 Td (x) Tj ET\n" + b" " * (1 << 20)
    pdf = _one_page_pdf(tmp_path / "приказ.pdf", zlib.compress(text))
    with pytest.raises(ReadError) as caught:          # a page with no font's text is no text layer: a «scan»
        read_pdf(pdf)
    assert "распаковываются" not in caught.value.reason


def test_the_capped_zlib_inflates_gives_errors_and_stops_as_zlib_would():
    capped = _CappedZlib(limit=1000)
    data = "Мероприятие ".encode() * 10
    assert capped.decompress(zlib.compress(data)) == data
    with pytest.raises(zlib.error):
        capped.decompress(zlib.compress(data)[:-6])          # cut: pdfminer then reads what it can
    with pytest.raises(zlib.error):
        capped.decompress(b"not zlib at all")
    with pytest.raises(InflateLimit):
        capped.decompress(zlib.compress(b" " * 1001))
    one_by_one = capped.decompressobj()                    # pdfminer's decompress_corrupted feeds byte by byte
    packed = zlib.compress(b" " * 5000)
    with pytest.raises(InflateLimit):
        for i in range(len(packed)):
            one_by_one.decompress(packed[i:i + 1])
