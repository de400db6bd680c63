"""Canaries: invented names, addresses and affiliations that occur nowhere else, and a scan
that looks for them in everything a person receives — pages, API answers, PDFs (bytes,
document information, XMP and text) and emails."""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from urllib.parse import quote, quote_plus

import pypdf
from pypdf.errors import PdfReadError


@dataclass(frozen=True)
class Canary:
    name: str
    email: str
    affiliation: str

    @property
    def row(self) -> tuple[str, str, str]:
        return (self.name, self.email, self.affiliation)

    def tokens(self) -> tuple[str, ...]:
        surname = self.name.split()[-1]
        return (self.name, surname, self.email, self.affiliation)


def pdf_texts(data: bytes) -> list[str]:
    """The raw bytes, the document information, the XMP packet and the text of every page."""
    texts = [data.decode("latin-1")]
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        texts += [str(value) for value in (reader.metadata or {}).values()]
        xmp = reader.root_object.get("/Metadata")
        if xmp is not None:
            texts.append(xmp.get_object().get_data().decode("utf-8", "replace"))
        texts += [page.extract_text() for page in reader.pages]
    except PdfReadError:
        pass
    return texts


def message_texts(message) -> list[str]:
    """An email as sent (django.core.mail): every header and every decoded part."""
    mime = message.message()
    texts = [f"{key}: {value}" for key, value in mime.items()]
    for part in mime.walk():
        payload = part.get_payload(decode=True)
        if payload:
            texts.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
    return texts


@dataclass
class Scan:
    """Counts what was read and records each canary found, with where it was."""

    canaries: tuple[Canary, ...]
    scanned: int = 0
    hits: list[str] = field(default_factory=list)

    def texts(self, where: str, texts: list[str], *, emails_only: bool = False) -> None:
        self.scanned += 1
        folded = "\n".join(html.unescape(t) for t in texts).casefold()
        for canary in self.canaries:
            for token in (canary.email,) if emails_only else canary.tokens():
                variants = {token, quote(token), quote_plus(token), quote(token, safe="")}
                if any(v.casefold() in folded for v in variants):
                    self.hits.append(f"{where}: “{token}”")

    def answer(self, where: str, answer, *, emails_only: bool = False) -> None:
        if answer.content_type.startswith("application/pdf") or answer.body[:5] == b"%PDF-":
            texts = pdf_texts(answer.body)
        else:
            texts = [answer.body.decode("utf-8", "replace")]
        self.texts(where, texts, emails_only=emails_only)

    def outbox_row(self, email) -> None:
        """A workshop.models.OutgoingEmail row."""
        self.texts(
            f"mail “{email.subject}” to {email.to}",
            [email.to, email.subject, email.text_body, email.html_body],
        )

    def message(self, message) -> None:
        self.texts(f"sent mail “{message.subject}” to {message.to}", message_texts(message))
