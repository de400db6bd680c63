"""Lookups shared by the reviewing pages: a workshop the user reviews in, and a paper the
user may see (anything else is a 404, so a paper's existence is never revealed)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from submissions.models import Submission
from workshop.models import Workshop

from ..services.common import require


def workshop_for_reviewer(request, slug: str) -> Workshop:
    workshop = get_object_or_404(Workshop, slug=slug)
    require(
        request.user, "reviews.review_in", workshop, f"You are not a reviewer of {workshop.name}."
    )
    return workshop


def paper_for(request, slug: str, pk: int, perm: str = "reviews.read_paper") -> Submission:
    submission = get_object_or_404(
        Submission.objects.select_related("workshop"), pk=pk, workshop__slug=slug
    )
    if not request.user.has_perm(perm, submission):
        raise Http404("No such paper.")
    return submission


def query_suffix(request) -> str:
    """The list's search and filter, kept across a bid's redirect."""
    kept = {k: v for k, v in request.GET.items() if k in ("q", "unbid") and v}
    if not kept:
        return ""
    from urllib.parse import urlencode

    return "?" + urlencode(kept)
