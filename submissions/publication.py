"""Accepted papers in public: which ones are, under which address, and how they are cited.

A paper is public when it was accepted, its authors were told (`decision_sent_at`, recorded
by the reviews app when it sends the decision mails) and the workshop's notification date
has passed. Its public address is a slug of its title given when the acceptance is sent, so
that nothing public counts or numbers the papers that were not accepted: a rejected or
withdrawn paper has no public address, and any address that is not a public paper's answers
404 alike."""

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import slugify

from workshop.models import Workshop

from . import bibtex
from .enums import ACCEPTED, VersionKind
from .models import Author, PaperVersion, Submission

SLUG_WORDS = 8
SLUG_LENGTH = 72


# --- Recording that decisions went out --------------------------------------------------------


def title_slug(title: str) -> str:
    """"Placeto: device placement that generalises …" -> "placeto-device-placement-that-…":
    at most SLUG_WORDS words, cut at a word, never empty."""
    words = slugify(unicodedata.normalize("NFKD", title)).split("-")
    slug = ""
    for word in words[:SLUG_WORDS]:
        if len(slug) + len(word) + 1 > SLUG_LENGTH:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "paper"


def _free_slug(title: str, taken: set[str]) -> str:
    base = title_slug(title)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def record_decisions_sent(*, submission_ids: Iterable[int], at: datetime) -> int:
    """The authors of these papers were told their decisions at `at` (the reviews app calls
    this when it queues the decision mails). Accepted papers get their public address; a
    paper told before keeps its time and its address. Returns how many were newly told."""
    ids = list(submission_ids)
    with transaction.atomic():
        papers = list(
            Submission.objects.select_for_update()
            .filter(pk__in=ids, decision_sent_at__isnull=True)
            .order_by("workshop_id", "number")
        )
        taken: dict[int, set[str]] = {}
        for paper in papers:
            paper.decision_sent_at = at
            if paper.status in ACCEPTED and not paper.public_slug:
                if paper.workshop_id not in taken:
                    # Locks the workshop: two sends at once never hand out one slug twice.
                    Workshop.objects.select_for_update().filter(pk=paper.workshop_id).first()
                    taken[paper.workshop_id] = set(
                        Submission.objects.filter(workshop_id=paper.workshop_id)
                        .exclude(public_slug="")
                        .values_list("public_slug", flat=True)
                    )
                paper.public_slug = _free_slug(paper.title, taken[paper.workshop_id])
        Submission.objects.bulk_update(papers, ["decision_sent_at", "public_slug"])
    return len(papers)


# --- Reading the public papers ----------------------------------------------------------------


def _authors() -> Prefetch:
    return Prefetch("authors", queryset=Author.objects.order_by("position", "id"))


def camera_ready_versions() -> Prefetch:
    """The paper's camera-ready PDFs, newest (the one served) first, as `camera_ready`."""
    return Prefetch(
        "versions",
        queryset=PaperVersion.objects.filter(kind=VersionKind.CAMERA_READY).order_by(
            "-uploaded_at", "-id"
        ),
        to_attr="camera_ready",
    )


def public_papers(workshop: Workshop, now: datetime | None = None) -> QuerySet[Submission]:
    """The workshop's public papers with their authors in order and their camera-ready
    versions, by title (3 queries; none before the papers are public)."""
    now = now or timezone.now()
    if not workshop.papers_are_public(now):
        return Submission.objects.none()
    return (
        Submission.objects.filter(
            workshop=workshop, status__in=ACCEPTED, decision_sent_at__lte=now
        )
        .exclude(public_slug="")
        .prefetch_related(_authors(), camera_ready_versions())
        .order_by("title", "pk")
    )


def public_paper(workshop: Workshop, slug: str, now: datetime | None = None) -> Submission | None:
    return public_papers(workshop, now).filter(public_slug=slug).first()


def public_slugs(
    workshop: Workshop, ids: Iterable[int], now: datetime | None = None
) -> dict[int, str]:
    """{id: public slug} for those of `ids` that are public papers (one query; none when
    there is nothing to look up)."""
    ids = set(ids)
    if not ids:
        return {}
    papers = public_papers(workshop, now).filter(pk__in=ids).prefetch_related(None)
    return dict(papers.values_list("pk", "public_slug"))


def public_pdf(paper: Submission) -> PaperVersion | None:
    """What the public downloads: the newest camera-ready version, or nothing.

    Never a version uploaded for review: under double-blind review it is the anonymised copy
    ("Anonymous Authors", metadata stripped), and in any case the authors sent it to be
    reviewed, not published. The camera-ready upload is the authors' own act of publishing,
    with their names, the reviewers' corrections and the camera-ready page limit."""
    versions = getattr(paper, "camera_ready", None)
    if versions is None:
        versions = list(camera_ready_versions().queryset.filter(submission=paper)[:1])
    return versions[0] if versions else None


# --- Citing them ------------------------------------------------------------------------------


def booktitle(workshop: Workshop) -> str:
    if workshop.conference:
        return f"{workshop.name} ({workshop.conference} workshop)"
    return workshop.name


def citations(
    workshop: Workshop, papers: Iterable[Submission], *, url_of, complete: bool
) -> list[bibtex.Citation]:
    """BibTeX citations of `papers` (authors prefetched), with keys unique in the workshop:
    a paper has the same key on its page as in the workshop's .bib file. `complete` says
    that `papers` are all the public papers (else one query finds the others' keys).
    `url_of(paper)` is the absolute address of the paper's public page."""
    papers = list(papers)
    rows = {p.pk: (p.public_slug, _first_author(p), p.title) for p in papers}
    if not complete:
        first = Author.objects.filter(submission=OuterRef("pk")).order_by("position", "id")
        for pk, slug, name, title in (
            public_papers(workshop)
            .prefetch_related(None)
            .annotate(first_author=Subquery(first.values("name")[:1]))
            .values_list("pk", "public_slug", "first_author", "title")
        ):
            rows.setdefault(pk, (slug, name or "", title))
    ordered = sorted(rows.items(), key=lambda row: row[1][0])
    year = workshop.starts_at.year
    keys = bibtex.unique_keys([(pk, name, title) for pk, (_, name, title) in ordered], year)
    return [
        bibtex.Citation(
            key=keys[paper.pk],
            title=paper.title,
            authors=tuple(author.name for author in paper.authors.all()),
            booktitle=booktitle(workshop),
            year=year,
            url=url_of(paper),
        )
        for paper in papers
    ]


def _first_author(paper: Submission) -> str:
    authors = list(paper.authors.all())
    return authors[0].name if authors else ""


_SAFE_NAME = re.compile(r"[^\w.() -]+", re.UNICODE)


def download_name(version: PaperVersion) -> str:
    """The name the authors gave the file, without a path or odd characters, ending .pdf."""
    name = version.original_name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _SAFE_NAME.sub("_", name).strip(" ._") or "paper"
    return name if name.lower().endswith(".pdf") else f"{name}.pdf"
