"""Conflicts of interest found in the data, as pure functions over frozen dataclasses: no
Django, so the rules can be tested (and reused) on their own. reviews/services/conflicts.py
loads the rows, calls `detect` and stores what it finds.

A reviewer is in conflict with a paper when they are one of its authors (by a verified
email or their account), share an institution mail domain or an affiliation with one of
its authors (reviews.institutions decides what "the same institution" is), wrote another
paper of the workshop with one of its authors, or when the authors' declaration names
them, their address, their mail domain or their institution. Indexes (email → reviewers,
institution → reviewers, …) make it one pass over the authors rather than
papers × reviewers comparisons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .institutions import Institutions, fold, mail_domain

# How a conflict was found; the values of reviews.enums.ConflictSource.
SAME_PERSON = "same_person"
EMAIL_DOMAIN = "email_domain"
AFFILIATION = "affiliation"
COAUTHOR = "coauthor"
AUTHOR_DECLARED = "author_declared"

Key = tuple[int, int, str]  # (paper id, reviewer id, source)


@dataclass(frozen=True, eq=False)
class Reviewer:
    """A reviewer of the pool: one object per person (indexes compare them by identity)."""

    id: int
    name: str
    affiliation: str
    emails: frozenset[str]  # lower case: the account's and every verified one


@dataclass(frozen=True)
class Author:
    paper_id: int
    name: str
    email: str  # lower case
    affiliation: str
    user_id: int | None


@dataclass(frozen=True)
class Paper:
    id: int
    number: int
    title: str
    reviewable: bool  # only papers under review get conflicts
    declared: str  # the authors' declaration: one person or institution a line


class _Pool:
    """The reviewers indexed by what an author can share with them."""

    def __init__(self, reviewers: Iterable[Reviewer], known: Institutions):
        self.known = known
        self.by_email: dict[str, Reviewer] = {}
        self.by_user: dict[int, Reviewer] = {}
        self.by_domain: dict[str, list[tuple[Reviewer, str]]] = defaultdict(list)
        self.by_affiliation: dict[str, list[Reviewer]] = defaultdict(list)
        self.by_name: dict[str, list[Reviewer]] = defaultdict(list)
        for reviewer in reviewers:
            self.by_user[reviewer.id] = reviewer
            for email in sorted(reviewer.emails):
                self.by_email[email] = reviewer
                if key := known.domain_key(email):
                    self.by_domain[key].append((reviewer, email))
            for key in known.affiliation_keys(reviewer.affiliation):
                self.by_affiliation[key].append(reviewer)
            if reviewer.name:
                self.by_name[fold(reviewer.name)].append(reviewer)

    def same_person(self, author: Author) -> Reviewer | None:
        return self.by_email.get(author.email) or (
            self.by_user.get(author.user_id) if author.user_id else None
        )

    def named_by(self, line: str) -> list[Reviewer]:
        """Reviewers an author's declaration line names: a person, an address, a mail
        domain or an institution."""
        known, named = self.known, {}
        for word in line.replace(",", " ").replace(";", " ").split():
            word = word.strip("<>()[]").lower()
            if "@" in word and (reviewer := self.by_email.get(word)):
                named[reviewer.id] = reviewer
            candidate = word if "@" not in word or word.startswith("@") else mail_domain(word)
            if "." in candidate and (key := known.domain_key("x@" + candidate.lstrip("@"))):
                for reviewer, _email in self.by_domain.get(key, ()):
                    named[reviewer.id] = reviewer
        for key in known.affiliation_keys(line):
            for reviewer in self.by_affiliation.get(key, ()):
                named[reviewer.id] = reviewer
            for reviewer in self.by_name.get(key.partition(":")[2], ()):
                named[reviewer.id] = reviewer
        return list(named.values())


def detect(
    *,
    reviewers: Iterable[Reviewer],
    papers: dict[int, Paper],
    authors: dict[int, list[Author]],
    targets: Iterable[int],
    known: Institutions,
) -> dict[Key, str]:
    """Every conflict between `reviewers` and the reviewable papers among `targets`, with
    its reason in words (organizers read it; it may name authors). `authors` holds every
    paper's authors, targets or not: co-authorship is looked for in the whole workshop."""
    pool = _Pool(reviewers, known)
    coauthored = _coauthors(pool, authors)
    found: dict[Key, str] = {}
    for paper_id in targets:
        paper = papers.get(paper_id)
        if paper is None or not paper.reviewable:
            continue
        for (reviewer, source), reason in _paper_conflicts(
            pool, paper, authors.get(paper_id, []), coauthored, papers
        ):
            found.setdefault((paper.id, reviewer.id, source), reason)
    return found


def _coauthors(pool: _Pool, authors: dict[int, list[Author]]):
    """For each author's email, the reviewers who wrote a paper with them (and which)."""
    coauthored: dict[str, list[tuple[Reviewer, int]]] = defaultdict(list)
    for paper_id, paper_authors in authors.items():
        writers = {r.id: r for a in paper_authors if (r := pool.same_person(a))}
        for reviewer in writers.values():
            for author in paper_authors:
                if pool.same_person(author) is not reviewer:
                    coauthored[author.email].append((reviewer, paper_id))
    return coauthored


def _paper_conflicts(pool: _Pool, paper: Paper, paper_authors, coauthored, papers):
    """(reviewer, source), reason for one paper, most telling first."""
    known = pool.known
    writers = {r.id for a in paper_authors if (r := pool.same_person(a))}
    for author in paper_authors:
        who = f"author {author.name} ({author.email})"
        if (reviewer := pool.same_person(author)) is not None:
            yield (
                (reviewer, SAME_PERSON),
                f"{reviewer.name} is an author of this paper ({author.email}).",
            )
        key = known.domain_key(author.email)
        for reviewer, email in pool.by_domain.get(key, ()) if key else ():
            if reviewer.id not in writers:
                yield (
                    (reviewer, EMAIL_DOMAIN),
                    f"{reviewer.name} ({email}) and {who} share the mail domain of "
                    f"{Institutions.describe(key)}.",
                )
        for key in known.affiliation_keys(author.affiliation):
            for reviewer in pool.by_affiliation.get(key, ()):
                if reviewer.id not in writers:
                    yield (
                        (reviewer, AFFILIATION),
                        f"{reviewer.name} ({reviewer.affiliation}) and {who}, at "
                        f"{author.affiliation}, are at the same institution{_via(key)}.",
                    )
        for reviewer, other_id in coauthored.get(author.email, ()):
            if other_id != paper.id and reviewer.id not in writers:
                other = papers[other_id]
                yield (
                    (reviewer, COAUTHOR),
                    f"{reviewer.name} and {who} are co-authors of #{other.number} “{other.title}”.",
                )
    for line in declared_lines(paper.declared):
        for reviewer in pool.named_by(line):
            yield (reviewer, AUTHOR_DECLARED), f"The authors named “{line}”."


def _via(key: str) -> str:
    """Name the institution when an alias made two names one."""
    return f" ({Institutions.describe(key)})" if key.startswith("institution:") else ""


def declared_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]
