"""check_pdf: the whole check in the caller's process, from the raw bytes to the report."""

from __future__ import annotations

import dataclasses
import io
import logging
import warnings

import pypdf
from pypdf.errors import LimitReachedError

from .anonymity import _anonymity_findings
from .content import _active_content
from .limits import _PYPDF_LIMITS
from .model import PdfReport, PdfRules, _error, _report
from .pages import _length_findings, _page_size_findings, _scan
from .precheck import _precheck
from .sentences import DAMAGED, EMBEDDED_FILES, ENCRYPTED, JAVASCRIPT, MEMORY, NO_PAGES, PAGE_CAP

# The package's logger: one name to configure for the whole checker.
log = logging.getLogger(__package__)


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
    size_findings, page_size = _page_size_findings(reader)
    findings += size_findings
    first_text, references, appendix = _scan(reader, rules)
    findings += _length_findings(pages, references, appendix, rules)
    findings += _anonymity_findings(first_text, reader, rules)
    before = references.pages_before if references else None
    report = _report(data, findings, pages, before, references and references.page)
    return dataclasses.replace(report, page_size=page_size)
