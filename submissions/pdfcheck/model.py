"""What a check takes (the workshop's rules) and what it gives back (a report of findings)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


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
    page_size: str = ""  # "US Letter", "A4", "US Letter and A4"; empty when not read

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
