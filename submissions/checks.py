"""The bridge between a workshop's settings and the pure PDF checker."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from workshop.enums import BlindMode
from workshop.models import Workshop

from . import pdfcheck


def rules_for(
    workshop: Workshop, authors: Iterable, *, camera_ready: bool = False
) -> pdfcheck.PdfRules:
    """The PDF rules of a workshop for a paper by `authors` (objects or dicts with name and
    email). The camera-ready version has its own page limit and no anonymity check."""
    authors = list(authors)
    names = tuple(_get(a, "name") for a in authors if _get(a, "name"))
    emails = tuple(_get(a, "email") for a in authors if _get(a, "email"))
    anonymity = "off"
    if workshop.blind_mode == BlindMode.DOUBLE and not camera_ready:
        anonymity = workshop.anonymity_policy
    return pdfcheck.PdfRules(
        page_limit=workshop.effective_camera_ready_page_limit
        if camera_ready
        else workshop.page_limit,
        references_excluded=workshop.references_excluded,
        appendix_allowed=workshop.appendix_allowed,
        max_bytes=max_bytes(workshop),
        anonymity=anonymity,
        author_names=names,
        author_emails=emails,
    )


def max_bytes(workshop: Workshop) -> int:
    return workshop.max_upload_mb * 1024 * 1024


def _get(author, key: str) -> str:
    return (author.get(key) if isinstance(author, dict) else getattr(author, key, "")) or ""


def check_upload(data: bytes, rules: pdfcheck.PdfRules) -> pdfcheck.PdfReport:
    """Run the bounded check; every error becomes a sentence on the form's `pdf` field."""
    report = pdfcheck.check_pdf_isolated(data, rules)
    if report.errors:
        raise ValidationError({"pdf": [finding.message for finding in report.errors]})
    return report


def refuse_if_too_large(size: int | None, workshop: Workshop) -> None:
    """Before reading a byte of a file whose size is already known to be too large."""
    if size is None:
        return
    finding = pdfcheck.size_finding(size, max_bytes(workshop))
    if finding is not None:
        raise ValidationError({"pdf": [finding.message]})
