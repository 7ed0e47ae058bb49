"""A cap on what pdfminer inflates: a PDF's compressed stream may say 200 KB and unpack to gigabytes.

pdfminer (under pdfplumber) inflates every Flate stream it reads — a page's content, an object stream — with
``zlib.decompress`` and no bound: a 200 KB «PDF bomb» would take all the memory before any limit of ours is
seen. The workbook reader caps every zip member at its declared size (io/container); a PDF declares nothing,
so each stream is capped at a size no text page comes near. pdfminer reaches zlib through its module's
``zlib`` and ``lzwdecode`` names; :func:`install` puts capped ones there, in this process only.
"""

from __future__ import annotations

import zlib

STREAM_LIMIT = 64 * 1024 * 1024     # one inflated stream: a dense page of text is well under 5 MB


class InflateLimit(Exception):
    """A stream of the PDF inflates past :data:`STREAM_LIMIT`."""


class _CappedInflater:
    """zlib's decompress object, counting what it gives (pdfminer feeds a damaged stream to one byte by byte)."""

    def __init__(self, inflater, limit: int):
        self._inflater = inflater
        self._left = limit

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._inflater.decompress(data, max_length) if max_length else \
            self._inflater.decompress(data, self._left + 1)
        self._left -= len(out)
        if self._left < 0 or (not max_length and self._inflater.unconsumed_tail):
            raise InflateLimit
        return out

    def flush(self, *args) -> bytes:
        return self._inflater.flush(*args)

    def __getattr__(self, name):
        return getattr(self._inflater, name)


class _CappedZlib:
    """The part of the zlib module pdfminer uses, each stream capped at ``limit`` bytes."""

    error = zlib.error

    def __init__(self, limit: int):
        self.limit = limit

    def decompress(self, data: bytes, *args) -> bytes:
        inflater = zlib.decompressobj(*args[1:2])      # zlib.decompress(data, wbits, bufsize)
        out = inflater.decompress(data, self.limit + 1)
        if len(out) > self.limit or inflater.unconsumed_tail:
            raise InflateLimit
        if not inflater.eof:
            # as zlib.decompress does for a cut stream: pdfminer then reads what it can (decompress_corrupted)
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    def decompressobj(self, *args, **kwargs) -> _CappedInflater:
        return _CappedInflater(zlib.decompressobj(*args, **kwargs), self.limit)

    def __getattr__(self, name):
        return getattr(zlib, name)


def _capped_lzw(limit: int):
    """pdfminer's lzwdecode, stopped once its output passes ``limit`` (an LZW code unpacks to up to 4 KB)."""
    from io import BytesIO

    from pdfminer.lzw import LZWDecoder

    def lzwdecode(data: bytes) -> bytes:
        out, size = [], 0
        for piece in LZWDecoder(BytesIO(data)).run():
            size += len(piece)
            if size > limit:
                raise InflateLimit
            out.append(piece)
        return b"".join(out)

    return lzwdecode


def install(limit: int = STREAM_LIMIT) -> None:
    """pdfminer's Flate and LZW streams capped from now on (idempotent; the limit of the last call holds)."""
    from pdfminer import pdftypes

    pdftypes.zlib = _CappedZlib(limit)
    pdftypes.lzwdecode = _capped_lzw(limit)
