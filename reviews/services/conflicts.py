"""Conflicts of interest: detected from the data, declared by authors and reviewers, and
confirmed or dismissed by organizers.

Detection compares every author of a workshop's reviewable papers with every reviewer
of its pool through indexes (email → reviewers, institution → reviewers, …), so it costs
one pass over the authors rather than papers × reviewers comparisons. It is re-run for a
paper whenever the paper is saved (see reviews/signals.py), for a reviewer who joins the
pool, and for the whole workshop before affinity and assignment jobs; rows an organizer
decided on are never changed by it.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from people.models import User
from submissions.models import Author, Submission
from workshop.models import Workshop

from ..enums import DETECTED_SOURCES, REVIEWABLE, ConflictSource, ConflictStatus, ReviewState
from ..institutions import Institutions, fold, mail_domain
from ..models import Assignment, Conflict, InstitutionAlias, Review
from .common import pool, require, require_organizer

Key = tuple[int, int, str]  # (submission id, reviewer id, source)


@dataclass(eq=False)
class _Reviewer:
    id: int
    name: str
    affiliation: str
    emails: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Author:
    submission_id: int
    name: str
    email: str
    affiliation: str
    user_id: int | None


@dataclass(frozen=True)
class _Paper:
    id: int
    number: int
    title: str
    status: str
    declared: str


def institutions() -> Institutions:
    return Institutions(InstitutionAlias.objects.values_list("alias", "institution"))


def _load_reviewers(workshop: Workshop, reviewer_ids: Iterable[int] | None) -> list[_Reviewer]:
    users = pool(workshop)
    if reviewer_ids is not None:
        users = users.filter(pk__in=list(reviewer_ids))
    reviewers = {
        u.pk: _Reviewer(u.pk, u.name or u.email, u.affiliation, {u.email.lower()})
        for u in users.only("pk", "name", "email", "affiliation")
    }
    for user_id, email in EmailAddress.objects.filter(
        user_id__in=list(reviewers), verified=True
    ).values_list("user_id", "email"):
        reviewers[user_id].emails.add(email.lower())
    return list(reviewers.values())


def _load_papers(workshop: Workshop) -> tuple[dict[int, _Paper], dict[int, list[_Author]]]:
    papers = {
        row[0]: _Paper(*row)
        for row in Submission.objects.filter(workshop=workshop).values_list(
            "pk", "number", "title", "status", "declared_conflicts"
        )
    }
    authors: dict[int, list[_Author]] = defaultdict(list)
    for row in Author.objects.filter(submission__workshop=workshop).values_list(
        "submission_id", "name", "email", "affiliation", "user_id", "user__affiliation"
    ):
        submission_id, name, email, affiliation, user_id, user_affiliation = row
        affiliation = affiliation or user_affiliation or ""
        authors[submission_id].append(
            _Author(submission_id, name, email.lower(), affiliation, user_id)
        )
    return papers, authors


def detect(
    *,
    reviewers: list[_Reviewer],
    papers: dict[int, _Paper],
    authors: dict[int, list[_Author]],
    targets: Iterable[int],
    known: Institutions,
) -> dict[Key, str]:
    """Every detected conflict between `reviewers` and the `targets` papers, with its
    reason in words (organizers read it; it may name authors)."""
    by_email: dict[str, _Reviewer] = {}
    by_user: dict[int, _Reviewer] = {}
    by_domain: dict[str, list[tuple[_Reviewer, str]]] = defaultdict(list)
    by_affiliation: dict[str, list[_Reviewer]] = defaultdict(list)
    by_name: dict[str, list[_Reviewer]] = defaultdict(list)
    for reviewer in reviewers:
        by_user[reviewer.id] = reviewer
        for email in reviewer.emails:
            by_email[email] = reviewer
            key = known.domain_key(email)
            if key:
                by_domain[key].append((reviewer, email))
        for key in known.affiliation_keys(reviewer.affiliation):
            by_affiliation[key].append(reviewer)
        if reviewer.name:
            by_name[fold(reviewer.name)].append(reviewer)

    def same_person(author: _Author) -> _Reviewer | None:
        return by_email.get(author.email) or (
            by_user.get(author.user_id) if author.user_id else None
        )

    # Co-authorship: for each author identity, the reviewers who wrote a paper with them.
    coauthored: dict[str, list[tuple[_Reviewer, int]]] = defaultdict(list)
    for submission_id, paper_authors in authors.items():
        writers = {r.id: r for a in paper_authors if (r := same_person(a))}
        for reviewer in writers.values():
            for author in paper_authors:
                if same_person(author) is not reviewer:
                    coauthored[author.email].append((reviewer, submission_id))

    found: dict[Key, str] = {}

    def add(paper: _Paper, reviewer: _Reviewer, source: str, reason: str) -> None:
        found.setdefault((paper.id, reviewer.id, source), reason)

    for submission_id in targets:
        paper = papers.get(submission_id)
        if paper is None or paper.status not in REVIEWABLE:
            continue
        paper_authors = authors.get(submission_id, [])
        writers = {r.id for a in paper_authors if (r := same_person(a))}
        for author in paper_authors:
            who = f"author {author.name} ({author.email})"
            if (reviewer := same_person(author)) is not None:
                add(
                    paper,
                    reviewer,
                    ConflictSource.SAME_PERSON,
                    f"{reviewer.name} is an author of this paper ({author.email}).",
                )
            key = known.domain_key(author.email)
            for reviewer, email in by_domain.get(key, ()) if key else ():
                if reviewer.id not in writers:
                    add(
                        paper,
                        reviewer,
                        ConflictSource.EMAIL_DOMAIN,
                        f"{reviewer.name} ({email}) and {who} share the mail domain of "
                        f"{Institutions.describe(key)}.",
                    )
            for key in known.affiliation_keys(author.affiliation):
                for reviewer in by_affiliation.get(key, ()):
                    if reviewer.id not in writers:
                        add(
                            paper,
                            reviewer,
                            ConflictSource.AFFILIATION,
                            f"{reviewer.name} ({reviewer.affiliation}) and {who}, at "
                            f"{author.affiliation}, are at the same institution{_via(key)}.",
                        )
            for reviewer, other_id in coauthored.get(author.email, ()):
                if other_id != submission_id and reviewer.id not in writers:
                    other = papers[other_id]
                    add(
                        paper,
                        reviewer,
                        ConflictSource.COAUTHOR,
                        f"{reviewer.name} and {who} are co-authors of #{other.number} "
                        f"“{other.title}”.",
                    )
        for line in _declared_lines(paper.declared):
            for reviewer in _named_by(line, by_email, by_domain, by_affiliation, by_name, known):
                add(paper, reviewer, ConflictSource.AUTHOR_DECLARED, f"The authors named “{line}”.")
    return found


def _via(key: str) -> str:
    """Name the institution when an alias made two names one."""
    return f" ({Institutions.describe(key)})" if key.startswith("institution:") else ""


def _declared_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def _named_by(line, by_email, by_domain, by_affiliation, by_name, known) -> list[_Reviewer]:
    """Reviewers an author's declaration line names: a person, an address, a mail domain or
    an institution."""
    named: dict[int, _Reviewer] = {}
    words = line.replace(",", " ").replace(";", " ").split()
    for word in words:
        word = word.strip("<>()[]").lower()
        if "@" in word and (reviewer := by_email.get(word)):
            named[reviewer.id] = reviewer
        candidate = word if "@" not in word or word.startswith("@") else mail_domain(word)
        if "." in candidate and (key := known.domain_key("x@" + candidate.lstrip("@"))):
            for reviewer, _email in by_domain.get(key, ()):
                named[reviewer.id] = reviewer
    for key in known.affiliation_keys(line):
        for reviewer in by_affiliation.get(key, ()):
            named[reviewer.id] = reviewer
        part = key.partition(":")[2]
        for reviewer in by_name.get(part, ()):
            named[reviewer.id] = reviewer
    return list(named.values())


@dataclass(frozen=True)
class RefreshResult:
    created: int
    removed: int
    updated: int


def refresh_conflicts(
    *,
    workshop: Workshop,
    submission_ids: Iterable[int] | None = None,
    reviewer_ids: Iterable[int] | None = None,
) -> RefreshResult:
    """Bring detected conflicts up to date for some papers / reviewers (default: all).

    New findings are stored as DETECTED (they count until an organizer dismisses them);
    findings that no longer hold are removed unless an organizer confirmed or dismissed
    them. A system task, so it takes no acting user."""
    reviewer_ids = list(reviewer_ids) if reviewer_ids is not None else None
    papers, authors = _load_papers(workshop)
    targets = list(submission_ids) if submission_ids is not None else list(papers)
    found = detect(
        reviewers=_load_reviewers(workshop, reviewer_ids),
        papers=papers,
        authors=authors,
        targets=targets,
        known=institutions(),
    )
    existing = Conflict.objects.filter(submission__workshop=workshop, source__in=DETECTED_SOURCES)
    if submission_ids is not None:
        existing = existing.filter(submission_id__in=targets)
    if reviewer_ids is not None:
        existing = existing.filter(reviewer_id__in=reviewer_ids)
    stale, updated = [], 0
    with transaction.atomic():
        # Plain tuples, not model instances: a large workshop has hundreds of thousands.
        for pk, s, r, source, status, reason in existing.values_list(
            "pk", "submission_id", "reviewer_id", "source", "status", "reason"
        ).iterator(chunk_size=10_000):
            wanted = found.pop((s, r, source), None)
            if wanted is None:
                if status == ConflictStatus.DETECTED:
                    stale.append(pk)
            elif wanted != reason and status == ConflictStatus.DETECTED:
                Conflict.objects.filter(pk=pk).update(reason=wanted)
                updated += 1
        for start in range(0, len(stale), 5000):
            Conflict.objects.filter(pk__in=stale[start : start + 5000]).delete()
        Conflict.objects.bulk_create(
            [
                Conflict(submission_id=s, reviewer_id=r, source=source, reason=reason)
                for (s, r, source), reason in sorted(found.items())
            ],
            batch_size=5000,
            ignore_conflicts=True,  # a concurrent refresh may have added the same row
        )
    return RefreshResult(created=len(found), removed=len(stale), updated=updated)


def refresh_for_submission(submission_id: int) -> None:
    submission = Submission.objects.filter(pk=submission_id).select_related("workshop").first()
    if submission is not None:
        refresh_conflicts(workshop=submission.workshop, submission_ids=[submission_id])


def decide_conflict(*, conflict: Conflict, by: User, confirm: bool) -> Conflict:
    """An organizer confirms or dismisses a detected conflict (or undoes their own)."""
    require_organizer(by, conflict.submission.workshop)
    if conflict.source not in (*DETECTED_SOURCES, ConflictSource.ORGANIZER):
        raise ValidationError(
            f"A conflict {conflict.get_source_display().lower()} cannot be dismissed; "
            "only detected ones can."
        )
    conflict.status = ConflictStatus.CONFIRMED if confirm else ConflictStatus.DISMISSED
    conflict.decided_by, conflict.decided_at = by, timezone.now()
    conflict.save(update_fields=["status", "decided_by", "decided_at"])
    return conflict


@transaction.atomic
def add_conflict(*, submission: Submission, reviewer: User, by: User, reason: str) -> Conflict:
    """An organizer records a conflict by hand. A proposed assignment of the pair goes; a
    confirmed one without a submitted review goes too, with its draft."""
    require_organizer(by, submission.workshop)
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the reviewer is in conflict."]})
    if not pool(submission.workshop).filter(pk=reviewer.pk).exists():
        raise ValidationError(
            {"reviewer": [f"{reviewer} is not a reviewer of {submission.workshop.name}."]}
        )
    conflict, _ = Conflict.objects.update_or_create(
        submission=submission,
        reviewer=reviewer,
        source=ConflictSource.ORGANIZER,
        defaults={
            "status": ConflictStatus.CONFIRMED,
            "reason": reason.strip(),
            "decided_by": by,
            "decided_at": timezone.now(),
        },
    )
    _drop_unreviewed_assignment(submission=submission, reviewer=reviewer)
    return conflict


def _drop_unreviewed_assignment(*, submission: Submission, reviewer: User) -> None:
    """The pair's assignment goes unless its review was submitted (a draft goes with it)."""
    assignment = Assignment.objects.filter(submission=submission, reviewer=reviewer).first()
    if assignment is None:
        return
    review = Review.objects.filter(assignment=assignment).first()
    if review is None or review.state == ReviewState.DRAFT:
        if review is not None:
            review.delete()
        assignment.delete()


def declare_by_reviewer(*, submission: Submission, reviewer: User) -> Conflict:
    """A reviewer's bid “conflict”: final for them (the paper disappears from their list)."""
    conflict, _ = Conflict.objects.get_or_create(
        submission=submission,
        reviewer=reviewer,
        source=ConflictSource.REVIEWER_DECLARED,
        defaults={
            "status": ConflictStatus.CONFIRMED,
            "reason": f"{reviewer} declared a conflict when bidding.",
        },
    )
    Assignment.objects.filter(submission=submission, reviewer=reviewer, state="proposed").delete()
    return conflict


@transaction.atomic
def set_picked_conflicts(*, submission: Submission, by: User, reviewers: Iterable[User]) -> int:
    """The authors tick the reviewers of the pool they are in conflict with."""
    require(
        by,
        "reviews.pick_conflicts",
        submission,
        "Only the paper's authors can declare its conflicts, and only before a decision.",
    )
    wanted = {r.pk: r for r in reviewers}
    members = set(
        pool(submission.workshop).filter(pk__in=list(wanted)).values_list("pk", flat=True)
    )
    if strangers := [str(wanted[pk]) for pk in wanted if pk not in members]:
        raise ValidationError(
            {"reviewers": [f"Not in the reviewer pool: {', '.join(sorted(strangers))}."]}
        )
    picked = Conflict.objects.filter(submission=submission, source=ConflictSource.AUTHOR_PICKED)
    picked.exclude(reviewer_id__in=list(wanted)).delete()
    have = set(picked.values_list("reviewer_id", flat=True))
    Conflict.objects.bulk_create(
        Conflict(
            submission=submission,
            reviewer_id=pk,
            source=ConflictSource.AUTHOR_PICKED,
            status=ConflictStatus.CONFIRMED,
            reason=f"The authors picked {wanted[pk]} from the reviewer pool.",
        )
        for pk in sorted(set(wanted) - have)
    )
    return len(wanted)
