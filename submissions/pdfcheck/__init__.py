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

The modules: ``sentences`` (what the author reads), ``model`` (rules, findings, report),
``precheck`` (the raw bytes), ``limits`` (pypdf's inflation limits), ``content`` (JavaScript,
embedded files), ``pages`` (sizes and counting), ``anonymity`` (double-blind), ``check``
(``check_pdf``), ``isolation`` (``check_pdf_isolated`` and the checking child) and ``pool``
(the warm children a process keeps). Modules import one another
relatively only: the isolated child loads this package by file path, outside ``submissions``.
"""

from .anonymity import MIN_NAME_LETTERS, strip_identifying_metadata
from .check import check_pdf
from .isolation import check_pdf_isolated
from .model import Finding, PdfReport, PdfRules
from .precheck import size_finding
from .sentences import (
    APPENDIX,
    AUTHOR_IN_METADATA,
    AUTHOR_ON_FIRST_PAGE,
    CHECK_FAILED,
    DAMAGED,
    EMBEDDED_FILES,
    EMPTY,
    ENCRYPTED,
    JAVASCRIPT,
    MEMORY,
    NO_PAGES,
    NOT_PDF,
    NOT_PDF_LIKE,
    PAGE_CAP,
    PAGE_SIZE,
    TIMEOUT,
    TOO_LARGE,
    TOO_MANY,
    TOO_MANY_BEFORE_APPENDIX,
    TOO_MANY_BEFORE_REFERENCES,
    TOO_MANY_NO_REFERENCES,
)

__all__ = [
    "APPENDIX",
    "AUTHOR_IN_METADATA",
    "AUTHOR_ON_FIRST_PAGE",
    "CHECK_FAILED",
    "DAMAGED",
    "EMBEDDED_FILES",
    "EMPTY",
    "ENCRYPTED",
    "JAVASCRIPT",
    "MEMORY",
    "MIN_NAME_LETTERS",
    "NOT_PDF",
    "NOT_PDF_LIKE",
    "NO_PAGES",
    "PAGE_CAP",
    "PAGE_SIZE",
    "TIMEOUT",
    "TOO_LARGE",
    "TOO_MANY",
    "TOO_MANY_BEFORE_APPENDIX",
    "TOO_MANY_BEFORE_REFERENCES",
    "TOO_MANY_NO_REFERENCES",
    "Finding",
    "PdfReport",
    "PdfRules",
    "check_pdf",
    "check_pdf_isolated",
    "size_finding",
    "strip_identifying_metadata",
]
