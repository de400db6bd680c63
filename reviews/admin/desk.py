"""The reviewing desk of one workshop in the admin: the assignment proposal (affinity and
automatic assignment as Celery jobs with progress, manual edits, confirming), the
decisions dashboard with its charts and decision mails, and inviting reviewers.

Every view checks that the organizer runs the workshop (404 otherwise) and every change
goes through a service; the pages work without JavaScript (a running job refreshes the
page every two seconds)."""

from collections import Counter
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from submissions.enums import DECISIONS, SubmissionStatus
from submissions.models import Submission
from workshop import refusals
from workshop.models import Workshop
from workshop.rules import organized_workshops

from ..assignment_desk import ORDERS as DESK_ORDERS
from ..assignment_desk import DeskFilters, assignment_desk
from ..enums import FINISHED_JOB_STATES, JobKind
from ..forms import ProposalForm
from ..models import Assignment
from ..queries import furthest_behind
from ..services import assignment as assignment_services
from ..services import decisions as decision_services
from ..services import pool as pool_services
from ..services.common import pool, settings_for
from ..services.jobs import latest_jobs, start_job
from . import charts


def urls(model_admin) -> list:
    wrap = model_admin.admin_site.admin_view
    return [
        path(
            "<int:workshop_id>/assignment/",
            wrap(assignment_view),
            name="reviews_desk_assignment",
        ),
        path(
            "<int:workshop_id>/decisions/",
            wrap(decisions_view),
            name="reviews_desk_decisions",
        ),
        path(
            "<int:workshop_id>/decisions/mails/",
            wrap(decision_mails_view),
            name="reviews_desk_decision_mails",
        ),
        path("<int:workshop_id>/invite/", wrap(invite_view), name="reviews_desk_invite"),
    ]


def _workshop(request, workshop_id: int) -> Workshop:
    workshop = get_object_or_404(organized_workshops(request.user), pk=workshop_id)
    if not request.user.has_perm("reviews.manage_reviewing", workshop):
        raise Http404("No such workshop.")
    return workshop


def _context(request, workshop: Workshop, title: str) -> dict:
    from django.contrib import admin

    return {
        **admin.site.each_context(request),
        "title": title,
        "workshop": workshop,
        "opts": Workshop._meta,
    }


def _error(request, exc) -> None:
    for text in refusals.sentences(exc):
        messages.error(request, text)


# --- Assignment -----------------------------------------------------------------------------


def _assignment_post(request, workshop: Workshop):
    action = request.POST.get("action")
    user = request.user
    try:
        if action == "affinity":
            start_job(workshop=workshop, kind=JobKind.AFFINITY, by=user)
            messages.info(request, f"“{JobKind.AFFINITY.label}” started.")
        elif action == "assign":
            form = ProposalForm(request.POST)
            if not form.is_valid():
                for field, errors in form.errors.items():
                    for error in errors:
                        messages.error(request, f"{form.fields[field].label}: {error}")
            else:
                start_job(
                    workshop=workshop, kind=JobKind.ASSIGNMENT, by=user, options=form.cleaned_data
                )
                messages.info(request, f"“{JobKind.ASSIGNMENT.label}” started.")
        elif action == "add":
            submission = get_object_or_404(
                Submission, workshop=workshop, number=_int(request.POST.get("number"))
            )
            reviewer = _pool_member(workshop, request.POST.get("reviewer", ""))
            assignment_services.add_assignment(submission=submission, reviewer=reviewer, by=user)
            messages.success(request, f"{reviewer} proposed for paper #{submission.number}.")
        elif action == "remove":
            assignment = get_object_or_404(
                Assignment.objects.select_related("submission"),
                pk=_int(request.POST.get("assignment")),
                submission__workshop=workshop,
            )
            assignment_services.remove_assignment(assignment=assignment, by=user)
            messages.success(request, "Assignment removed.")
        elif action == "confirm":
            result = assignment_services.confirm_assignment(workshop=workshop, by=user)
            messages.success(
                request,
                f"{result.confirmed} assignments confirmed; {result.reviewers_mailed} "
                "reviewers get one email each with their papers.",
            )
        else:
            messages.error(request, "Unknown action.")
    except (ValidationError, PermissionDenied) as exc:
        _error(request, exc)
    return redirect("admin:reviews_desk_assignment", workshop_id=workshop.pk)


def _pool_member(workshop: Workshop, given: str):
    """The reviewer named by their id or email address (the pool is too big for a list)."""
    given = given.strip()
    if "@" in given:
        return get_object_or_404(pool(workshop), email__iexact=given)
    return get_object_or_404(pool(workshop), pk=_int(given))


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such row.") from None


def assignment_view(request, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    if request.method == "POST":
        return _assignment_post(request, workshop)
    filters = DeskFilters.of(request.GET)
    desk = assignment_desk(workshop, filters)
    jobs = latest_jobs(workshop)
    running = any(j is not None and j.state not in FINISHED_JOB_STATES for j in jobs.values())
    context = {
        **_context(request, workshop, f"Assignment — {workshop.name}"),
        "desk": desk,
        "page": desk.page,
        "page_links": list(
            desk.page.paginator.get_elided_page_range(desk.page.number, on_each_side=2, on_ends=1)
        ),
        "rows": desk.rows,
        "reviewers": desk.reviewers,
        "totals": desk.totals,
        "filters": filters,
        "orders": [(key, label) for key, (label, _) in DESK_ORDERS.items()],
        "list_query": urlencode(
            [("q", filters.search)] * bool(filters.search)
            + [("o", filters.order)] * (filters.order != "number")
        ),
        "k": workshop.reviews_per_paper,
        "affinity_job": jobs[JobKind.AFFINITY],
        "assignment_job": jobs[JobKind.ASSIGNMENT],
        "running": running,
        "proposed": desk.proposed,
        "confirmed": desk.confirmed,
        "short_papers": desk.short_papers,
        "has_affinity": desk.has_affinity,
        # the last run's choices, so running it again means the same thing
        "proposal_form": ProposalForm(
            initial=jobs[JobKind.ASSIGNMENT].options if jobs[JobKind.ASSIGNMENT] else None
        ),
    }
    return TemplateResponse(request, "reviews/admin/assignment.html", context)


# --- Decisions ------------------------------------------------------------------------------

SORTS = {
    "number": lambda r: r.submission.number,
    "mean": lambda r: (r.mean is None, -(r.mean or 0), r.submission.number),
    "weighted": lambda r: (r.weighted_mean is None, -(r.weighted_mean or 0), r.submission.number),
    "spread": lambda r: (r.spread is None, -(r.spread or 0), r.submission.number),
    "reviews": lambda r: (r.done, r.submission.number),
    "decision": lambda r: (r.submission.status, r.submission.number),
}
DECISIONS_PER_PAGE = 50
PROGRESS_SHOWN = 40
OUTCOMES = [
    (SubmissionStatus.SUBMITTED.value, "Undecided"),
    *[(d.value, d.label) for d in DECISIONS],
]


def decisions_view(request, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    if request.method == "POST":
        submission = get_object_or_404(
            Submission, workshop=workshop, pk=_int(request.POST.get("submission"))
        )
        try:
            decision_services.decide(
                submission=submission, outcome=request.POST.get("outcome", ""), by=request.user
            )
            messages.success(
                request, f"Paper #{submission.number}: {submission.get_status_display()}."
            )
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        sort = request.POST.get("o", "")
        back = [("o", sort)] * (sort in SORTS) + [("page", request.POST.get("page", "")[:6])]
        return redirect(f"{request.path}?{urlencode(back)}#paper-{submission.pk}")
    sort = request.GET.get("o", "mean")
    sort = sort if sort in SORTS else "mean"
    rows = sorted(decision_services.paper_scores(workshop, viewer=request.user), key=SORTS[sort])
    # Every paper counts in the charts and totals; the table shows one page of them.
    page = Paginator(rows, DECISIONS_PER_PAGE).get_page(request.GET.get("page", "")[:6] or 1)
    review_settings = settings_for(workshop)
    scores = Counter(s for r in rows for s in r.scores)
    histogram = charts.histogram(
        {score: scores.get(score, 0) for score in range(1, review_settings.max_score + 1)}
    )
    # The reviewers furthest behind: ten thousand bars would be a page no one reads.
    behind, with_papers = furthest_behind(workshop, PROGRESS_SHOWN)
    progress = charts.progress_rows([(r["label"], r["done"], r["assigned"]) for r in behind])
    pending = decision_services.count_decision_mails(workshop=workshop, by=request.user)
    context = {
        **_context(request, workshop, f"Decisions — {workshop.name}"),
        "rows": page.object_list,
        "page": page,
        "page_links": list(page.paginator.get_elided_page_range(page.number, on_ends=1)),
        "paper_count": len(rows),
        "reviewers_with_papers": with_papers,
        "progress_shown": len(behind),
        "sort": sort,
        "outcomes": OUTCOMES,
        "histogram": histogram,
        "score_labels": review_settings.score_labels,
        "progress": progress,
        "total_reviews": sum(scores.values()),
        "pending_mails": pending,
        "decided": sum(1 for r in rows if r.submission.status in DECISIONS),
    }
    return TemplateResponse(request, "reviews/admin/decisions.html", context)


def decision_mails_view(request, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    if request.method == "POST":
        try:
            count = decision_services.send_decision_mails(
                workshop=workshop, by=request.user, expected=_int(request.POST.get("expected"))
            )
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
            return redirect("admin:reviews_desk_decision_mails", workshop_id=workshop.pk)
        messages.success(request, f"{count} decision mails queued in the outbox.")
        return redirect("admin:reviews_desk_decisions", workshop_id=workshop.pk)
    mails = decision_services.draft_decision_mails(workshop=workshop, by=request.user)
    context = {
        **_context(request, workshop, f"Decision mails — {workshop.name}"),
        "mails": mails,
    }
    return TemplateResponse(request, "reviews/admin/decision_mails.html", context)


# --- Invitations ----------------------------------------------------------------------------


def invite_view(request, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    text, errors = "", []
    if request.method == "POST":
        text = request.POST.get("people", "")
        invitees, errors = pool_services.parse_invitees(text)
        if not errors:
            try:
                result = pool_services.invite_reviewers(
                    workshop=workshop, by=request.user, invitees=invitees
                )
            except (ValidationError, PermissionDenied) as exc:
                errors = refusals.sentences(exc)
            else:
                messages.success(request, f"{len(result.invited)} invitation(s) sent.")
                if result.already_in_pool:
                    messages.info(
                        request, "Already reviewers: " + ", ".join(result.already_in_pool) + "."
                    )
                if result.already_accepted:
                    messages.info(
                        request, "Already accepted: " + ", ".join(result.already_accepted) + "."
                    )
                return redirect("admin:reviews_desk_invite", workshop_id=workshop.pk)
    context = {
        **_context(request, workshop, f"Invite reviewers — {workshop.name}"),
        "text": text,
        "errors": errors,
        "invitations": workshop.invitations.order_by("-invited_at")[:200],
        "pool_size": pool(workshop).count(),
    }
    return TemplateResponse(
        request, "reviews/admin/invite.html", context, status=400 if errors else 200
    )
