"""Double-blind review: authors named on the first page or in the metadata (document
information and XMP), and the copy stored without the identifying metadata."""

from __future__ import annotations

import html
import io
import re
import unicodedata
import warnings

import pypdf
from pypdf.generic import StreamObject

from .limits import _PYPDF_LIMITS
from .model import Finding, PdfRules
from .sentences import AUTHOR_IN_METADATA, AUTHOR_ON_FIRST_PAGE

MIN_NAME_LETTERS = 4


def _fold(text: str) -> str:
    """Casefolded, accents dropped, whitespace (line breaks too) collapsed to one space."""
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def _authors_in(text: str, rules: PdfRules) -> list[str]:
    """Author names as whole words (letters may not touch them, digits may: "Goldie1"), and
    author emails, found in text."""
    text, found = _fold(text), []
    for name in rules.author_names:
        folded = _fold(name)
        # A name of under four letters ("A", "Wu") is more often a word or an initial than
        # the author: searching for it would refuse honest papers.
        if sum(c.isalpha() for c in folded) < MIN_NAME_LETTERS:
            continue
        if re.search(rf"(?<![^\W\d_]){re.escape(folded)}(?![^\W\d_])", text):
            found.append(name)
    for email in rules.author_emails:
        if email.strip() and re.search(rf"(?<![\w.+-]){re.escape(_fold(email))}(?![\w-])", text):
            found.append(email)
    return found


def _metadata_text(reader: pypdf.PdfReader) -> str:
    parts = []
    info = reader.metadata or {}
    for key in ("/Author", "/Title", "/Subject", "/Keywords", "/Creator", "/Producer"):
        parts.append(str(info.get(key) or ""))
    xmp = reader.root_object.get("/Metadata")
    if isinstance(xmp := xmp and xmp.get_object(), StreamObject):
        raw = xmp.get_data().decode("utf-8", "replace")
        parts.append(html.unescape(re.sub(r"<[^>]*>", " ", raw)))
    return "\n".join(parts)


def _anonymity_findings(first_text: str, reader: pypdf.PdfReader, rules: PdfRules):
    if rules.anonymity == "off":
        return []
    severity = "error" if rules.anonymity == "refuse" else "warning"
    findings = []
    for code, template, text in (
        ("author_on_first_page", AUTHOR_ON_FIRST_PAGE, first_text),
        ("author_in_metadata", AUTHOR_IN_METADATA, _metadata_text(reader)),
    ):
        if who := _authors_in(text, rules):
            message = template.format(who=", ".join(who))
            findings.append(Finding(code=code, message=message, severity=severity))
    return findings


_IDENTIFYING = ("/Author", "/Creator", "/Producer")


def strip_identifying_metadata(data: bytes) -> bytes:
    """A copy without /Author, /Creator, /Producer and XMP metadata (the catalog's and the
    pages'), for the copy stored under double-blind review. Other document information (Title,
    dates) is kept. Call it only on a PDF that passed the check; unreadable input raises."""
    with warnings.catch_warnings(), pypdf.apply_configuration(**_PYPDF_LIMITS):
        warnings.simplefilter("ignore")
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        writer = pypdf.PdfWriter(clone_from=reader)
        info = reader.metadata or {}
        # Text entries only: add_metadata would turn a name such as /Trapped into a string.
        kept = {
            key: value
            for key, value in info.items()
            if key not in _IDENTIFYING and isinstance(value, str) and not key.startswith("/Trapped")
        }
        writer.metadata = kept or None
        writer.xmp_metadata = None
        for page in writer.pages:
            page.pop("/Metadata", None)
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue()
