"""A paper's discussion: posting a comment, writing the meta-review. Both forms are on the
paper's page (reviews/views/papers.py), which shows again with the errors if one fails."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workshop import refusals

from ..forms import CommentForm, MetaReviewForm
from ..services.discussion import post_comment, refusal, write_meta_review
from .common import paper_for
from .papers import paper_context


def _back(submission, anchor: str):
    url = reverse("reviews:paper", kwargs={"slug": submission.workshop.slug, "pk": submission.pk})
    return redirect(f"{url}#{anchor}")


def _again(request, submission, **forms):
    context = paper_context(request, submission, **forms)
    return render(request, "reviews/paper.html", context, status=400)


@login_required
@require_POST
def comment(request, slug: str, pk: int):
    submission = paper_for(request, slug, pk)
    reason = refusal(request.user, submission)
    if reason is not None:
        messages.error(request, reason)
        return _back(submission, "discussion")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            post_comment(submission=submission, by=request.user, text=form.cleaned_data["text"])
        except (ValidationError, PermissionDenied) as refused:
            refusals.show_on_form(refused, form)
        else:
            messages.success(
                request, "Your comment is posted; the others get it in their next digest mail."
            )
            return _back(submission, "discussion")
    return _again(request, submission, comment_form=form)


@login_required
@require_POST
def meta_review(request, slug: str, pk: int):
    submission = paper_for(request, slug, pk, perm="reviews.decide_paper")
    form = MetaReviewForm(request.POST)
    if form.is_valid():
        try:
            write_meta_review(
                submission=submission, by=request.user, text=form.cleaned_data["text"]
            )
        except (ValidationError, PermissionDenied) as refused:
            refusals.show_on_form(refused, form)
        else:
            messages.success(request, "The meta-review is saved; it goes out with the decision.")
            return _back(submission, "meta-review")
    return _again(request, submission, meta_form=form)
