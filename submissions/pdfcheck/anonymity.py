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


# The document information a stored copy keeps: the title (unless it names an author) and
# the dates. /Author, /Creator and /Producer name people and their tools; /Subject, /Keywords
# and custom entries are free text that often repeats the authors or their institution.
_KEPT = ("/Title", "/CreationDate", "/ModDate")


def strip_identifying_metadata(data: bytes, rules: PdfRules | None = None) -> bytes:
    """A copy for storing under double-blind review: of the document information only the
    title (dropped too when it names one of `rules`' authors) and the dates; no XMP metadata
    (the catalog's and the pages'); and no object left unreferenced by that, so that the file's
    bytes do not carry what its structure no longer shows. Call it only on a PDF that passed
    the check; unreadable input raises."""
    with warnings.catch_warnings(), pypdf.apply_configuration(**_PYPDF_LIMITS):
        warnings.simplefilter("ignore")
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        writer = pypdf.PdfWriter(clone_from=reader)
        info = reader.metadata or {}
        kept = {key: info[key] for key in _KEPT if isinstance(info.get(key), str)}
        if rules is not None and _authors_in(kept.get("/Title", ""), rules):
            kept.pop("/Title")
        writer.metadata = kept or None
        writer.xmp_metadata = None
        for page in writer.pages:
            page.pop("/Metadata", None)
        # A cloned file still holds the removed objects; only what is referenced is written.
        writer.compress_identical_objects()
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue()
