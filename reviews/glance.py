"""The workshop at a glance, for its organizers: which phase it is in, how the reviewing
stands (who is late, which papers lack reviews), the decisions made and pending, the mails
that failed, and what to do next.

Everything is counted in a fixed number of queries whatever the size of the workshop;
the page (reviews/admin/glance.py) only arranges it. Papers the organizer wrote or is in
conflict with are counted apart, as the decisions desk leaves them to the co-organizers."""

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.urls import reverse

from people.models import User
from submissions.enums import DECISIONS
from submissions.models import Submission
from workshop.enums import EmailState
from workshop.models import OutgoingEmail, Workshop

from .enums import REVIEWABLE, AssignmentState, ReviewState
from .exports import authored_by, conflicted_with
from .models import Assignment
from .services.common import pool
from .services.decisions import count_decision_mails

PHASES = ("call open", "reviewing", "deciding", "program", "done")
SHORT_LISTED = 50  # papers short of reviews shown by name; the rest are counted
REVIEWERS_LISTED = 100  # reviewers shown by name, the late ones first; the rest are counted


@dataclass(frozen=True)
class Action:
    text: str
    url: str


@dataclass
class Glance:
    workshop: Workshop
    now: datetime
    per_day: dict[date, int]
    reviewers: list[User]  # annotated: assigned, done, late
    papers: int  # under review or decided, the organizer's own ones included
    hidden: int  # of those, written by the organizer or in conflict with them
    short: list[dict]  # {"number", "title", "assigned", "done"} of papers short of reviews
    short_count: int
    unassigned: int  # papers with fewer confirmed reviewers than the workshop asks
    proposed: int  # assignments proposed and not confirmed yet
    pool_size: int
    decided: int
    untold_mails: int
    failed_mails: int
    queued_mails: int
    actions: list[Action] = field(default_factory=list)

    @property
    def undecided(self) -> int:
        return self.papers - self.hidden - self.decided

    @property
    def late(self) -> list[User]:
        return [r for r in self.reviewers if r.late]

    @cached_property
    def reviewers_listed(self) -> list[User]:
        """The late reviewers first (by how many reviews they owe), then the others."""
        ordered = sorted(self.reviewers, key=lambda r: (not r.late, r.done - r.assigned))
        return ordered[:REVIEWERS_LISTED]

    @property
    def reviews_done(self) -> int:
        return sum(r.done for r in self.reviewers)

    @property
    def reviews_due(self) -> int:
        return sum(r.assigned for r in self.reviewers)

    @property
    def phase(self) -> str:
        w, now = self.workshop, self.now
        if w.program_released_at is not None or now >= w.ends_at:
            return "done" if now >= w.ends_at else "program"
        if w.submission_deadline is None or now < w.submission_deadline:
            return "call open"
        if self.papers > self.hidden and not self.undecided and not self.untold_mails:
            return "program"
        past_deadline = w.review_deadline is not None and now >= w.review_deadline
        all_in = self.reviews_due > 0 and self.reviews_done == self.reviews_due
        return "deciding" if past_deadline or all_in else "reviewing"


def _n(count: int, thing: str) -> str:
    return f"{count} {thing}{'' if count == 1 else 's'}"


def _desk(name: str, workshop: Workshop) -> str:
    return reverse(f"admin:reviews_desk_{name}", args=[workshop.pk])


def _reviewing_actions(g: Glance) -> list[Action]:
    w, found = g.workshop, []
    if g.proposed:
        found.append(
            Action(f"Confirm the {_n(g.proposed, 'proposed assignment')}", _desk("assignment", w))
        )
    elif g.unassigned:
        found.append(
            Action(
                f"Assign reviewers to {_n(g.unassigned, 'paper')} short of reviewers",
                _desk("assignment", w),
            )
        )
    if g.late:
        found.append(
            Action(
                f"{_n(len(g.late), 'reviewer')} late: write to them or reassign their papers",
                _desk("assignment", w),
            )
        )
    return found


def next_actions(g: Glance) -> list[Action]:
    """What the organizers should do now, most urgent first, each with where it is done."""
    w, phase, found = g.workshop, g.phase, []
    if g.failed_mails:
        outbox = reverse("admin:workshop_outgoingemail_changelist")
        found.append(
            Action(
                f"{_n(g.failed_mails, 'mail')} failed: read the errors and send them again",
                f"{outbox}?workshop__id__exact={w.pk}&state__exact={EmailState.FAILED}",
            )
        )
    if phase == "call open":
        if w.submission_deadline is None:
            found.append(Action("Set the submission deadline", _workshop_settings(w)))
        text = "Invite reviewers: the pool is empty" if not g.pool_size else "Invite more reviewers"
        found.append(Action(text, _desk("invite", w)))
    elif phase in ("reviewing", "deciding"):
        found += _reviewing_actions(g)
        if phase == "reviewing":
            found.append(
                Action(
                    f"Wait for the reviews: {g.reviews_done} of {g.reviews_due} in",
                    _desk("decisions", w),
                )
            )
        elif g.undecided:
            found.append(Action(f"Decide on {_n(g.undecided, 'paper')}", _desk("decisions", w)))
        if g.untold_mails:
            found.append(
                Action(
                    f"Send the {_n(g.untold_mails, 'decision mail')}", _desk("decision_mails", w)
                )
            )
    elif phase == "program":
        found.append(
            Action(
                "Build and release the program",
                reverse("admin:schedule_program_change", args=[w.pk]),
            )
        )
    return found


def _workshop_settings(workshop: Workshop) -> str:
    return reverse("admin:workshop_workshop_change", args=[workshop.pk])


def _per_day(workshop: Workshop) -> dict[date, int]:
    """Papers submitted per day, in the workshop's deadline zone (one query)."""
    zone = ZoneInfo(workshop.deadline_timezone)
    rows = (
        Submission.objects.filter(workshop=workshop, submitted_at__isnull=False)
        .annotate(day=TruncDate("submitted_at", tzinfo=zone))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    return {row["day"]: row["n"] for row in rows}


def _papers(workshop: Workshop, viewer: User) -> list[dict]:
    """Every paper under review or decided with its confirmed reviewers and submitted
    reviews, and whether it is the viewer's own or conflicted (one query)."""
    confirmed = Q(assignments__state=AssignmentState.CONFIRMED)
    return list(
        Submission.objects.filter(workshop=workshop, status__in=REVIEWABLE)
        .annotate(
            assigned=Count("assignments", filter=confirmed),
            done=Count(
                "assignments",
                filter=confirmed & Q(assignments__review__state=ReviewState.SUBMITTED),
            ),
            authored=authored_by(viewer),
            conflicted=conflicted_with(viewer),
        )
        .order_by("number")
        .values("number", "title", "status", "assigned", "done", "authored", "conflicted")
    )


def review_progress(workshop: Workshop) -> list[User]:
    """The reviewers with confirmed papers, each annotated with how many (`assigned`) and
    how many reviews they submitted (`done`); one query."""
    mine = Q(review_assignments__submission__workshop=workshop) & Q(
        review_assignments__state=AssignmentState.CONFIRMED
    )
    return [
        u
        for u in pool(workshop)
        .annotate(
            assigned=Count("review_assignments", filter=mine),
            done=Count(
                "review_assignments",
                filter=mine & Q(review_assignments__review__state=ReviewState.SUBMITTED),
            ),
        )
        .order_by("name", "email")
        if u.assigned
    ]


def glance(workshop: Workshop, viewer: User, now: datetime) -> Glance:
    """Eight queries, however many papers, reviewers and mails."""
    k = workshop.reviews_per_paper
    papers = _papers(workshop, viewer)
    open_papers = [p for p in papers if not (p["authored"] or p["conflicted"])]
    short = [p for p in open_papers if p["done"] < k and p["status"] not in DECISIONS]
    reviewers = review_progress(workshop)
    late = workshop.review_deadline is not None and now >= workshop.review_deadline
    for reviewer in reviewers:
        reviewer.late = late and reviewer.done < reviewer.assigned
    mails = OutgoingEmail.objects.filter(workshop=workshop).aggregate(
        failed=Count("pk", filter=Q(state=EmailState.FAILED)),
        queued=Count("pk", filter=Q(state__in=(EmailState.QUEUED, EmailState.SENDING))),
    )
    found = Glance(
        workshop=workshop,
        now=now,
        per_day=_per_day(workshop),
        reviewers=reviewers,
        papers=len(papers),
        hidden=len(papers) - len(open_papers),
        short=short[:SHORT_LISTED],
        short_count=len(short),
        unassigned=sum(1 for p in open_papers if p["assigned"] < k),
        proposed=Assignment.objects.filter(
            submission__workshop=workshop, state=AssignmentState.PROPOSED
        ).count(),
        pool_size=pool(workshop).count(),
        decided=sum(1 for p in open_papers if p["status"] in DECISIONS),
        untold_mails=count_decision_mails(workshop=workshop, by=viewer),
        failed_mails=mails["failed"],
        queued_mails=mails["queued"],
    )
    found.actions = next_actions(found)
    return found
