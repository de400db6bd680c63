"""Pages: their sizes (US Letter or A4), and how many count against the limit, up to the
references or the appendix heading (the rules are in the package docstring)."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass

import pypdf
from pypdf.errors import LimitReachedError

from .model import Finding, PdfRules, _error
from .sentences import (
    APPENDIX,
    PAGE_SIZE,
    TOO_MANY,
    TOO_MANY_BEFORE_APPENDIX,
    TOO_MANY_BEFORE_REFERENCES,
    TOO_MANY_NO_REFERENCES,
)

# The package's logger: one name to configure for the whole checker.
log = logging.getLogger(__package__)

_TIMES, _DASH = "\u00d7", "\u2013"  # multiplication sign, en dash

# --- Page sizes ---------------------------------------------------------------------------

_LETTER, _A4 = (612.0, 792.0), (595.28, 841.89)
_TOLERANCE = 3.0  # points, about 1 mm
_NAMED_SIZES = {"Legal": (612, 1008), "Tabloid": (792, 1224), "Executive": (522, 756)}
_NAMED_SIZES |= {"A3": (841.89, 1190.55), "A5": (419.53, 595.28), "B5": (498.9, 708.66)}


def _same_size(a, b) -> bool:
    return all(abs(x - y) <= _TOLERANCE for x, y in zip(sorted(a), sorted(b), strict=True))


def _describe_size(width: float, height: float) -> str:
    inches = f" {_TIMES} ".join(f"{v / 72:.2f}".rstrip("0").rstrip(".") for v in (width, height))
    names = [name for name, size in _NAMED_SIZES.items() if _same_size((width, height), size)]
    return f"{inches} in ({names[0]})" if names else f"{inches} in"


def _page_list(numbers: list[int]) -> str:
    """[1, 2, 3, 5, 6] -> "Pages 1-3, 5 and 6": runs of three or more become en-dash ranges."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = []
    for run in runs:
        parts += [f"{run[0]}{_DASH}{run[-1]}"] if len(run) > 2 else [str(n) for n in run]
    if len(numbers) == 1:
        return f"Page {parts[0]}"
    return "Pages " + (f"{', '.join(parts[:-1])} and {parts[-1]}" if len(parts) > 1 else parts[0])


def _page_size_findings(reader: pypdf.PdfReader) -> tuple[list[Finding], str]:
    """Pages that are neither US Letter nor A4, and the sizes of the document in words
    ("US Letter", "A4", "US Letter and A4") for the author's report."""
    wrong: dict[str, list[int]] = {}
    seen: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        box, unit = page.mediabox, float(page.get("/UserUnit", 1))
        width, height = abs(float(box.width)) * unit, abs(float(box.height)) * unit
        if page.rotation % 180:
            width, height = height, width
        if _same_size((width, height), _LETTER):
            name = "US Letter"
        elif _same_size((width, height), _A4):
            name = "A4"
        else:
            name = _describe_size(width, height)
            wrong.setdefault(name, []).append(number)
        if name not in seen:
            seen.append(name)
    findings = []
    for size, pages in wrong.items():
        verb = "is" if len(pages) == 1 else "are"
        message = PAGE_SIZE.format(pages=_page_list(pages), verb=verb, size=size)
        findings.append(_error("page_size", message))
    if len(seen) > 2:
        seen = [f"{seen[0]}, {seen[1]}", f"{len(seen) - 2} more"]
    return findings, " and ".join(seen)


# --- Page counting ------------------------------------------------------------------------

_NUMBERING = re.compile(r"(?:\d+(?:\.\d+)*|[IVXLC]+|[A-Z])[.)]?\s+(?=\S)")
# Matched against the line without whitespace, so letter-spaced "R EFERENCES" matches too.
_REFERENCE_WORDS = re.compile(
    r"references?|bibliography|(?:literature|works)cited|referencesandnotes"
)
_APPENDIX_WORDS = re.compile(r"appendix|appendices|supplementa(?:ry|l)materials?")
# "Appendix", "Appendix B: Proofs", "Appendix A Proofs" but not "Appendix B shows that ...".
_APPENDIX = re.compile(
    r"(?i:appendix|appendices|supplementa(?:ry|l)\s+materials?)"
    r"(?:\s+[A-Z0-9]{1,3}\b)?+(?:\s*[:.\u2013\u2014-].*|\s+[A-Z].*)?"
)
_DIGITS_ONLY = re.compile(r"[\d\s.,:;()-]*")
_TOP_LINES, _TOP_CHARS = 2, 100


def _heading_kind(line: str) -> str | None:
    text = unicodedata.normalize("NFKC", line)
    if len(text) > 80:
        return None
    for candidate in (text, _NUMBERING.sub("", text, count=1)):
        compact = "".join(candidate.split()).casefold().rstrip(".:")
        if _REFERENCE_WORDS.fullmatch(compact):
            return "references"
        if _APPENDIX_WORDS.fullmatch(compact) or _APPENDIX.fullmatch(candidate):
            return "appendix"
    return None


@dataclass(frozen=True)
class _Heading:
    page: int  # 1-based
    after_body: bool  # body text precedes it, so its page counts as content

    @property
    def pages_before(self) -> int:
        return self.page - 1 + self.after_body


def _after_body(lines_before: list[str]) -> bool:
    text = [line for line in lines_before if not _DIGITS_ONLY.fullmatch(line)]
    return len(text) > _TOP_LINES or sum(map(len, text)) > _TOP_CHARS


def _page_text(page) -> str:
    try:
        return page.extract_text()
    except (LimitReachedError, MemoryError):
        raise
    except Exception:  # a page pypdf cannot extract has no headings we can see
        log.debug("pdfcheck: no text from a page", exc_info=True)
        return ""


def _scan(reader: pypdf.PdfReader, rules: PdfRules):
    """First page's text, the references heading and the appendix heading (or None)."""
    first_text, headings = "", {}
    need_appendix = not (rules.appendix_allowed and rules.references_excluded)
    for number, page in enumerate(reader.pages, start=1):
        text = _page_text(page)
        if number == 1:
            first_text = text
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for index, line in enumerate(lines):
            kind = _heading_kind(line)
            if kind and kind not in headings:
                headings[kind] = _Heading(number, _after_body(lines[:index]))
        if "references" in headings and ("appendix" in headings or not need_appendix):
            break
    return first_text, headings.get("references"), headings.get("appendix")


def _plural(n: int) -> str:
    return f"{n} page" if n == 1 else f"{n} pages"


def _length_findings(pages: int, references, appendix, rules: PdfRules) -> list[Finding]:
    if rules.references_excluded and references:
        counted, template = references.pages_before, TOO_MANY_BEFORE_REFERENCES
    elif appendix:
        counted, template = appendix.pages_before, TOO_MANY_BEFORE_APPENDIX
    else:
        counted = pages
        template = TOO_MANY_NO_REFERENCES if rules.references_excluded else TOO_MANY
    findings = []
    if counted > rules.page_limit:
        message = template.format(pages=_plural(counted), limit=rules.page_limit)
        findings.append(_error("too_many_pages", message))
    if appendix and not rules.appendix_allowed:
        findings.append(_error("appendix", APPENDIX.format(page=appendix.page)))
    return findings
