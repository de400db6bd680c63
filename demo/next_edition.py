"""The open edition's reviewing phase (run by `manage.py loaddemo` last): a newcomer can
walk through every role at once, relative to the day the edition was first created.

The call stays open (author1 can still submit) while the papers that came in early are
already reviewed, as in a rolling call: other demo authors submitted six papers; bidding
opened a few days ago and closes a week after the call; reviewer1–3 each have two papers
of their field, one reviewed and one not (reviews due weeks from now); the pool's affinity is
computed and the desk holds a proposal for the places still open, to be confirmed; the
day's program is drafted, to be released. A third edition for reviewing alone would have been
tidier, but the point of the demo is one workshop in which every role has work.

Idempotent: papers are found by title and left alone; the pool, bids, affinity, the
assignment and the program are created only while the edition has none, so a second run
changes no row. Everything goes through the services, as the people would have done it.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from people.models import User
from reviews.enums import BIDDABLE, BidPreference
from reviews.models import Affinity, Assignment, Bid, Conflict, ReviewerProfile
from reviews.services.assignment import add_assignment, confirm_assignment, propose_assignment
from reviews.services.conflicts import refresh_conflicts
from reviews.services.expertise import compute_affinity
from reviews.services.reviewing import ReviewData, save_review
from schedule.models import ScheduleItem, Speaker
from submissions import services
from submissions.models import Submission
from workshop.enums import RoleKind
from workshop.models import Topic, Workshop

from . import next_data
from .paper_data import DemoPaper
from .pdf import paper_pdf
from .pool_data import POOL, recent_papers_text
from .workshops import DEMO_ORGANIZER, DEMO_REVIEWERS, ORGANIZERS, aoe_end_of_day, role, user

SLUG = "ml-for-systems-next"


def load(out) -> None:
    nxt = Workshop.objects.filter(slug=SLUG).first()
    if nxt is None:
        out.write("The open edition's reviewing was skipped: the workshop demo has not run.")
        return
    _open_bidding(nxt)
    try:
        papers = _early_papers(nxt)
    except ValidationError as refused:  # an old demo database whose call has closed
        out.write(f"The open edition's reviewing was not added: {' '.join(refused.messages)}")
        return
    organizer = User.objects.get(email=DEMO_ORGANIZER[0])
    reviewers = _pool(nxt)
    if not Assignment.objects.filter(submission__workshop=nxt).exists():
        refresh_conflicts(workshop=nxt)
        compute_affinity(workshop=nxt)
        _bids(nxt, reviewers)
        _early_assignment(nxt, papers, organizer)
        propose_assignment(workshop=nxt)
    _program(nxt)
    proposed = Assignment.objects.filter(submission__workshop=nxt, number__isnull=True).count()
    out.write(
        f"Open edition: {len(papers)} papers under review, bidding open, "
        f"{proposed} proposed assignments on the desk, a draft program to release "
        f"(/{SLUG}/reviewing/, /admin/)"
    )


def _open_bidding(nxt: Workshop) -> None:
    """Bidding opened a few days into the call and closes a week after it."""
    if nxt.bidding_opens_at is not None or nxt.submission_deadline is None:
        return
    opened = nxt.submissions_open_at or timezone.now() - timedelta(days=7)
    nxt.bidding_open = True
    nxt.bidding_opens_at = aoe_end_of_day((opened + timedelta(days=3)).date())
    nxt.bidding_closes_at = nxt.submission_deadline + timedelta(days=7)
    nxt.save(update_fields=["bidding_open", "bidding_opens_at", "bidding_closes_at"])


def _early_papers(nxt: Workshop) -> dict[str, Submission]:
    """The early papers, submitted by their first author with a login, on the days after
    the call opened; found by title when they exist."""
    existing = {
        s.title: s
        for s in Submission.objects.filter(
            workshop=nxt, title__in=[p.title for p in next_data.EARLY_PAPERS]
        )
    }
    papers = {}
    for day, paper in enumerate(next_data.EARLY_PAPERS, start=1):
        papers[paper.key] = existing.get(paper.title) or _submit(nxt, paper, day)
    return papers


def _submit(nxt: Workshop, paper: DemoPaper, day: int) -> Submission:
    author = User.objects.get(email=paper.authors[0][1])
    submission = services.create_submission(
        workshop=nxt,
        by=author,
        title=paper.title,
        abstract=paper.abstract,
        authors=[services.AuthorData(*person) for person in paper.authors],
        keywords=paper.keywords,
        topics=Topic.objects.filter(workshop=nxt, name=paper.topic),
        pdf=services.Upload(f"{paper.key}.pdf", paper_pdf(paper.title, paper.abstract)),
        submit=True,
    )
    # Sent in early: a few days before today (the call opened a week ago).
    opened = nxt.submissions_open_at or timezone.now()
    when = min(opened + timedelta(days=day % 5, hours=9 + day), timezone.now())
    Submission.objects.filter(pk=submission.pk).update(submitted_at=when)
    return submission


def _pool(nxt: Workshop) -> list[User]:
    """The three demo reviewers and six more, each with the expertise profile of the 2018
    pool (demo/pool_data.py)."""
    wanted = [email for email, *_ in DEMO_REVIEWERS] + list(next_data.POOL_EXTRA)
    people = {p.email: p for p in POOL}
    topics = {t.name: t for t in Topic.objects.filter(workshop=nxt)}
    reviewers = []
    for email in wanted:
        person = people[email]
        account = user(person.email, person.name, person.affiliation, login=person.login)
        role(nxt, account, RoleKind.REVIEWER, public=False)
        profile, created = ReviewerProfile.objects.get_or_create(
            workshop=nxt,
            user=account,
            defaults={
                "keywords": list(person.keywords),
                "recent_papers": recent_papers_text(person),
            },
        )
        if created and person.topic in topics:
            profile.topics.set([topics[person.topic]])
        reviewers.append(account)
    return reviewers


def _bids(nxt: Workshop, reviewers: list[User]) -> None:
    """The pool has bid eager on its best two papers and willing on the third; reviewer2
    and reviewer3 on their best one only, and reviewer1 not at all: bids are left to do."""
    scores = {
        (s, r): score
        for s, r, score in Affinity.objects.filter(submission__workshop=nxt).values_list(
            "submission_id", "reviewer_id", "score"
        )
    }
    conflicted = set(
        Conflict.objects.effective()
        .filter(submission__workshop=nxt)
        .values_list("submission_id", "reviewer_id")
    )
    papers = list(
        Submission.objects.filter(workshop=nxt, status__in=BIDDABLE).values_list("pk", flat=True)
    )
    how_many = {DEMO_REVIEWERS[0][0]: 0, DEMO_REVIEWERS[1][0]: 1, DEMO_REVIEWERS[2][0]: 1}
    choices = [BidPreference.EAGER, BidPreference.EAGER, BidPreference.WILLING]
    rows = []
    for reviewer in reviewers:
        ranked = sorted(
            (p for p in papers if (p, reviewer.pk) not in conflicted),
            key=lambda p, r=reviewer.pk: (-scores.get((p, r), 0.0), p),
        )
        count = how_many.get(reviewer.email, len(choices))
        rows += [
            Bid(submission_id=p, reviewer=reviewer, preference=choice)
            for p, choice in zip(ranked[:count], choices, strict=False)
        ]
    Bid.objects.bulk_create(rows)


def _early_assignment(nxt: Workshop, papers: dict[str, Submission], organizer: User) -> None:
    """The organizers gave each demo reviewer two papers by hand; one review each is
    written (through the review service, as the reviewers would)."""
    for key, email in next_data.EARLY_ASSIGNMENT:
        reviewer = User.objects.get(email=email)
        add_assignment(submission=papers[key], reviewer=reviewer, by=organizer)
    confirm_assignment(workshop=nxt, by=organizer, notify=False)
    for (key, email), review in next_data.EARLY_REVIEWS.items():
        save_review(
            submission=papers[key],
            by=User.objects.get(email=email),
            data=ReviewData(**review),
            submit=True,
        )


def _program(nxt: Workshop) -> None:
    """The draft of the day, unreleased: releasing it is the organizer's job."""
    if ScheduleItem.objects.filter(workshop=nxt).exists():
        return
    organizers = [User.objects.get(email=email) for email, *_ in ORGANIZERS]
    for _key, kind, title, description, offset, length, who in next_data.PROGRAM:
        item = ScheduleItem.objects.create(
            workshop=nxt,
            kind=kind,
            title=title,
            description=description,
            start_at=nxt.starts_at + offset,
            end_at=nxt.starts_at + offset + length,
        )
        if who == "organizers":
            Speaker.objects.bulk_create(
                Speaker(item=item, user=person, position=position)
                for position, person in enumerate(organizers)
            )
