"""A paper as its reviewers (and organizers) see it, its PDF, and the review form; and
the released reviews as the paper's authors see them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from submissions.downloads import serve_version
from submissions.services import current_version
from workshop import refusals

from ..enums import AssignmentState, BidPreference, ConflictSource, ReviewState
from ..forms import CommentForm, MetaReviewForm, PickConflictsForm, ReviewForm
from ..models import Assignment, Bid, Conflict
from ..queries import is_released, visible_reviews
from ..services.common import pool, settings_for
from ..services.conflicts import set_picked_conflicts
from ..services.discussion import meta_review_of, refusal, thread
from ..services.expertise import match_reasons
from ..services.reviewing import ensure_review_open, own_review, review_due, save_review
from .common import paper_for


def _labels(workshop):
    review_settings = settings_for(workshop)
    return review_settings.score_labels, review_settings.confidence_labels


@login_required
def paper(request, slug: str, pk: int):
    submission = paper_for(request, slug, pk)
    return render(request, "reviews/paper.html", paper_context(request, submission))


def paper_context(request, submission, **forms) -> dict:
    """What the paper's page shows its reader; `forms` replace the discussion's blank
    forms when one came back with errors."""
    workshop = submission.workshop
    user = request.user
    is_organizer = user.has_perm("reviews.manage_reviewing", workshop)
    assignment = (
        Assignment.objects.filter(
            submission=submission, reviewer=user, state=AssignmentState.CONFIRMED
        )
        .select_related("review")
        .first()
    )
    review = getattr(assignment, "review", None) if assignment else None
    can_bid = user.has_perm("reviews.bid_on_paper", submission)
    bid = (
        Bid.objects.filter(submission=submission, reviewer=user)
        .values_list("preference", flat=True)
        .first()
        if can_bid
        else None
    )
    why = None
    if assignment is not None or can_bid:
        why = match_reasons(user, workshop, [submission])[submission.pk]
    return {
        "workshop": workshop,
        "submission": submission,
        "why": why,
        "due": review_due(workshop, submitted=bool(review and review.is_submitted))
        if assignment is not None
        else None,
        "topics": list(submission.topics.all()),
        "authors": list(submission.authors.all())
        if user.has_perm("reviews.see_authors", submission)
        else None,
        "has_pdf": current_version(submission) is not None,
        "assignment": assignment,
        "review": review,
        "reviews": visible_reviews(user, submission, labels=_labels(workshop)),
        "others_hidden": assignment is not None
        and not (review and review.state == ReviewState.SUBMITTED),
        "can_bid": can_bid,
        "bid": bid,
        "preferences": BidPreference.choices,
        "is_organizer": is_organizer,
        **discussion_context(user, submission, **forms),
    }


def discussion_context(user, submission, *, comment_form=None, meta_form=None) -> dict:
    """The paper's discussion on its page: the thread and its form for the participants,
    why it is closed for a reviewer who has not submitted yet, and the meta-review."""
    participant = user.has_perm("reviews.discuss_paper", submission)
    involved = participant or user.has_perm("reviews.write_review", submission)
    meta_review = meta_review_of(submission) if participant else None
    can_write_meta = user.has_perm("reviews.decide_paper", submission) and not is_released(
        submission
    )
    return {
        "discussion": thread(user, submission) if participant else [],
        "discussion_refusal": refusal(user, submission) if involved and not participant else None,
        "can_discuss": participant,
        "comment_form": comment_form or CommentForm(),
        "meta_review": meta_review,
        "meta_form": meta_form
        or (MetaReviewForm(initial={"text": meta_review.text if meta_review else ""})),
        "can_write_meta_review": can_write_meta,
    }


@login_required
def paper_pdf(request, slug: str, pk: int):
    """The current submitted PDF, served by the submissions app's helper once this app has
    decided the reader may have it. The stored copy has identifying metadata stripped under
    blind review, and its download name carries only the paper's number."""
    submission = paper_for(request, slug, pk)
    version = current_version(submission)
    if version is None:
        raise Http404("This paper has no PDF.")
    return serve_version(version)


@login_required
@require_http_methods(["GET", "POST"])
def review(request, slug: str, pk: int):
    submission = paper_for(request, slug, pk, perm="reviews.write_review")
    workshop = submission.workshop
    review_settings = settings_for(workshop)
    existing = own_review(submission=submission, user=request.user)
    closed = None
    try:
        ensure_review_open(submission)
    except ValidationError as exc:
        closed = exc.messages[0]
    if request.method == "POST":
        form = ReviewForm(request.POST, review_settings=review_settings)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                saved = save_review(
                    submission=submission,
                    by=request.user,
                    data=form.data_for_service(),
                    submit=submit,
                )
            except ValidationError as refused:
                refusals.show_on_form(refused, form)
            else:
                if saved.state == ReviewState.SUBMITTED:
                    messages.success(
                        request,
                        "Your review is submitted. You can edit it until the review deadline.",
                    )
                    return redirect("reviews:paper", slug=slug, pk=pk)
                messages.success(request, "Your draft is saved; it is not submitted yet.")
                return redirect("reviews:review", slug=slug, pk=pk)
    else:
        initial = {}
        if existing is not None:
            initial = {
                name: getattr(existing, name)
                for name in (
                    "score",
                    "confidence",
                    "summary",
                    "strengths",
                    "weaknesses",
                    "comments_to_authors",
                    "confidential_comments",
                )
            }
        form = ReviewForm(initial=initial, review_settings=review_settings)
    return render(
        request,
        "reviews/review_form.html",
        {
            "workshop": workshop,
            "submission": submission,
            "form": form,
            "review": existing,
            "closed": closed,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def author_reviews(request, slug: str, pk: int):
    """The paper's reviews as its authors see them: comments to authors, once the decision
    has been sent, signed "Reviewer N"."""
    submission = paper_for(request, slug, pk, perm="reviews.read_released_reviews")
    released = is_released(submission)
    return render(
        request,
        "reviews/author_reviews.html",
        {
            "workshop": submission.workshop,
            "submission": submission,
            "released": released,
            "meta_review": meta_review_of(submission) if released else None,
            "reviews": visible_reviews(
                request.user, submission, labels=_labels(submission.workshop)
            )
            if released
            else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pick_conflicts(request, slug: str, pk: int):
    """The authors tick the members of the reviewer pool they are in conflict with."""
    submission = paper_for(request, slug, pk, perm="reviews.read_released_reviews")
    members = pool(submission.workshop).order_by("name", "email")
    picked = Conflict.objects.filter(submission=submission, source=ConflictSource.AUTHOR_PICKED)
    form = PickConflictsForm(
        request.POST if request.method == "POST" else None,
        pool=members,
        initial={"reviewers": list(picked.values_list("reviewer_id", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = set_picked_conflicts(
                submission=submission, by=request.user, reviewers=form.cleaned_data["reviewers"]
            )
        except (ValidationError, PermissionDenied) as refused:
            refusals.show_on_form(refused, form)
        else:
            messages.success(request, f"Saved: {count} reviewer(s) marked as in conflict.")
            return redirect("reviews:pick_conflicts", slug=slug, pk=pk)
    return render(
        request,
        "reviews/pick_conflicts.html",
        {"workshop": submission.workshop, "submission": submission, "form": form},
        status=400 if request.method == "POST" else 200,
    )
