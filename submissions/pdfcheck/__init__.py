"""Check an uploaded paper PDF against a workshop's rules. Pure Python: no Django, no Celery.

Untrusted uploads go through ``check_pdf_isolated``; ``check_pdf`` runs in the caller's process
with only pypdf's own decompression limits as protection.

Page counting. A line of a page's extracted text that is nothing but a references heading
("References", "6 References", "BIBLIOGRAPHY", "Literature Cited", letter-spaced "R EFERENCES")
starts the references; the first such line wins. Its page counts as a content page when the
heading "starts after body text": more than two non-empty lines, or more than 100 characters,
precede it on that page. Lines of digits only (page and line numbers) are ignored, so a running
header or a page number above the heading still leaves it "at the top". Pages are read in
content-stream order, so in two columns a heading at the top of the right column follows the
whole left column and the page counts. An appendix starts at a line such as "Appendix",
"A Appendix", "Appendix B: Proofs" or "Supplementary Material", with the same top-of-page rule.
An appendix whose headings do not say so (e.g. "A Proof of Theorem 1") is not recognised.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import hashlib
import html
import io
import json
import logging
import math
import os
import re
import signal
import subprocess
import sys
import unicodedata
import warnings
from dataclasses import dataclass

import pypdf
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

log = logging.getLogger(__name__)

# --- The sentences. Tests assert them exactly; change them here and nowhere else. ----------
EMPTY = "The file is empty."
NOT_PDF = "The file is not a PDF."
NOT_PDF_LIKE = "The file is not a PDF; it looks like {kind}."
TOO_LARGE = "The file is {size}; the limit is {limit}."
DAMAGED = "The PDF is damaged or incomplete and cannot be read; please export it again."
ENCRYPTED = "The PDF is encrypted; please upload it without a password or restrictions."
NO_PAGES = "The PDF has no pages."
PAGE_CAP = "The PDF has {pages} pages; at most {cap} are accepted."
TOO_MANY_BEFORE_REFERENCES = "The paper has {pages} before the references; the limit is {limit}."
TOO_MANY_BEFORE_APPENDIX = "The paper has {pages} before the appendix; the limit is {limit}."
TOO_MANY_NO_REFERENCES = (
    "The paper has {pages} and no references heading was found; the limit is {limit}."
)
TOO_MANY = "The paper has {pages}; the limit is {limit}."
APPENDIX = (
    "The paper has an appendix starting on page {page}; appendices are not allowed at this "
    "workshop."
)
PAGE_SIZE = "{pages} {verb} {size}; pages must be US Letter or A4."
JAVASCRIPT = "The PDF contains JavaScript, which is not allowed."
EMBEDDED_FILES = "The PDF contains embedded files, which are not allowed."
AUTHOR_ON_FIRST_PAGE = (
    "The first page names an author ({who}); under double-blind review it must not."
)
AUTHOR_IN_METADATA = (
    "The PDF's metadata names an author ({who}); under double-blind review it must not."
)
TIMEOUT = (
    "The PDF took too long to check (over {seconds} s); please export it again with a standard "
    "tool."
)
MEMORY = "The PDF needs too much memory to check; please export it again with a standard tool."
CHECK_FAILED = "The PDF could not be checked; please export it again with a standard tool."

MIN_NAME_LETTERS = 4
_TIMES, _DASH = "\u00d7", "\u2013"  # multiplication sign, en dash


@dataclass(frozen=True, kw_only=True)
class PdfRules:
    page_limit: int = 4
    references_excluded: bool = True
    appendix_allowed: bool = True
    max_bytes: int = 10 * 1024 * 1024
    page_cap: int = 50
    anonymity: str = "off"  # "off" | "warn" | "refuse"
    author_names: tuple[str, ...] = ()
    author_emails: tuple[str, ...] = ()
    timeout_seconds: float = 5.0
    memory_limit_bytes: int = 200 * 1024 * 1024

    def __post_init__(self) -> None:
        if self.anonymity not in ("off", "warn", "refuse"):
            raise ValueError(f"anonymity must be off, warn or refuse, not {self.anonymity!r}")


@dataclass(frozen=True, kw_only=True)
class Finding:
    code: str  # stable machine code, e.g. "too_many_pages"
    message: str  # one sentence for the author
    severity: str  # "error" | "warning"


@dataclass(frozen=True, kw_only=True)
class PdfReport:
    findings: tuple[Finding, ...]
    pages: int | None
    pages_before_references: int | None
    references_page: int | None  # 1-based; None if no references heading was found
    sha256: str
    size: int

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def ok(self) -> bool:
        return not self.errors


def _error(code: str, message: str) -> Finding:
    return Finding(code=code, message=message, severity="error")


def _report(data: bytes, findings, pages=None, before=None, references=None) -> PdfReport:
    return PdfReport(
        findings=tuple(findings),
        pages=pages,
        pages_before_references=before,
        references_page=references,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


# --- Checks on the raw bytes ------------------------------------------------------------


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


# --- Checks on the parsed document --------------------------------------------------------

# Inflated streams of real papers stay well under a few MB; pypdf's defaults allow 75 MB each.
_LIMIT = 32 << 20
_PYPDF_LIMITS = {
    **{f"{f}_maximum_output_length": _LIMIT for f in ("zlib", "lzw", "run_length", "jbig2")},
    "brotli_maximum_output_length": _LIMIT,
    "array_based_stream_maximum_output_length": _LIMIT,
    "stream_decoding_work_maximum_length": 4 * _LIMIT,
    "disable_legacy_handling": True,  # skips looking for changed deprecated module constants
}


def _active_content(reader: pypdf.PdfReader) -> tuple[bool, bool]:
    """(JavaScript, embedded files) anywhere reachable from the trailer.

    Walking every reachable dictionary catches actions wherever a viewer could run them
    (/OpenAction, /AA on catalog, pages, fields and annotations, /Names /JavaScript) without
    listing those places; the seen-set makes shared and cyclic references cheap.
    """
    javascript = embedded = False
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    while stack and not (javascript and embedded):
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            kind, subtype = obj.get("/S"), obj.get("/Subtype")
            javascript |= "/JS" in obj or "/JavaScript" in obj or kind == "/JavaScript"
            embedded |= "/EmbeddedFiles" in obj or "/EF" in obj or subtype == "/FileAttachment"
            values = obj.values()
        elif isinstance(obj, ArrayObject):
            values = obj
        else:
            continue
        stack.extend(v for v in values if isinstance(v, IndirectObject | DictionaryObject | list))
    return javascript, embedded


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


def _page_size_findings(reader: pypdf.PdfReader) -> list[Finding]:
    wrong: dict[str, list[int]] = {}
    for number, page in enumerate(reader.pages, start=1):
        box, unit = page.mediabox, float(page.get("/UserUnit", 1))
        width, height = abs(float(box.width)) * unit, abs(float(box.height)) * unit
        if page.rotation % 180:
            width, height = height, width
        if not (_same_size((width, height), _LETTER) or _same_size((width, height), _A4)):
            wrong.setdefault(_describe_size(width, height), []).append(number)
    findings = []
    for size, pages in wrong.items():
        verb = "is" if len(pages) == 1 else "are"
        message = PAGE_SIZE.format(pages=_page_list(pages), verb=verb, size=size)
        findings.append(_error("page_size", message))
    return findings


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


def check_pdf(data: bytes, rules: PdfRules) -> PdfReport:
    """Check ``data`` in this process. Untrusted uploads belong in ``check_pdf_isolated``.

    Python warnings are silenced here; ``catch_warnings`` is process-global in 3.11, so two
    threads checking at once may leave the filters of one of them behind (harmless: "ignore").
    """
    if findings := _precheck(data, rules):
        return _report(data, findings)
    try:
        with warnings.catch_warnings(), pypdf.apply_configuration(**_PYPDF_LIMITS):
            warnings.simplefilter("ignore")
            return _check_document(data, rules)
    except (MemoryError, LimitReachedError):
        return _report(data, [_error("memory", MEMORY)])
    except Exception:  # pypdf raises many kinds of errors on malformed files
        log.debug("pdfcheck: unreadable PDF", exc_info=True)
        return _report(data, [_error("damaged", DAMAGED)])


def _check_document(data: bytes, rules: PdfRules) -> PdfReport:
    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        return _report(data, [_error("encrypted", ENCRYPTED)])
    pages = len(reader.pages)
    if pages == 0:
        return _report(data, [_error("no_pages", NO_PAGES)], pages=0)
    if pages > rules.page_cap:
        message = PAGE_CAP.format(pages=pages, cap=rules.page_cap)
        return _report(data, [_error("page_cap", message)], pages=pages)
    javascript, embedded = _active_content(reader)
    findings = [_error("javascript", JAVASCRIPT)] if javascript else []
    findings += [_error("embedded_files", EMBEDDED_FILES)] if embedded else []
    findings += _page_size_findings(reader)
    first_text, references, appendix = _scan(reader, rules)
    findings += _length_findings(pages, references, appendix, rules)
    findings += _anonymity_findings(first_text, reader, rules)
    before = references.pages_before if references else None
    return _report(data, findings, pages, before, references and references.page)


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


# --- Isolation ----------------------------------------------------------------------------
# A fresh interpreter per check (rules + PDF on stdin, the report as JSON on stdout) instead of
# multiprocessing: forking a threaded gunicorn worker can copy a lock held by another thread and
# deadlock the child, and Celery's prefork children are daemonic, which multiprocessing refuses
# to start children from. subprocess runs no Python code between fork and exec, so it is safe
# from any caller. Interpreter start and pypdf import cost ~100 ms (bench/pdfcheck.py measures
# it); a 4-page paper takes ~0.13 s in all, within the 0.2 s budget. The child loads this file
# through importlib so its bytecode is cached (a script is recompiled on every run), with -P so
# the caller's working directory is not on sys.path, and with Pillow blocked: pypdf imports it
# if present, the check never needs image decoders, and that saves ~8 ms.
_CHILD = (
    "import sys, importlib.util as u; sys.modules['PIL'] = None;"
    "s = u.spec_from_file_location('_pdfcheck_child', sys.argv[1]); m = u.module_from_spec(s);"
    "sys.modules[s.name] = m; s.loader.exec_module(m); m._child_main()"
)


def _timeout(rules: PdfRules) -> Finding:
    return _error("timeout", TIMEOUT.format(seconds=f"{rules.timeout_seconds:g}"))


def check_pdf_isolated(data: bytes, rules: PdfRules) -> PdfReport:
    """``check_pdf`` in a child process bounded by ``rules.timeout_seconds`` of wall-clock
    time and ``rules.memory_limit_bytes`` of address space; the child is killed on timeout."""
    if findings := _precheck(data, rules):
        return _report(data, findings)  # spare a process for the obvious cases
    header = json.dumps(dataclasses.asdict(rules)).encode()
    command = [sys.executable, "-P", "-c", _CHILD, os.path.abspath(__file__)]
    try:
        child = subprocess.run(
            command,
            input=header + b"\n" + data,
            capture_output=True,
            timeout=rules.timeout_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:  # run() has already killed and reaped the child
        return _report(data, [_timeout(rules)])
    except OSError:  # no process to be had: fork limits, a vanished interpreter
        log.exception("pdfcheck: cannot start the checking process")
        return _report(data, [_error("check_failed", CHECK_FAILED)])
    if child.returncode == 0:
        with contextlib.suppress(ValueError, TypeError, KeyError):
            result = json.loads(child.stdout)
            findings = tuple(Finding(**f) for f in result.pop("findings"))
            return PdfReport(findings=findings, **result)
    if child.returncode == -signal.SIGKILL or b"MemoryError" in child.stderr:
        return _report(data, [_error("memory", MEMORY)])  # the OOM killer or a late allocation
    if child.returncode == -signal.SIGXCPU:
        return _report(data, [_timeout(rules)])
    log.warning("pdfcheck child failed (%s): %s", child.returncode, child.stderr[-2000:])
    return _report(data, [_error("check_failed", CHECK_FAILED)])


def _child_main() -> None:
    import resource  # Unix only, and only the child needs it

    header, _, data = sys.stdin.buffer.read().partition(b"\n")
    fields = json.loads(header)
    rules = PdfRules(**{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()})
    limit = rules.memory_limit_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # A backstop should the parent die: the CPU limit ends a child nobody waits for.
    cpu = math.ceil(rules.timeout_seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)  # malformed input is expected
    report = check_pdf(data, rules)
    sys.stdout.write(json.dumps(dataclasses.asdict(report)))
