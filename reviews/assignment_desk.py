"""What the assignment desk reads, one page of papers at a time: at 15,000 papers the page
stays as fast as at 10. The totals are counted in the database; the papers are searched
(title, number, a reviewer's name or address), sorted and paginated there; only the
page's assignments and the loads of the reviewers on it are fetched."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from people.models import User
from submissions.models import Submission
from workshop.models import Workshop

from .enums import EFFECTIVE_CONFLICT, REVIEWABLE, AssignmentState
from .models import Affinity, Assignment, Bid, Conflict, ReviewerProfile
from .services.common import pool

PER_PAGE = 50
# Sorts an organizer may pick: the key, its label, the ordering in the database.
ORDERS = {
    "number": ("paper number", ("number",)),
    "short": ("fewest reviewers first", ("assigned", "number")),
    "title": ("title", ("title", "number")),
    "recent": ("newest first", ("-number",)),
}


@dataclass(frozen=True)
class DeskFilters:
    search: str = ""
    order: str = "number"
    page: str = ""

    @classmethod
    def of(cls, query) -> "DeskFilters":
        order = query.get("o", "number")
        return cls(
            search=" ".join(query.get("q", "")[:200].split()),
            order=order if order in ORDERS else "number",
            page=query.get("page", "")[:6],
        )


@dataclass(frozen=True)
class AssignmentDesk:
    """One page of papers with their assignments and how many each still lacks, the loads
    of the reviewers on that page, and the workshop's totals."""

    page: Page
    rows: list[dict]  # {"paper", "assignments", "short"}
    reviewers: list[User]  # those on this page; annotated proposed, confirmed, load
    totals: dict = field(default_factory=dict)  # papers, pool, proposed, confirmed, short
    has_affinity: bool = False

    @property
    def proposed(self) -> int:
        return self.totals["proposed"]

    @property
    def confirmed(self) -> int:
        return self.totals["confirmed"]

    @property
    def short_papers(self) -> int:
        return self.totals["short"]


def _papers(workshop: Workshop):
    """The reviewable papers with their number of assignments: a correlated count, which
    the database computes only for the rows it returns when sorting by number or title
    (a GROUP BY over the join would count every paper's first)."""
    assigned = (
        Assignment.objects.filter(submission=OuterRef("pk"))
        .order_by()
        .values("submission")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Submission.objects.filter(workshop=workshop, status__in=REVIEWABLE).annotate(
        assigned=Coalesce(Subquery(assigned, output_field=IntegerField()), Value(0))
    )


def _searched(workshop: Workshop, papers, search: str):
    if not search:
        return papers
    number = search.lstrip("#")
    # The matching reviewers' papers as one set (a hashed semi-join), not a probe per paper.
    reviewers = User.objects.filter(Q(name__icontains=search) | Q(email__icontains=search))
    by_reviewer = Assignment.objects.filter(
        submission__workshop=workshop, reviewer__in=reviewers
    ).values("submission_id")
    match = Q(title__icontains=search) | Q(pk__in=by_reviewer)
    if number.isdigit():
        match |= Q(number=int(number))
    return papers.filter(match)


def totals(workshop: Workshop) -> dict:
    """The workshop's counts in four queries, however many papers."""
    states = Assignment.objects.filter(submission__workshop=workshop).aggregate(
        proposed=Count("pk", filter=Q(state=AssignmentState.PROPOSED)),
        confirmed=Count("pk", filter=Q(state=AssignmentState.CONFIRMED)),
    )
    papers = Submission.objects.filter(workshop=workshop, status__in=REVIEWABLE).count()
    return {
        **states,
        "papers": papers,
        "short": papers - _full(workshop),
        "pool": pool(workshop).count(),
    }


def _full(workshop: Workshop) -> int:
    """How many reviewable papers have all their reviewers: one pass over the assignments
    (a count per paper would probe the assignments once for each of 15,000 papers)."""
    return (
        Assignment.objects.filter(submission__workshop=workshop, submission__status__in=REVIEWABLE)
        .order_by()
        .values("submission")
        .annotate(n=Count("pk"))
        .filter(n__gte=workshop.reviews_per_paper)
        .count()
    )


def assignment_desk(workshop: Workshop, filters: DeskFilters | None = None) -> AssignmentDesk:
    """A constant number of queries, however many papers and reviewers: the totals (four),
    the page's count and papers (two), their assignments with each one's affinity, bid and
    conflict (one), the loads of the reviewers on the page (one), and whether affinity was
    computed (one)."""
    filters = filters or DeskFilters()
    papers = _searched(workshop, _papers(workshop), filters.search)
    papers = papers.order_by(*ORDERS[filters.order][1])
    page = Paginator(papers, PER_PAGE).get_page(filters.page or 1)
    on_page = list(page.object_list)
    pair = {"submission": OuterRef("submission_id"), "reviewer": OuterRef("reviewer_id")}
    assignments = (
        Assignment.objects.filter(submission__in=[p.pk for p in on_page])
        .select_related("reviewer", "review")
        .annotate(
            affinity=Subquery(Affinity.objects.filter(**pair).values("score")[:1]),
            bid=Subquery(Bid.objects.filter(**pair).values("preference")[:1]),
            conflicted=Exists(Conflict.objects.filter(status__in=EFFECTIVE_CONFLICT, **pair)),
        )
        .order_by("number", "id")
    )
    by_paper = defaultdict(list)
    for assignment in assignments:
        by_paper[assignment.submission_id].append(assignment)
    k = workshop.reviews_per_paper
    rows = [
        {"paper": p, "assignments": by_paper[p.pk], "short": k - len(by_paper[p.pk])}
        for p in on_page
    ]
    reviewer_ids = {a.reviewer_id for row in rows for a in row["assignments"]}
    return AssignmentDesk(
        page=page,
        rows=rows,
        reviewers=reviewer_loads(workshop, reviewer_ids),
        totals=totals(workshop),
        has_affinity=Affinity.objects.filter(submission__workshop=workshop).exists(),
    )


def reviewer_loads(workshop: Workshop, reviewer_ids=None) -> list[User]:
    """Reviewers of the pool (those in `reviewer_ids` if given) with their proposed and
    confirmed papers and the most they take (`load`); one query."""

    def assignments_in(state: str):
        # Correlated counts: the index on (reviewer, state) answers each in a probe.
        counted = (
            Assignment.objects.filter(
                reviewer=OuterRef("pk"), state=state, submission__workshop=workshop
            )
            .order_by()
            .values("reviewer")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

    reviewers = pool(workshop)
    if reviewer_ids is not None:
        reviewers = reviewers.filter(pk__in=sorted(reviewer_ids))
    reviewers = list(
        reviewers.annotate(
            proposed=assignments_in(AssignmentState.PROPOSED),
            confirmed=assignments_in(AssignmentState.CONFIRMED),
            load=Coalesce(
                Subquery(
                    ReviewerProfile.objects.filter(user=OuterRef("pk"), workshop=workshop)
                    .order_by()
                    .values("max_load")[:1],
                    output_field=IntegerField(),
                ),
                Value(workshop.reviewer_load),
            ),
        ).order_by("name", "email")
    )
    return reviewers
