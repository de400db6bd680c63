"""The accepted papers in public: the list, a page per paper, poster sessions and BibTeX.

These pages live here, not in submissions, because they show where each paper is presented
(talk, spotlight, poster session and board), which only the released program knows; the
papers themselves, which of them are public and their files come from
submissions.publication. Nothing here names a paper that is not public: not in a list, a
count or an address."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from submissions import bibtex, publication
from submissions.enums import SubmissionStatus
from submissions.models import PaperVersion, Submission
from workshop.models import Workshop

from . import presenting, published

GROUPS = (
    (SubmissionStatus.ACCEPTED_ORAL, "Contributed talks"),
    (SubmissionStatus.ACCEPTED_SPOTLIGHT, "Spotlights"),
    (SubmissionStatus.ACCEPTED_POSTER, "Posters"),
)
PRESENTED_AS = {
    SubmissionStatus.ACCEPTED_ORAL: "Contributed talk",
    SubmissionStatus.ACCEPTED_SPOTLIGHT: "Spotlight",
    SubmissionStatus.ACCEPTED_POSTER: "Poster",
}
BIBTEX = "application/x-bibtex; charset=utf-8"


def released_snapshot(slug: str) -> dict | None:
    """The latest released program, or None before the first release (cached; at most two
    queries)."""
    ref = published.find_release(slug)
    return published.snapshot_of(ref) if ref is not None else None


def paper_url(workshop: Workshop, slug: str) -> str:
    return reverse("schedule:paper", kwargs={"slug": workshop.slug, "paper": slug})


@dataclass(frozen=True)
class PublicPaper:
    paper: Submission
    url: str
    presented_as: str
    presentations: list[presenting.Presentation]
    pdf: PaperVersion | None

    @property
    def pdf_url(self) -> str:
        return reverse(
            "submissions:public_pdf",
            kwargs={"slug": self.paper.workshop.slug, "paper": self.paper.public_slug},
        )


def _public(workshop: Workshop, paper: Submission, placed: dict) -> PublicPaper:
    paper.workshop = workshop  # the caller's copy: no query per paper
    return PublicPaper(
        paper=paper,
        url=paper_url(workshop, paper.public_slug),
        presented_as=PRESENTED_AS[paper.status],
        presentations=placed.get(paper.pk, []),
        pdf=publication.public_pdf(paper),
    )


def paper_list(request, slug: str):
    workshop = get_object_or_404(Workshop, slug=slug)
    now = timezone.now()
    papers = list(publication.public_papers(workshop, now))
    placed = presenting.presentations(released_snapshot(slug)) if papers else {}
    rows = [_public(workshop, paper, placed) for paper in papers]
    groups = [
        (heading, [row for row in rows if row.paper.status == status])
        for status, heading in GROUPS
    ]
    return render(
        request,
        "schedule/papers.html",
        {
            "workshop": workshop,
            "groups": [(heading, rows) for heading, rows in groups if rows],
            "count": len(rows),
            "public": workshop.papers_are_public(now),
            "section": "papers",
        },
    )


def _paper_or_404(workshop: Workshop, slug: str) -> Submission:
    paper = publication.public_paper(workshop, slug)
    if paper is None:
        raise Http404("There is no accepted paper at this address.")
    return paper


def _absolute(workshop: Workshop):
    return lambda paper: settings.SITE_URL + paper_url(workshop, paper.public_slug)


def paper_page(request, slug: str, paper: str):
    workshop = get_object_or_404(Workshop, slug=slug)
    found = _paper_or_404(workshop, paper)
    placed = presenting.presentations(released_snapshot(slug))
    (citation,) = publication.citations(
        workshop, [found], url_of=_absolute(workshop), complete=False
    )
    return render(
        request,
        "schedule/paper.html",
        {
            "workshop": workshop,
            "entry": _public(workshop, found, placed),
            "authors": list(found.authors.all()),
            "bibtex": bibtex.entry(citation),
            "citation": citation,
            "section": "papers",
        },
    )


def _bib_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode(), content_type=BIBTEX)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def paper_bibtex(request, slug: str, paper: str):
    workshop = get_object_or_404(Workshop, slug=slug)
    found = _paper_or_404(workshop, paper)
    (citation,) = publication.citations(
        workshop, [found], url_of=_absolute(workshop), complete=False
    )
    return _bib_response(bibtex.entry(citation), f"{citation.key}.bib")


def all_bibtex(request, slug: str):
    workshop = get_object_or_404(Workshop, slug=slug)
    papers = list(publication.public_papers(workshop))
    citations = publication.citations(
        workshop, papers, url_of=_absolute(workshop), complete=True
    )
    return _bib_response(bibtex.bibliography(citations), f"{slug}.bib")


def posters(request, slug: str):
    """The poster sessions of the released program, board by board."""
    workshop = get_object_or_404(Workshop, slug=slug)
    snapshot = released_snapshot(slug)
    sessions = presenting.poster_sessions(snapshot)
    slugs = publication.public_slugs(
        workshop, {board["paper"]["id"] for s in sessions for board in s.boards}
    )
    boards = {
        session.item_id: [
            {
                **board,
                "url": paper_url(workshop, slugs[board["paper"]["id"]])
                if board["paper"]["id"] in slugs
                else "",
            }
            for board in session.boards
        ]
        for session in sessions
    }
    return render(
        request,
        "schedule/posters.html",
        {
            "workshop": workshop,
            "released": snapshot is not None,
            "sessions": [(session, boards[session.item_id]) for session in sessions],
            "zone": workshop.timezone if snapshot is None else snapshot["workshop"]["timezone"],
            "section": "posters",
        },
    )
