"""Checks on the raw bytes: cheap refusals (empty, too large, not a PDF, truncated) that need
no parsing, so they run in the caller's process before any child is started."""

from __future__ import annotations

import codecs
import math

from .model import Finding, PdfRules, _error
from .sentences import DAMAGED, EMPTY, NOT_PDF, NOT_PDF_LIKE, TOO_LARGE


def _amount(n: int, *, round_up: bool = False) -> str:
    # Round the file size up and the limit down so "10 MB; the limit is 10 MB" cannot happen.
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            tenths = (math.ceil if round_up else math.floor)(n * 10 / scale)
            return f"{tenths / 10:g} {unit}"
    return f"{n} bytes"


def size_finding(size: int, max_bytes: int) -> Finding | None:
    """The too-large finding, or None; usable from Content-Length before reading the body."""
    if size <= max_bytes:
        return None
    message = TOO_LARGE.format(size=_amount(size, round_up=True), limit=_amount(max_bytes))
    return _error("too_large", message)


_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%!PS", "a PostScript file"),
    (b"{\\rtf", "an RTF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word 97-2003 (.doc) or other old Office file"),
)


def _looks_like(data: bytes) -> str | None:
    head = data[:4096]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"PK\x03\x04"):
        return "a Word (.docx) document" if b"word/" in data else "a ZIP archive"
    try:  # an incremental decoder forgives a character cut at the end of head
        text = codecs.getincrementaldecoder("utf-8")().decode(head)
    except UnicodeDecodeError:
        return None
    if "\\documentclass" in text or "\\begin{document}" in text:
        return "LaTeX source"
    if "<html" in text.lower():
        return "a web page"
    return "plain text" if all(c.isprintable() or c in "\t\r\n\f" for c in text) else None


def _precheck(data: bytes, rules: PdfRules) -> list[Finding]:
    """Cheap refusals that need no parsing; any finding here ends the check."""
    if not data:
        return [_error("empty", EMPTY)]
    findings = [f for f in (size_finding(len(data), rules.max_bytes),) if f]
    # Acrobat accepts the header anywhere in the first 1024 bytes and %%EOF in the last 1024.
    if b"%PDF-" not in data[:1024]:
        kind = _looks_like(data)
        message = NOT_PDF_LIKE.format(kind=kind) if kind else NOT_PDF
        findings.append(_error("not_pdf", message))
    elif not findings and b"%%EOF" not in data[-1024:]:
        findings.append(_error("damaged", DAMAGED))  # truncated upload
    return findings
