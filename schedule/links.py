"""Links from a released program to the pages of its public papers and its speakers.

Which papers are public is read live (a decision may be sent after a release, a paper may
be withdrawn), so a program never links to a page that answers 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from submissions import publication
from workshop.models import Workshop

from . import presenting


@dataclass(frozen=True)
class Links:
    papers: dict[int, str]  # submission id -> its public page
    speakers: dict[tuple[str, str], str]  # (name, affiliation) -> the speaker's page

    def item(self, row: dict) -> dict:
        """A snapshot item with "url" on its speakers, papers and posters ("" for none)."""
        return {
            **row,
            "speakers": [
                {**s, "url": self.speakers.get((s["name"], s["affiliation"]), "")}
                for s in row["speakers"]
            ],
            "papers": [{**p, "url": self.papers.get(p["id"], "")} for p in row["papers"]],
            "posters": [
                {**p, "url": self.papers.get(p["paper"]["id"], "")} for p in row["posters"]
            ],
        }

    def for_script(self, snapshot: dict) -> dict:
        """The same links for static/js/schedule.js, keyed as the program API names things:
        papers by id, speakers by name and affiliation, posters by item and board."""
        return {
            "papers": {str(pk): url for pk, url in self.papers.items()},
            "speakers": {
                f"{name}\n{affiliation}": url
                for (name, affiliation), url in self.speakers.items()
            },
            "boards": {
                f"{row['id']}-{p['board']}": self.papers[p["paper"]["id"]]
                for row in snapshot["items"]
                for p in row["posters"]
                if p["paper"]["id"] in self.papers
            },
        }


def links(workshop: Workshop, snapshot: dict | None) -> Links:
    """One query when the program lists papers, none otherwise."""
    slug = workshop.slug
    public = publication.public_slugs(workshop, presenting.paper_ids(snapshot))
    return Links(
        papers={
            pk: reverse("schedule:paper", kwargs={"slug": slug, "paper": paper})
            for pk, paper in public.items()
        },
        speakers={
            entry.key: reverse("schedule:speaker", kwargs={"slug": slug, "speaker": entry.slug})
            for entry in presenting.speakers(snapshot)
        },
    )
